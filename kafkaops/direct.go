package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/listoffsets"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

// kafka-go's Transport is right for most requests but wrong for two that the
// topic list depends on:
//   - Metadata requests are answered from its cache (refreshed every
//     MetadataTTL), so a topic created or deleted by anyone, this process
//     included, shows up or disappears seconds late;
//   - ListOffsets requests are split into one request per partition, each on
//     a connection of its own while in flight: 30,000 partitions cost 60,000
//     requests and thousands of new connections.
//
// directRequest sends a kafka-go protocol request unchanged over the
// Transport's own connections (TLS and SASL included) through
// protocol.RawExchanger, the hook kafka-go uses for SASL v0: the Transport
// neither recognises it as a cached Metadata request nor splits it, and its
// response comes back wrapped so that the Transport does not inspect it.

// directCorrelationID tags direct requests on the wire. Requests on one
// Transport connection are sequential, so a fixed ID is enough to check that
// the answer belongs to the question.
const directCorrelationID int32 = 0x6b74_7569

// directRequest is a request sent as it is to any broker.
type directRequest struct {
	msg      protocol.Message
	clientID string
	version  int16
}

// directBrokerRequest is a directRequest to one broker, by node ID.
type directBrokerRequest struct {
	directRequest
	broker int32
}

// directResponse hides the response type from the Transport, which would
// otherwise act on Metadata responses.
type directResponse struct{ msg protocol.Message }

func (r *directRequest) ApiKey() protocol.ApiKey { return r.msg.ApiKey() }

// Required records the version negotiated on the connection and asks the
// connection to let RawExchange do the exchange.
func (r *directRequest) Required(versions map[protocol.ApiKey]int16) bool {
	r.version = versions[r.msg.ApiKey()]
	return true
}

// RawExchange writes the request and reads its response on the connection.
func (r *directRequest) RawExchange(rw io.ReadWriter) (protocol.Message, error) {
	if err := protocol.WriteRequest(rw, r.version, directCorrelationID, r.clientID, r.msg); err != nil {
		return nil, err
	}
	id, res, err := protocol.ReadResponse(rw, r.msg.ApiKey(), r.version)
	if err != nil {
		return nil, err
	}
	if id != directCorrelationID {
		return nil, fmt.Errorf("%s response has correlation id %d, want %d", r.msg.ApiKey(), id, directCorrelationID)
	}
	return &directResponse{msg: res}, nil
}

func (r *directResponse) ApiKey() protocol.ApiKey { return r.msg.ApiKey() }

// Broker routes the request to its node; an unknown node is an error rather
// than kafka-go's zero Broker, which is node 0.
func (r *directBrokerRequest) Broker(cluster protocol.Cluster) (protocol.Broker, error) {
	b, ok := cluster.Brokers[r.broker]
	if !ok {
		return protocol.Broker{ID: -1}, fmt.Errorf("broker %d is not in the cluster metadata", r.broker)
	}
	return b, nil
}

// sendDirect sends msg to broker (any broker when broker < 0) and returns the
// broker's response, of the kafka-go type registered for msg's API.
func (c *Cluster) sendDirect(ctx context.Context, broker int32, msg protocol.Message) (protocol.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	req := directRequest{msg: msg, clientID: c.cfg.clientID()}
	var m protocol.Message
	var err error
	if broker < 0 {
		m, err = c.transport.RoundTrip(ctx, c.client.Addr, &req)
	} else {
		m, err = c.transport.RoundTrip(ctx, c.client.Addr, &directBrokerRequest{directRequest: req, broker: broker})
	}
	if err != nil {
		return nil, c.connErr(ctx, err)
	}
	res, ok := m.(*directResponse)
	if !ok {
		return nil, fmt.Errorf("unexpected %T answering %s", m, msg.ApiKey())
	}
	return res.msg, nil
}

// freshMetadata asks a broker for metadata now, bypassing the Transport's
// cache. topics nil means every topic; an empty, non-nil slice means none.
// Topics are sorted by name and partitions by ID.
func (c *Cluster) freshMetadata(ctx context.Context, topics []string) (*meta.Response, error) {
	m, err := c.sendDirect(ctx, -1, &meta.Request{TopicNames: topics})
	if err != nil {
		return nil, err
	}
	res, ok := m.(*meta.Response)
	if !ok {
		return nil, fmt.Errorf("unexpected %T answering metadata", m)
	}
	sort.Slice(res.Topics, func(i, j int) bool { return res.Topics[i].Name < res.Topics[j].Name })
	for i := range res.Topics {
		ps := res.Topics[i].Partitions
		sort.Slice(ps, func(a, b int) bool { return ps[a].PartitionIndex < ps[b].PartitionIndex })
	}
	return res, nil
}

// listOffsetsBatch is how many partitions go in one ListOffsets request.
// Brokers accept far more; this keeps each request and response around a
// megabyte at most.
const listOffsetsBatch = 10000

// leaderWatermarks reads the low and high watermarks of every partition in
// md, with one ListOffsets request per leader and per end (first and last
// offsets cannot share a request on real Kafka), instead of kafka-go's one
// request per partition. A partition without a leader, or with an error from
// its leader, gets Watermarks.Err; the error returned is for when no broker
// could be asked at all.
func (c *Cluster) leaderWatermarks(ctx context.Context, md *meta.Response) (map[TopicPartition]Watermarks, error) {
	return c.leaderWatermarksAt(ctx, md, ReadUncommitted)
}

// leaderWatermarksAt is leaderWatermarks whose High is, for ReadCommitted,
// the last stable offset.
func (c *Cluster) leaderWatermarksAt(ctx context.Context, md *meta.Response, iso Isolation) (map[TopicPartition]Watermarks, error) {
	byLeader := make(map[int32][]listoffsets.RequestTopic)
	out := make(map[TopicPartition]Watermarks)
	for _, t := range md.Topics {
		if t.ErrorCode != 0 {
			continue
		}
		for _, p := range t.Partitions {
			if p.LeaderID < 0 {
				out[TopicPartition{t.Name, p.PartitionIndex}] = Watermarks{Low: -1, High: -1, Err: errors.New("partition has no leader")}
				continue
			}
			rts := byLeader[p.LeaderID]
			if n := len(rts); n == 0 || rts[n-1].Topic != t.Name {
				rts = append(rts, listoffsets.RequestTopic{Topic: t.Name})
			}
			last := &rts[len(rts)-1]
			last.Partitions = append(last.Partitions, listoffsets.RequestPartition{Partition: p.PartitionIndex, CurrentLeaderEpoch: -1})
			byLeader[p.LeaderID] = rts
		}
	}
	if len(byLeader) == 0 {
		return out, nil
	}

	type answer struct {
		leader int32
		low    bool
		res    *listoffsets.Response
		err    error
	}
	answers := make(chan answer)
	var wg sync.WaitGroup
	for leader, topics := range byLeader {
		for _, chunk := range chunkOffsetTopics(topics, listOffsetsBatch) {
			for _, low := range []bool{true, false} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ts := int64(-1) // latest: the high watermark
					if low {
						ts = -2 // earliest: the log start offset
					}
					req := &listoffsets.Request{ReplicaID: -1, Topics: withTimestamp(chunk, ts)}
					if iso == ReadCommitted {
						req.IsolationLevel = 1
					}
					m, err := c.sendDirect(ctx, leader, req)
					a := answer{leader: leader, low: low, err: err}
					if err == nil {
						a.res, _ = m.(*listoffsets.Response)
						if a.res == nil {
							a.err = fmt.Errorf("unexpected %T answering list offsets", m)
						}
					}
					answers <- a
				}()
			}
		}
	}
	go func() { wg.Wait(); close(answers) }()

	var firstErr error
	failed := make(map[int32]error)
	for a := range answers {
		if a.err != nil {
			if firstErr == nil {
				firstErr = a.err
			}
			failed[a.leader] = a.err
			continue
		}
		for _, t := range a.res.Topics {
			for _, p := range t.Partitions {
				tp := TopicPartition{t.Topic, p.Partition}
				w := out[tp]
				if a.low {
					w.Low = p.Offset
				} else {
					w.High = p.Offset
				}
				if p.ErrorCode != 0 && w.Err == nil {
					w.Err = brokerCodeError(p.ErrorCode, "")
				}
				out[tp] = w
			}
		}
	}
	if len(failed) == len(byLeader) {
		return nil, fmt.Errorf("list offsets: %w", firstErr)
	}
	for leader, topics := range byLeader {
		for _, t := range topics {
			for _, p := range t.Partitions {
				tp := TopicPartition{t.Topic, p.Partition}
				if err, ok := failed[leader]; ok {
					out[tp] = Watermarks{Low: -1, High: -1, Err: fmt.Errorf("leader %d: %w", leader, err)}
				} else if _, ok := out[tp]; !ok {
					out[tp] = Watermarks{Low: -1, High: -1, Err: fmt.Errorf("leader %d returned no offsets", leader)}
				}
			}
		}
	}
	return out, nil
}

// chunkOffsetTopics splits topics into groups of at most n partitions.
func chunkOffsetTopics(topics []listoffsets.RequestTopic, n int) [][]listoffsets.RequestTopic {
	var chunks [][]listoffsets.RequestTopic
	var cur []listoffsets.RequestTopic
	size := 0
	for _, t := range topics {
		for len(t.Partitions) > 0 {
			take := min(n-size, len(t.Partitions))
			cur = append(cur, listoffsets.RequestTopic{Topic: t.Topic, Partitions: t.Partitions[:take]})
			t.Partitions = t.Partitions[take:]
			if size += take; size == n {
				chunks = append(chunks, cur)
				cur, size = nil, 0
			}
		}
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

// withTimestamp copies topics with every partition asking for timestamp ts.
func withTimestamp(topics []listoffsets.RequestTopic, ts int64) []listoffsets.RequestTopic {
	out := make([]listoffsets.RequestTopic, len(topics))
	for i, t := range topics {
		ps := make([]listoffsets.RequestPartition, len(t.Partitions))
		for j, p := range t.Partitions {
			p.Timestamp = ts
			ps[j] = p
		}
		out[i] = listoffsets.RequestTopic{Topic: t.Topic, Partitions: ps}
	}
	return out
}
