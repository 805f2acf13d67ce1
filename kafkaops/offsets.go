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

// watermarks reads low and high watermarks of the given partitions, from
// fresh metadata and one ListOffsets request per leader and per end (see
// leaderWatermarks): kafka-go's Client.ListOffsets splits requests per
// partition and does not scale past a few hundred partitions. A partition
// the broker reports a problem for gets Watermarks.Err; the error returned
// is for when nothing could be asked.
func (c *Cluster) watermarks(ctx context.Context, parts map[string][]int32) (map[TopicPartition]Watermarks, error) {
	return c.watermarksAt(ctx, parts, ReadUncommitted)
}

// watermarksAt is watermarks whose High is, for ReadCommitted, the last
// stable offset (ListOffsets at isolation read_committed).
func (c *Cluster) watermarksAt(ctx context.Context, parts map[string][]int32, iso Isolation) (map[TopicPartition]Watermarks, error) {
	out := make(map[TopicPartition]Watermarks)
	if len(parts) == 0 {
		return out, nil
	}
	topics := make([]string, 0, len(parts))
	for t := range parts {
		topics = append(topics, t)
	}
	md, err := c.freshMetadata(ctx, topics)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", describeParts(parts), err)
	}
	// Keep only the partitions asked for; note topics the broker refused.
	wanted := *md
	wanted.Topics = nil
	for _, t := range md.Topics {
		ps, ok := parts[t.Name]
		if !ok {
			continue
		}
		if t.ErrorCode != 0 {
			terr := brokerCodeError(t.ErrorCode, "")
			for _, p := range ps {
				out[TopicPartition{t.Name, p}] = Watermarks{Low: -1, High: -1, Err: terr}
			}
			continue
		}
		want := make(map[int32]bool, len(ps))
		for _, p := range ps {
			want[p] = true
		}
		keep := t
		keep.Partitions = nil
		for _, p := range t.Partitions {
			if want[p.PartitionIndex] {
				keep.Partitions = append(keep.Partitions, p)
			}
		}
		wanted.Topics = append(wanted.Topics, keep)
	}
	got, err := c.leaderWatermarksAt(ctx, &wanted, iso)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", describeParts(parts), err)
	}
	for tp, w := range got {
		out[tp] = w
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
