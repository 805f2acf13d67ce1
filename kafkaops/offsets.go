package kafkaops

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
)

// Watermarks are a partition's log start (low) and log end (high) offsets.
type Watermarks struct {
	Low, High int64
	// Err is the broker's error for this partition, if any.
	Err error
}

// watermarks reads low and high watermarks of the given partitions. Real
// Kafka rejects FirstOffsetOf and LastOffsetOf for the same partition in one
// request (INVALID_REQUEST), so they are two requests, sent concurrently;
// kafka-go's Transport splits each by partition leader.
func (c *Cluster) watermarks(ctx context.Context, parts map[string][]int32) (map[TopicPartition]Watermarks, error) {
	out := make(map[TopicPartition]Watermarks)
	if len(parts) == 0 {
		return out, nil
	}
	type result struct {
		resp *kafka.ListOffsetsResponse
		err  error
	}
	ask := func(ts int64) <-chan result {
		ch := make(chan result, 1)
		req := &kafka.ListOffsetsRequest{Topics: make(map[string][]kafka.OffsetRequest, len(parts))}
		for topic, ps := range parts {
			for _, p := range ps {
				req.Topics[topic] = append(req.Topics[topic], kafka.OffsetRequest{Partition: int(p), Timestamp: ts})
			}
		}
		go func() {
			resp, err := c.client.ListOffsets(ctx, req)
			ch <- result{resp, err}
		}()
		return ch
	}
	firstCh, lastCh := ask(kafka.FirstOffset), ask(kafka.LastOffset)
	first, last := <-firstCh, <-lastCh
	for _, r := range []result{first, last} {
		if r.err != nil {
			return nil, fmt.Errorf("list offsets of %s: %w", describeParts(parts), unwrapKafkaGo(r.err))
		}
	}
	for topic, ps := range first.resp.Topics {
		for _, p := range ps {
			tp := TopicPartition{topic, int32(p.Partition)}
			w := out[tp]
			w.Low = p.FirstOffset
			if p.Error != nil {
				w.Err = p.Error
			}
			out[tp] = w
		}
	}
	for topic, ps := range last.resp.Topics {
		for _, p := range ps {
			tp := TopicPartition{topic, int32(p.Partition)}
			w := out[tp]
			w.High = p.LastOffset
			if p.Error != nil && w.Err == nil {
				w.Err = p.Error
			}
			out[tp] = w
		}
	}
	for topic, ps := range parts {
		for _, p := range ps {
			tp := TopicPartition{topic, p}
			if _, ok := out[tp]; !ok {
				out[tp] = Watermarks{Low: -1, High: -1, Err: fmt.Errorf("no offsets returned for %s/%d", topic, p)}
			}
		}
	}
	return out, nil
}

// offsetsForTime returns, per partition, the first offset whose timestamp is
// at or after t, or -1 where no such record exists yet.
func (c *Cluster) offsetsForTime(ctx context.Context, topic string, partitions []int32, t time.Time) (map[int32]int64, error) {
	req := &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{}}
	for _, p := range partitions {
		req.Topics[topic] = append(req.Topics[topic], kafka.TimeOffsetOf(int(p), t))
	}
	resp, err := c.client.ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s at %s: %w", topic, t.Format(time.RFC3339), unwrapKafkaGo(err))
	}
	out := make(map[int32]int64, len(partitions))
	for _, p := range resp.Topics[topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("list offsets of %s/%d at %s: %w", topic, p.Partition, t.Format(time.RFC3339), p.Error)
		}
		off := int64(-1)
		for o := range p.Offsets {
			off = o
		}
		out[int32(p.Partition)] = off
	}
	return out, nil
}

// describeParts names a set of partitions for an error message, briefly.
func describeParts(parts map[string][]int32) string {
	topics := make([]string, 0, len(parts))
	for t := range parts {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	if len(topics) == 1 {
		ps := parts[topics[0]]
		if len(ps) == 1 {
			return fmt.Sprintf("%s/%d", topics[0], ps[0])
		}
		return topics[0]
	}
	if len(topics) <= 3 {
		return fmt.Sprint(topics)
	}
	return fmt.Sprintf("%d topics", len(topics))
}
