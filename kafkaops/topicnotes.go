package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"
)

var _ TopicNoter = (*Cluster)(nil)

// OffsetNote says why a topic's TopicSummary.Messages (high minus low
// watermark, the offsets its partitions span) may be more than the records
// a consumer reads from it.
type OffsetNote struct {
	// Compacted is set when cleanup.policy includes compact: compaction
	// removes records and leaves their offsets behind.
	Compacted bool
	// Transactional is set when a transactional producer is known to a
	// partition's leader (DescribeProducers: an open transaction, or a
	// transaction marker written by the producer). Each commit or abort
	// takes an offset per partition for its marker, and aborted records
	// keep theirs. Brokers forget idle producers after
	// transactional.id.expiration.ms (7 days by default), so a topic
	// written transactionally long ago is not noticed.
	Transactional bool
}

// TopicNoter finds the topics whose offset count is more than their
// records, for the topic list.
type TopicNoter interface {
	TopicOffsetNotes(ctx context.Context, topics []string) (map[string]OffsetNote, error)
}

// TopicOffsetNotes reads, for topics, what makes their offset count more
// than their records. It costs one DescribeConfigs request (cleanup.policy
// only) and one DescribeProducers request per leader broker, so a list
// that refreshes every few seconds asks it less often. A broker without
// DescribeProducers (before Kafka 2.8) leaves Transactional unset; the
// error returned is for when nothing could be read.
func (c *Cluster) TopicOffsetNotes(ctx context.Context, topics []string) (map[string]OffsetNote, error) {
	out := make(map[string]OffsetNote, len(topics))
	if len(topics) == 0 {
		return out, nil
	}
	compacted, cerr := c.compactedTopics(ctx, topics)
	for t := range compacted {
		n := out[t]
		n.Compacted = true
		out[t] = n
	}
	txn, terr := c.transactionalTopics(ctx, topics)
	for t := range txn {
		n := out[t]
		n.Transactional = true
		out[t] = n
	}
	if cerr != nil && terr != nil {
		return nil, fmt.Errorf("topic notes: %w", cerr)
	}
	return out, nil
}

// compactedTopics are those of topics whose cleanup.policy has compact.
func (c *Cluster) compactedTopics(ctx context.Context, topics []string) (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	req := &kafka.DescribeConfigsRequest{}
	for _, t := range topics {
		req.Resources = append(req.Resources, kafka.DescribeConfigRequestResource{
			ResourceType: kafka.ResourceTypeTopic, ResourceName: t, ConfigNames: []string{"cleanup.policy"},
		})
	}
	res, err := c.client.DescribeConfigs(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("describe configs: %w", c.connErr(ctx, err))
	}
	out := map[string]bool{}
	for _, r := range res.Resources {
		if r.Error != nil {
			continue // deleted meanwhile, or not allowed: no note
		}
		for _, e := range r.ConfigEntries {
			if e.ConfigName == "cleanup.policy" && strings.Contains(e.ConfigValue, "compact") {
				out[r.ResourceName] = true
			}
		}
	}
	return out, nil
}

// transactionalTopics are those of topics with a partition whose leader
// knows a transactional producer of it.
func (c *Cluster) transactionalTopics(ctx context.Context, topics []string) (map[string]bool, error) {
	md, err := c.freshMetadata(ctx, topics)
	if err != nil {
		return nil, err
	}
	byLeader := map[int32]*kmsg.DescribeProducersRequest{}
	for _, t := range md.Topics {
		if t.ErrorCode != 0 {
			continue
		}
		for _, p := range t.Partitions {
			if p.LeaderID < 0 {
				continue
			}
			req := byLeader[p.LeaderID]
			if req == nil {
				req = kmsg.NewPtrDescribeProducersRequest()
				byLeader[p.LeaderID] = req
			}
			if n := len(req.Topics); n == 0 || req.Topics[n-1].Topic != t.Name {
				rt := kmsg.NewDescribeProducersRequestTopic()
				rt.Topic = t.Name
				req.Topics = append(req.Topics, rt)
			}
			rt := &req.Topics[len(req.Topics)-1]
			rt.Partitions = append(rt.Partitions, p.PartitionIndex)
		}
	}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		out      = map[string]bool{}
		firstErr error
		answered bool
	)
	for leader, req := range byLeader {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := c.sendKmsgNegotiated(ctx, leader, req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil && !errors.Is(err, errAPIUnsupported) {
					firstErr = err
				}
				return
			}
			res, ok := m.(*kmsg.DescribeProducersResponse)
			if !ok {
				return
			}
			answered = true
			for _, t := range res.Topics {
				for _, p := range t.Partitions {
					for _, ap := range p.ActiveProducers {
						// A marker sets the coordinator epoch (-1 for an
						// idempotent producer that never had one); an
						// open transaction has its start offset.
						if ap.CoordinatorEpoch >= 0 || ap.CurrentTxnStartOffset >= 0 {
							out[t.Topic] = true
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if !answered && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
