package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/segmentio/kafka-go"
)

var _ Producer = (*Cluster)(nil)

// Produce writes one message and returns the partition and offset it was
// written at (OffsetKnown is false for acks=none, where the broker does not
// answer).
//
// It sends one Produce request on the shared connection, with no batching
// and so no batch timer (kafka-go's Writer waits up to BatchTimeout, 1 s by
// default, before sending a lone message). A message without a partition
// goes where a Java producer would put it: murmur2 of the key modulo the
// partition count, or any available partition for a null key.
func (c *Cluster) Produce(ctx context.Context, msg Message) (ProduceResult, error) {
	if msg.Topic == "" {
		return ProduceResult{}, errors.New("produce: no topic given")
	}
	what := "produce to " + msg.Topic
	acks, err := requiredAcks(msg.Acks)
	if err != nil {
		return ProduceResult{}, fmt.Errorf("%s: %w", what, err)
	}
	codec, err := compressionCodec(msg.Compression)
	if err != nil {
		return ProduceResult{}, fmt.Errorf("%s: %w", what, err)
	}

	client := c.client
	parts, err := producePartitions(ctx, client, msg.Topic)
	if errors.Is(err, kafka.UnknownTopicOrPartition) || (err == nil && int(msg.Partition) >= len(parts)) {
		// The shared Transport caches metadata for MetadataTTL, so a
		// topic or partitions created by another client may not be
		// known yet. Ask the cluster before saying they do not exist.
		fresh, release := c.freshMetadataClient(msg.Topic)
		defer release()
		client = fresh
		parts, err = producePartitions(ctx, client, msg.Topic)
	}
	if err != nil {
		if errors.Is(err, kafka.UnknownTopicOrPartition) {
			return ProduceResult{}, fmt.Errorf("produce to %q: %w", msg.Topic, &explainedErr{msg: "topic does not exist", cause: err})
		}
		// The first request: explain a connection, TLS or SASL failure.
		return ProduceResult{}, fmt.Errorf("%s: %w", what, c.connErr(ctx, produceError(err)))
	}
	partition, err := choosePartition(msg, parts)
	if err != nil {
		return ProduceResult{}, fmt.Errorf("%s: %w", what, err)
	}
	what = fmt.Sprintf("produce to %s/%d", msg.Topic, partition)

	send := func(client *kafka.Client) (*kafka.ProduceResponse, error) {
		resp, err := client.Produce(ctx, &kafka.ProduceRequest{
			Topic:        msg.Topic,
			Partition:    int(partition),
			RequiredAcks: acks,
			Compression:  codec,
			Records:      kafka.NewRecordReader(produceRecord(msg)),
		})
		if err == nil && resp != nil {
			err = resp.Error
		}
		return resp, err
	}
	resp, err := send(client)
	// The partition's leader moved since the metadata was read, or a new
	// leader is not serving yet (common just after a topic is created).
	// These errors mean nothing was written, so sending again cannot
	// duplicate the message; like a Java producer, retry with backoff,
	// here for at most about 1.5 s, each time with fresh metadata.
	for backoff := 50 * time.Millisecond; err != nil && leaderMoved(err) && backoff <= 800*time.Millisecond; backoff *= 2 {
		if !waitBackoff(ctx, backoff) {
			break
		}
		fresh, release := c.freshMetadataClient(msg.Topic)
		resp, err = send(fresh)
		release()
	}
	if err != nil {
		if errors.Is(err, kafka.MessageSizeTooLarge) || errors.Is(err, kafka.RecordListTooLarge) {
			return ProduceResult{}, fmt.Errorf("%s: %w", what, c.tooLargeError(ctx, msg, err))
		}
		return ProduceResult{}, fmt.Errorf("%s: %w", what, produceError(err))
	}
	if acks == kafka.RequireNone || resp == nil {
		return ProduceResult{Partition: partition, Offset: -1}, nil
	}
	return ProduceResult{Partition: partition, Offset: resp.BaseOffset, OffsetKnown: true}, nil
}

// waitBackoff waits for d, or less if ctx ends first; it reports whether the
// full wait happened.
func waitBackoff(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// producePartitions returns the partitions of topic from client's metadata.
func producePartitions(ctx context.Context, client *kafka.Client, topic string) ([]kafka.Partition, error) {
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("read metadata: %w", unwrapKafkaGo(err))
	}
	for _, t := range md.Topics {
		if t.Name != topic {
			continue
		}
		if t.Error != nil {
			return nil, t.Error
		}
		if len(t.Partitions) == 0 {
			return nil, kafka.UnknownTopicOrPartition
		}
		return t.Partitions, nil
	}
	return nil, kafka.UnknownTopicOrPartition
}

// choosePartition returns the partition msg goes to: the one it names,
// checked, or the one a Java producer would pick.
func choosePartition(msg Message, parts []kafka.Partition) (int32, error) {
	n := len(parts)
	if msg.Partition >= 0 {
		if int(msg.Partition) >= n {
			return 0, fmt.Errorf("partition %d does not exist (topic has %s)", msg.Partition, partitionsPhrase(n))
		}
		return msg.Partition, nil
	}
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	if msg.Key != nil {
		// Java hashes keyed records over all partitions, available or
		// not, so that a key always maps to the same partition.
		return int32(kafka.Murmur2Balancer{}.Balance(kafka.Message{Key: msg.Key}, ids...)), nil
	}
	// A null key may go anywhere; prefer partitions that have a leader.
	var up []int
	for _, p := range parts {
		if p.Error == nil {
			up = append(up, p.ID)
		}
	}
	if len(up) == 0 {
		up = ids
	}
	return int32(up[rand.IntN(len(up))]), nil
}

// partitionsPhrase says how many partitions a topic has and their ids.
func partitionsPhrase(n int) string {
	if n == 1 {
		return "1 partition: 0"
	}
	return fmt.Sprintf("%d partitions: 0-%d", n, n-1)
}

// produceRecord keeps the distinction between a null and an empty key, value or
// header value: kafka.NewBytes(nil) encodes as null, an empty slice as "".
func produceRecord(msg Message) kafka.Record {
	rec := kafka.Record{Key: kafka.NewBytes(msg.Key), Value: kafka.NewBytes(msg.Value)}
	if len(msg.Headers) > 0 {
		rec.Headers = make([]kafka.Header, len(msg.Headers))
		for i, h := range msg.Headers {
			rec.Headers[i] = kafka.Header{Key: h.Key, Value: h.Value}
		}
	}
	return rec
}

func requiredAcks(a Acks) (kafka.RequiredAcks, error) {
	switch a {
	case AcksAll:
		return kafka.RequireAll, nil
	case AcksLeader:
		return kafka.RequireOne, nil
	case AcksNone:
		return kafka.RequireNone, nil
	}
	return 0, fmt.Errorf("acks %d not supported (want -1/all, 1 or 0)", a)
}

func compressionCodec(c Compression) (kafka.Compression, error) {
	switch c {
	case CompressionNone, "none":
		return 0, nil
	case CompressionGzip:
		return kafka.Gzip, nil
	case CompressionSnappy:
		return kafka.Snappy, nil
	case CompressionLZ4:
		return kafka.Lz4, nil
	case CompressionZstd:
		return kafka.Zstd, nil
	}
	return 0, fmt.Errorf("compression %q not supported (want none, gzip, snappy, lz4 or zstd)", string(c))
}

// leaderMoved reports errors that mean the request reached a broker that no
// longer leads the partition, so nothing was written.
func leaderMoved(err error) bool {
	return errors.Is(err, kafka.NotLeaderForPartition) || errors.Is(err, kafka.LeaderNotAvailable) ||
		errors.Is(err, kafka.UnknownTopicOrPartition) || errors.Is(err, kafka.FencedLeaderEpoch)
}

// produceError puts the produce errors a user meets in plain words.
func produceError(err error) error {
	var msg string
	switch {
	case errors.Is(err, kafka.UnknownTopicOrPartition):
		msg = "topic or partition does not exist"
	case errors.Is(err, kafka.NotEnoughReplicas), errors.Is(err, kafka.NotEnoughReplicasAfterAppend):
		msg = "not enough in-sync replicas for acks=all (fewer than the topic's min.insync.replicas)"
	case errors.Is(err, kafka.TopicAuthorizationFailed):
		msg = "not authorized to write to the topic"
	case errors.Is(err, kafka.ClusterAuthorizationFailed):
		msg = "not authorized by the cluster"
	default:
		return unwrapKafkaGo(err)
	}
	return &explainedErr{msg: msg, cause: err}
}

// tooLargeError says how big the message was and, when the topic's config
// can be read, what the limit is.
func (c *Cluster) tooLargeError(ctx context.Context, msg Message, err error) error {
	size := len(msg.Key) + len(msg.Value)
	for _, h := range msg.Headers {
		size += len(h.Key) + len(h.Value)
	}
	text := fmt.Sprintf("message too large: %d bytes of key, value and headers", size)
	if limit, ok := c.topicConfigValue(ctx, msg.Topic, "max.message.bytes"); ok {
		text += fmt.Sprintf("; the topic accepts at most %s bytes per record batch, overhead included (max.message.bytes)", limit)
	}
	return &explainedErr{msg: text, cause: err}
}

// topicConfigValue reads one topic config, best effort: it only adds detail
// to an error message.
func (c *Cluster) topicConfigValue(ctx context.Context, topic, name string) (string, bool) {
	resp, err := c.client.DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{
		Resources: []kafka.DescribeConfigRequestResource{{
			ResourceType: kafka.ResourceTypeTopic,
			ResourceName: topic,
			ConfigNames:  []string{name},
		}},
	})
	if err != nil {
		return "", false
	}
	for _, r := range resp.Resources {
		if r.Error != nil {
			continue
		}
		for _, e := range r.ConfigEntries {
			if e.ConfigName == name {
				return e.ConfigValue, true
			}
		}
	}
	return "", false
}

// freshMetadataClient returns a client on a Transport of its own whose
// metadata is read now and only for topics, with a release func that closes
// it. The shared Transport serves every metadata request from a cache that is
// refreshed every MetadataTTL; a Metadata request that bypasses it needs
// AllowAutoTopicCreation, which could create a mistyped topic on clusters
// that auto-create. Costs one connection, so it is for cache misses only.
func (c *Cluster) freshMetadataClient(topics ...string) (*kafka.Client, func()) {
	tr := c.scopedTransport(topics, c.transport.MetadataTTL)
	return &kafka.Client{Addr: c.client.Addr, Timeout: c.client.Timeout, Transport: readRetry{tr}}, tr.CloseIdleConnections
}
