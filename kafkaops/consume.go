package kafkaops

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/kafkatui/kafkatui/internal/numfmt"
)

var _ Consumer = (*Cluster)(nil)

const (
	// DefaultConsumeBuffer is the capacity of Stream.Records when
	// ConsumeRequest.Buffer is zero: enough to keep a fast reader busy while
	// the consumer formats a batch, small enough to bound memory.
	DefaultConsumeBuffer = 4096
	// DefaultBatchBuffer is the capacity of Stream.Batches when
	// ConsumeRequest.Buffer is zero. A batch is one fetch response (at most
	// fetchMaxBytes of records), so this bounds the memory in the channel
	// to a few MiB.
	DefaultBatchBuffer = 4

	// streamMetadataTTL bounds how long a stream keeps fetching from a
	// partition's old leader after a leader change: kafka-go refreshes its
	// metadata at a random point within the TTL, and has no way to ask for a
	// refresh. A stream's Transport asks only for its own topic, so a
	// refresh every second on average costs the brokers little, and a tail
	// recovers from a leader change in a second or two. (kafka-go also gives
	// each metadata request the TTL as its deadline; see consumePartitions.)
	streamMetadataTTL = 2 * time.Second
)

// Consume opens a stream of req.Topic, starting every partition read at
// req.Start. It checks the topic and partitions and resolves each partition's
// start offset before returning, so errors such as a missing partition come
// back here rather than on the stream; Stream.Starts says where each
// partition starts and why, when a start was adjusted.
//
// The stream has a Transport of its own: its metadata is read when the
// stream opens (kafka-go's shared Transport answers metadata from a cache
// that can be seconds old, missing a topic just created), its long-polling
// fetches never hold connections the rest of the program is waiting for, and
// closing it frees everything the stream used.
func (c *Cluster) Consume(ctx context.Context, req ConsumeRequest) (*Stream, error) {
	if req.Topic == "" {
		return nil, errors.New("consume: no topic given")
	}
	sc, release := c.streamCluster(req.Topic)
	starts, err := sc.resolveStarts(ctx, req)
	if err != nil {
		release()
		return nil, fmt.Errorf("consume %s: %w", req.Topic, err)
	}
	return sc.openStream(ctx, req, starts, release), nil
}

// openStream starts reading req.Topic at starts, already resolved; release
// is called once the stream has ended. Consume uses it, and so does the
// look-back of "-N" (consume_fromend.go), whose reads over a window of
// offsets are streams with StopAtEnd whose LogEnd is the window's end.
func (sc *Cluster) openStream(ctx context.Context, req ConsumeRequest, starts []PartitionStart, release func()) *Stream {
	s := &Stream{
		Starts: starts,
		pos:    make(map[int32]*PartitionPosition, len(starts)),
	}
	var out chan Record
	var outBatches chan []Record
	if req.Batched {
		outBatches = make(chan []Record, cmp.Or(max(req.Buffer, 0), DefaultBatchBuffer))
		s.Batches = outBatches
		if req.Recycle {
			s.recycle = newRecycler()
		}
	} else {
		out = make(chan Record, cmp.Or(max(req.Buffer, 0), DefaultConsumeBuffer))
		s.Records = out
	}
	for _, st := range starts {
		s.pos[st.Partition] = &PartitionPosition{Partition: st.Partition, Next: st.Offset, HighWatermark: st.LogEnd}
		if req.Isolation == ReadCommitted {
			s.pos[st.Partition].LastStable = st.LogEnd
		}
	}
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, st := range starts {
		r := &partitionReader{
			sc:        sc,
			s:         s,
			pos:       s.pos[st.Partition],
			out:       out,
			batches:   outBatches,
			topic:     req.Topic,
			partition: st.Partition,
			iso:       req.Isolation,
			recycle:   s.recycle != nil,
			free:      s.recycle,
			next:      st.Offset,
			fetchAt:   min(st.Offset, st.LogEnd),
			stop:      -1,
		}
		r.leader.Store(-1)
		if req.StopAtEnd {
			r.stop = st.LogEnd
			if r.next >= r.stop {
				continue // already at the end it had when opened
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			defer func() {
				if err != nil {
					s.fail(err)
					cancel() // one partition failing ends the stream
				}
			}()
			defer recoverAs(&err, "read partition") // panics.go
			err = r.run(rctx)
		}()
	}
	go func() {
		wg.Wait()
		cancel()
		release()
		if out != nil {
			close(out)
		} else {
			close(outBatches)
		}
	}()
	return s
}

// fail records the error that ends the stream; the first one wins.
func (s *Stream) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

// streamCluster returns a Cluster sharing c's settings but with a Transport
// of its own, whose metadata covers only topic, and the func that releases it.
func (c *Cluster) streamCluster(topic string) (*Cluster, func()) {
	tr := c.scopedTransport([]string{topic}, streamMetadataTTL)
	sc := &Cluster{
		cfg:       c.cfg,
		transport: tr,
		client:    &kafka.Client{Addr: c.client.Addr, Timeout: c.client.Timeout, Transport: readRetry{tr}},
		dialer:    c.dialer,
		brokers:   c.brokers,
		tls:       c.tls,
	}
	return sc, tr.CloseIdleConnections
}

// resolveStarts checks the topic and the requested partitions and works out
// where each partition starts. Transient broker errors (a leader election in
// progress) are retried for up to the request timeout.
func (c *Cluster) resolveStarts(ctx context.Context, req ConsumeRequest) ([]PartitionStart, error) {
	if err := checkStart(req.Start); err != nil {
		return nil, err
	}
	parts, err := c.consumePartitions(ctx, req.Topic, req.Partitions)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(c.cfg.timeout())
	var starts []PartitionStart
	err = retryUntil(ctx, deadline, func() error {
		var err error
		starts, err = c.startOffsets(ctx, req.Topic, parts, req.Start, req.StopAtEnd, req.Isolation)
		return err
	})
	if err == nil && req.Start.Kind == PosFromEnd {
		// -N means N records, and offsets are not records where
		// compaction, transaction markers or aborted records left gaps:
		// count back through the read path (consume_fromend.go).
		starts = c.lastRecords(ctx, req, starts)
	}
	return starts, err
}

// checkStart rejects positions ParsePosition would not make: Kafka reads a
// negative timestamp as a special offset, and negative offsets mean nothing.
func checkStart(p Position) error {
	switch p.Kind {
	case PosBeginning, PosEnd:
	case PosOffset, PosFromEnd:
		if p.Offset < 0 {
			return fmt.Errorf("start position %s: offset must not be negative", p)
		}
	case PosTime:
		if p.Time.UnixMilli() < 0 {
			return fmt.Errorf("start time %s is before 1970", p.Time.Format(time.RFC3339))
		}
	default:
		return fmt.Errorf("unknown start position kind %d", p.Kind)
	}
	return nil
}

// consumePartitions reads the topic's metadata and returns the partitions to
// read: the requested ones, checked and sorted, or all of them.
func (c *Cluster) consumePartitions(ctx context.Context, topic string, want []int32) ([]int32, error) {
	// The stream Transport's first metadata request has the TTL as its
	// deadline, shorter than the request timeout; when a slow broker misses
	// it, the Transport tries again in the background, and so do we, until
	// the request timeout. A refused connection fails at once.
	deadline := time.Now().Add(c.cfg.timeout())
	var md *kafka.MetadataResponse
	var err error
	var bo backoff
	for {
		md, err = c.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
		if err == nil || !errors.Is(err, context.DeadlineExceeded) || time.Now().After(deadline) || !bo.wait(ctx) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read metadata: %w", c.connErr(ctx, err))
	}
	c.brokers.learnClient(md.Brokers)
	var t *kafka.Topic
	for i := range md.Topics {
		if md.Topics[i].Name == topic {
			t = &md.Topics[i]
		}
	}
	switch {
	case t == nil:
		return nil, topicRefusal(topic, nil)
	case t.Error != nil:
		return nil, topicRefusal(topic, t.Error)
	}
	have := make([]int32, 0, len(t.Partitions))
	for _, p := range t.Partitions {
		have = append(have, int32(p.ID))
	}
	return pickPartitions(topic, have, want)
}

// describePartitionIDs says how many partitions there are and their IDs,
// compactly: "3 partitions: 0-2".
func describePartitionIDs(ids []int32) string {
	switch len(ids) {
	case 0:
		return "no partitions"
	case 1:
		return fmt.Sprintf("1 partition: %d", ids[0])
	}
	return fmt.Sprintf("%d partitions: %s", len(ids), numfmt.Ranges(ids))
}

// startOffsets resolves pos on each partition against its watermarks. For
// ReadCommitted the end is the last stable offset: what such a stream can
// read, and where StopAtEnd stops.
func (c *Cluster) startOffsets(ctx context.Context, topic string, parts []int32, pos Position, stopAtEnd bool, iso Isolation) ([]PartitionStart, error) {
	wms, err := c.watermarksAt(ctx, map[string][]int32{topic: parts}, iso)
	if err != nil {
		return nil, err
	}
	var atTime map[int32]int64
	if pos.Kind == PosTime {
		if atTime, err = c.offsetsForTime(ctx, topic, parts, pos.Time); err != nil {
			return nil, err
		}
	}
	starts := make([]PartitionStart, 0, len(parts))
	for _, p := range parts {
		st, err := startAt(topic, p, pos, wms[TopicPartition{topic, p}], atTime, stopAtEnd)
		if err != nil {
			return nil, err
		}
		starts = append(starts, st)
	}
	return starts, nil
}

// retryUntil calls fn until it succeeds, fails with an error that is not
// transient, or the deadline passes; then it returns fn's last error.
func retryUntil(ctx context.Context, deadline time.Time, fn func() error) error {
	var bo backoff
	for {
		err := fn()
		if err == nil || classify(err) != errTransient || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		if !bo.wait(ctx) {
			return err
		}
	}
}
