package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

var _ GroupLagReader = (*Cluster)(nil)

// GroupLag is one group's committed position over every partition it has
// committed to, as the group list shows it.
type GroupLag struct {
	Group string `json:"group"`
	// Offsets has one row per committed partition, sorted by topic and
	// partition; rows carry Committed, LogStart, LogEnd and Lag (no owner:
	// the list does not describe members).
	Offsets []PartitionLag `json:"offsets"`
	// TotalLag sums Lag over the rows without an error.
	TotalLag int64 `json:"total_lag"`
	// Topics are the topics committed to, sorted.
	Topics []string `json:"topics"`
	// Err says why the group's commits could not be read; the other
	// groups of the same call stay valid.
	Err error `json:"-"`
}

// GroupLagReader reads lag for many groups at once and lag in time: what a
// periodically refreshed group list and lag table need.
type GroupLagReader interface {
	GroupsLag(ctx context.Context, groups []string) (map[string]GroupLag, error)
	LagTimes(ctx context.Context, rows []PartitionLag) (map[TopicPartition]time.Time, error)
}

// groupLagParallel bounds the OffsetFetch requests in flight: each costs a
// FindCoordinator round trip and a connection while in flight.
const groupLagParallel = 16

// GroupsLag reads the committed offsets of groups, one OffsetFetch per group
// sent to its coordinator (for a share group ListGroups found, its
// share-partition start offsets), then the log start and end of every partition
// they commit to with one ListOffsets request per leader and end for all the
// groups together, so refreshing a list of groups over thousands of
// partitions stays a handful of requests. A group whose commits could not be
// read gets GroupLag.Err; the error returned is for when the log offsets
// could not be read at all.
func (c *Cluster) GroupsLag(ctx context.Context, groups []string) (map[string]GroupLag, error) {
	out := make(map[string]GroupLag, len(groups))
	if len(groups) == 0 {
		return out, nil
	}
	commits := make([]*kafka.OffsetFetchResponse, len(groups))
	errs := make([]error, len(groups))
	sem := make(chan struct{}, groupLagParallel)
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, share := c.shareGroups.Load(g); share {
				errs[i] = retryCoordinator(ctx, func() error {
					coord, err := c.groupCoordinator(ctx, g)
					if err == nil {
						commits[i], err = c.shareStartOffsets(ctx, coord, g)
					}
					return err
				})
				return
			}
			errs[i] = retryCoordinator(ctx, func() error {
				resp, err := c.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: g})
				if err == nil {
					err = resp.Error
				}
				commits[i] = resp
				return err
			})
			if errors.Is(errs[i], kafka.GroupIdNotFound) {
				// Some brokers (kfake) answer so for a group without
				// commits, real Kafka with none: the same thing here.
				commits[i], errs[i] = &kafka.OffsetFetchResponse{}, nil
			}
		}()
	}
	wg.Wait()

	parts := make(map[string][]int32)
	seen := make(map[TopicPartition]bool)
	for i, resp := range commits {
		if errs[i] != nil {
			continue
		}
		for topic, ps := range resp.Topics {
			for _, p := range ps {
				tp := TopicPartition{topic, int32(p.Partition)}
				if p.Error == nil && p.CommittedOffset >= 0 && !seen[tp] {
					seen[tp] = true
					parts[topic] = append(parts[topic], tp.Partition)
				}
			}
		}
	}
	wm, err := c.watermarks(ctx, parts)
	if err != nil {
		return nil, fmt.Errorf("lag of %d groups: %w", len(groups), err)
	}

	for i, g := range groups {
		gl := GroupLag{Group: g, Offsets: []PartitionLag{}, Topics: []string{}}
		if errs[i] != nil {
			gl.Err = fmt.Errorf("fetch committed offsets of group %q: %w", g, groupError(errs[i]))
			out[g] = gl
			continue
		}
		for topic, ps := range commits[i].Topics {
			for _, p := range ps {
				r := PartitionLag{Topic: topic, Partition: int32(p.Partition), Committed: -1, LogStart: -1, LogEnd: -1}
				switch {
				case p.Error != nil:
					r.Error = fmt.Sprintf("committed offset: %v", p.Error)
				case p.CommittedOffset < 0:
					continue // no commit: nothing to show in a lag summary
				default:
					r.Committed, r.HasCommit, r.Metadata = p.CommittedOffset, true, p.Metadata
					w := wm[TopicPartition{topic, r.Partition}]
					if w.Err != nil {
						r.Error = fmt.Sprintf("log offsets: %v", w.Err)
						break
					}
					r.LogStart, r.LogEnd = w.Low, w.High
					r.Lag = max(0, r.LogEnd-r.Committed)
					gl.TotalLag += r.Lag
				}
				gl.Offsets = append(gl.Offsets, r)
			}
		}
		sort.Slice(gl.Offsets, func(a, b int) bool {
			if gl.Offsets[a].Topic != gl.Offsets[b].Topic {
				return gl.Offsets[a].Topic < gl.Offsets[b].Topic
			}
			return gl.Offsets[a].Partition < gl.Offsets[b].Partition
		})
		for _, r := range gl.Offsets {
			if n := len(gl.Topics); n == 0 || gl.Topics[n-1] != r.Topic {
				gl.Topics = append(gl.Topics, r.Topic)
			}
		}
		out[g] = gl
	}
	return out, nil
}

// lagTimeParallel bounds the fetches LagTimes has in flight.
const lagTimeParallel = 8

// LagTimes returns, for each row that has a commit and a positive lag, the
// timestamp of the first record not yet consumed: the record at the
// committed offset (or, when retention deleted it, the first record left).
// Now minus that time is how far behind the group is in time. Each lagging
// partition costs one fetch of a single record batch (the broker returns the
// first batch whatever the byte limit). Rows with nothing behind are absent
// from the map. If some fetches fail, the others are returned with an error
// naming the first failure.
func (c *Cluster) LagTimes(ctx context.Context, rows []PartitionLag) (map[TopicPartition]time.Time, error) {
	out := make(map[TopicPartition]time.Time)
	var (
		mu       sync.Mutex
		firstErr error
		failed   int
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, lagTimeParallel)
	for _, r := range rows {
		if !r.HasCommit || r.Lag <= 0 || r.Error != "" {
			continue
		}
		at := max(r.Committed, r.LogStart)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ts, ok, err := c.recordTimeAt(ctx, r.Topic, r.Partition, at)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				failed++
				if firstErr == nil {
					firstErr = err
				}
			case ok:
				out[TopicPartition{r.Topic, r.Partition}] = ts
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		if failed > 1 {
			return out, fmt.Errorf("lag in time: %w (and %d more partitions)", firstErr, failed-1)
		}
		return out, fmt.Errorf("lag in time: %w", firstErr)
	}
	return out, nil
}

// recordTimeAt reads the timestamp of the first record at or after offset
// at; ok is false when the response holds none (a compacted gap or a
// record without a timestamp).
func (c *Cluster) recordTimeAt(ctx context.Context, topic string, partition int32, at int64) (time.Time, bool, error) {
	r := &partitionReader{sc: c, topic: topic, partition: partition, fetchAt: at, next: at, stop: -1}
	r.leader.Store(-1)
	res := r.fetchFrom(ctx, at, ReadUncommitted, 1, 100*time.Millisecond, &r.body)
	err := res.err
	if err == nil {
		err = r.collect(ctx, &res.resp)
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read %s/%d at offset %d: %w", topic, partition, at, unwrapKafkaGo(err))
	}
	// The first record decoded is the first at or after at; a LogAppendTime
	// batch gives the broker's time, as collect does for streams.
	if len(r.batch) == 0 || r.batch[0].Time.IsZero() {
		return time.Time{}, false, nil
	}
	return r.batch[0].Time, true, nil
}
