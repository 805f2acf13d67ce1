package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/segmentio/kafka-go"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

var (
	_ TopicLister    = (*Cluster)(nil)
	_ TopicDescriber = (*Cluster)(nil)
	_ TopicAdmin     = (*Cluster)(nil)
)

// ErrTopicNotFound is wrapped by errors about a topic the cluster does not
// have, so that callers can tell that case from a failure (errors.Is).
var ErrTopicNotFound = errors.New("topic does not exist")

// ErrTopicExists is wrapped by CreateTopic's error when the name is taken.
var ErrTopicExists = errors.New("topic already exists")

// ListTopics returns every topic the cluster shows this client, sorted by
// name. It costs one metadata request (sent to a broker, not read from
// kafka-go's cache, so a topic created or deleted a moment ago is counted
// right) and two ListOffsets requests per leader broker and per 10,000
// partitions. Partitions whose watermarks cannot be read (no leader, or an
// error from it) add nothing to Messages.
func (c *Cluster) ListTopics(ctx context.Context) ([]TopicSummary, error) {
	md, err := c.freshMetadata(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	marks, err := c.leaderWatermarks(ctx, md)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	return topicSummaries(md, marks), nil
}

// topicSummaries turns metadata and watermarks into the topic list.
func topicSummaries(md *meta.Response, marks map[TopicPartition]Watermarks) []TopicSummary {
	out := make([]TopicSummary, 0, len(md.Topics))
	for _, t := range md.Topics {
		s := TopicSummary{Name: t.Name, Partitions: len(t.Partitions), Internal: t.IsInternal}
		if len(t.Partitions) > 0 {
			// Like kafka-topics.sh: the first partition's replica count.
			s.ReplicationFactor = len(t.Partitions[0].ReplicaNodes)
		}
		for _, p := range t.Partitions {
			if p.LeaderID < 0 {
				s.Offline++
			}
			if len(p.IsrNodes) < len(p.ReplicaNodes) {
				s.UnderReplicated++
			}
			if w, ok := marks[TopicPartition{t.Name, p.PartitionIndex}]; ok && w.Err == nil && w.High >= w.Low {
				s.Messages += w.High - w.Low
			}
		}
		out = append(out, s)
	}
	return out
}

// DescribeTopic returns topic partition by partition, sorted by partition,
// with each partition's watermarks. A topic the cluster does not have gives
// an error wrapping ErrTopicNotFound.
func (c *Cluster) DescribeTopic(ctx context.Context, topic string) (TopicDetail, error) {
	what := fmt.Sprintf("describe topic %q", topic)
	t, md, err := c.topicMetadata(ctx, topic)
	if err != nil {
		return TopicDetail{}, fmt.Errorf("%s: %w", what, err)
	}
	marks, err := c.leaderWatermarks(ctx, md)
	if err != nil {
		return TopicDetail{}, fmt.Errorf("%s: %w", what, err)
	}
	return topicDetail(t, marks), nil
}

// topicDetail turns one topic's metadata and watermarks into its detail.
func topicDetail(t meta.ResponseTopic, marks map[TopicPartition]Watermarks) TopicDetail {
	d := TopicDetail{Name: t.Name, Internal: t.IsInternal, Partitions: make([]PartitionInfo, 0, len(t.Partitions))}
	for _, p := range t.Partitions {
		pi := PartitionInfo{
			ID:              p.PartitionIndex,
			Leader:          p.LeaderID,
			Replicas:        nonNil(p.ReplicaNodes),
			ISR:             nonNil(p.IsrNodes),
			OfflineReplicas: nonNil(p.OfflineReplicas),
			LowWatermark:    -1,
			HighWatermark:   -1,
		}
		// REPLICA_NOT_AVAILABLE only repeats what OfflineReplicas shows.
		if p.ErrorCode != 0 && kafka.Error(p.ErrorCode) != kafka.ReplicaNotAvailable {
			pi.Error = brokerCodeError(p.ErrorCode, "").Error()
		}
		if w, ok := marks[TopicPartition{t.Name, p.PartitionIndex}]; ok {
			if w.Err != nil {
				if pi.Error == "" {
					pi.Error = "watermarks: " + w.Err.Error()
				}
			} else {
				pi.LowWatermark, pi.HighWatermark = w.Low, w.High
			}
		}
		d.Partitions = append(d.Partitions, pi)
	}
	return d
}

// topicMetadata fetches fresh metadata for one topic and checks that it
// exists. md holds that topic only.
func (c *Cluster) topicMetadata(ctx context.Context, topic string) (meta.ResponseTopic, *meta.Response, error) {
	if topic == "" {
		return meta.ResponseTopic{}, nil, errors.New("no topic name given")
	}
	md, err := c.freshMetadata(ctx, []string{topic})
	if err != nil {
		return meta.ResponseTopic{}, nil, err
	}
	for _, t := range md.Topics {
		if t.Name != topic {
			continue
		}
		if err := topicCodeError(t.ErrorCode); err != nil {
			return meta.ResponseTopic{}, nil, err
		}
		return t, md, nil
	}
	return meta.ResponseTopic{}, nil, ErrTopicNotFound
}

// topicCodeError maps a topic-level error code, ErrTopicNotFound included.
func topicCodeError(code int16) error {
	switch kafka.Error(code) {
	case 0:
		return nil
	case kafka.UnknownTopicOrPartition:
		return ErrTopicNotFound
	default:
		return brokerCodeError(code, "")
	}
}

// configSourceNames are the names Kafka gives DescribeConfigs sources.
var configSourceNames = map[int8]string{
	0: "UNKNOWN",
	1: "DYNAMIC_TOPIC_CONFIG",
	2: "DYNAMIC_BROKER_CONFIG",
	3: "DYNAMIC_DEFAULT_BROKER_CONFIG",
	4: "STATIC_BROKER_CONFIG",
	5: "DEFAULT_CONFIG",
	6: "DYNAMIC_BROKER_LOGGER_CONFIG",
	7: "CLIENT_METRICS_CONFIG",
	8: "GROUP_CONFIG",
}

// configSourceDefault is DEFAULT_CONFIG: Kafka's built-in value.
const configSourceDefault int8 = 5

// TopicConfigs returns topic's configuration: values set on the topic or
// inherited from broker settings first, then Kafka's defaults, each group
// sorted by name. Sensitive values are never returned (Value is empty).
func (c *Cluster) TopicConfigs(ctx context.Context, topic string) ([]ConfigEntry, error) {
	what := fmt.Sprintf("describe configs of topic %q", topic)
	if topic == "" {
		return nil, fmt.Errorf("%s: no topic name given", what)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	res, err := c.client.DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{
		Resources: []kafka.DescribeConfigRequestResource{{ResourceType: kafka.ResourceTypeTopic, ResourceName: topic}},
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, c.connErr(ctx, err))
	}
	var entries []ConfigEntry
	found := false
	for _, r := range res.Resources {
		if r.ResourceName != topic {
			continue
		}
		found = true
		if r.Error != nil {
			if errors.Is(r.Error, kafka.UnknownTopicOrPartition) {
				return nil, fmt.Errorf("%s: %w", what, ErrTopicNotFound)
			}
			return nil, fmt.Errorf("%s: %w", what, readableKafkaErr(r.Error))
		}
		for _, e := range r.ConfigEntries {
			entries = append(entries, configEntryFrom(e))
		}
	}
	if !found {
		return nil, fmt.Errorf("%s: the broker's answer did not include the topic", what)
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Default != entries[j].Default {
			return !entries[i].Default
		}
		return entries[i].Name < entries[j].Name
	})
	return entries, nil
}

// configEntryFrom converts one DescribeConfigs entry. Default is judged by
// the source (DescribeConfigs v1 and later have no IsDefault field), and a
// sensitive value is dropped even if a broker sent one.
func configEntryFrom(e kafka.DescribeConfigResponseConfigEntry) ConfigEntry {
	source, ok := configSourceNames[e.ConfigSource]
	if !ok {
		source = fmt.Sprintf("SOURCE_%d", e.ConfigSource)
	}
	ce := ConfigEntry{
		Name:      e.ConfigName,
		Value:     e.ConfigValue,
		Default:   e.IsDefault || e.ConfigSource == configSourceDefault,
		ReadOnly:  e.ReadOnly,
		Sensitive: e.IsSensitive,
		Source:    source,
	}
	if ce.Sensitive {
		ce.Value = ""
	}
	return ce
}

// readableKafkaErr rewrites kafka-go's "[3] Unknown Topic Or Partition: the
// request is for..." into the shorter brokerError form, keeping any message
// the broker added.
func readableKafkaErr(err error) error {
	var ke kafka.Error
	if !errors.As(err, &ke) {
		return err
	}
	msg := err.Error()
	prefix := ke.Error() + ": "
	if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		return &brokerError{code: ke, msg: msg[len(prefix):]}
	}
	return &brokerError{code: ke}
}

// nonNil copies ids, giving an empty slice rather than nil so that JSON
// shows [] rather than null.
func nonNil(ids []int32) []int32 {
	out := make([]int32, len(ids))
	copy(out, ids)
	return out
}
