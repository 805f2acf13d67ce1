package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Fetch requests are encoded with kmsg and exchanged over the stream
// Transport's own connections (TLS and SASL done) by the kmsgRequest
// machinery of group848.go, routed to the partition's leader and sent at the
// version the connection negotiated. The response's record batches are left
// as bytes, for recbatch.go to decode.

const (
	// fetchMinVersion is the first Fetch version with v2 record batches,
	// isolation levels, the last stable offset and aborted transactions
	// (Kafka 0.11); Kafka 4 accepts nothing older.
	fetchMinVersion = 4
	// fetchMaxVersion is the last Fetch version that names topics (v13
	// names them by id) and that kafka-go negotiates.
	fetchMaxVersion = 11
)

// fetched is one fetch's answer for the partition.
type fetched struct {
	hw, lso int64
	// aborted lists the aborted transactions overlapping the returned
	// records (read_committed fetches only), by first offset.
	aborted []kmsg.FetchResponseTopicPartitionAbortedTransaction
	// batches are the record batches, aliasing the reader's buffer.
	batches []byte
}

// fetchResult is a fetch's answer or the error that stood in for it; a
// broker's error for the partition is in err.
type fetchResult struct {
	resp fetched
	err  error
}

// fetchFrom asks the partition's leader for records from offset at on, with
// isolation iso, at most maxBytes of them, waiting up to maxWait for any.
// body is the buffer the response is read into (grown as needed).
func (r *partitionReader) fetchFrom(ctx context.Context, at int64, iso Isolation, maxBytes int32, maxWait time.Duration, body *[]byte) fetchResult {
	req := kmsg.NewPtrFetchRequest()
	req.MaxWaitMillis = int32(maxWait / time.Millisecond)
	req.MinBytes = 1
	req.MaxBytes = maxBytes
	if iso == ReadCommitted {
		req.IsolationLevel = 1
	}
	rt := kmsg.NewFetchRequestTopic()
	rt.Topic = r.topic
	rp := kmsg.NewFetchRequestTopicPartition()
	rp.Partition = r.partition
	rp.FetchOffset = at
	rp.PartitionMaxBytes = maxBytes
	rt.Partitions = append(rt.Partitions, rp)
	req.Topics = append(req.Topics, rt)

	var tooOld int16 = -1
	kr := &kmsgRequest{
		req:      req,
		clientID: r.sc.cfg.clientID(),
		broker:   -1,
		route:    r.route,
		body:     *body,
		version: func(versions map[protocol.ApiKey]int16) bool {
			v := versions[protocol.Fetch]
			if v < fetchMinVersion {
				tooOld = v
				return false
			}
			req.SetVersion(min(v, fetchMaxVersion))
			return true
		},
	}
	m, err := r.sc.roundTripKmsg(ctx, kr)
	if err != nil {
		// kafka-go may still be reading the answer into the buffer on
		// its own goroutine (a cancelled request): leave it to that.
		*body = nil
	} else {
		*body = kr.body
	}
	if errors.Is(err, errAPIUnsupported) {
		// The same as kafka-go's answer for a broker too old for a request.
		return fetchResult{err: fmt.Errorf("the broker offers fetch up to v%d, older than Kafka 0.11: %w", tooOld, kafka.UnsupportedVersion)}
	}
	if err != nil {
		return fetchResult{err: err}
	}
	resp := m.(*kmsg.FetchResponse)
	if err := kafkaCodeError(resp.ErrorCode); err != nil {
		return fetchResult{err: err}
	}
	for _, t := range resp.Topics {
		if t.Topic != r.topic {
			continue
		}
		for i := range t.Partitions {
			p := &t.Partitions[i]
			if p.Partition != r.partition {
				continue
			}
			if err := kafkaCodeError(p.ErrorCode); err != nil {
				return fetchResult{err: err}
			}
			return fetchResult{resp: fetched{hw: p.HighWatermark, lso: p.LastStableOffset, aborted: p.AbortedTransactions, batches: p.RecordBatches}}
		}
	}
	return fetchResult{err: fmt.Errorf("fetch response without %s", r.where())}
}

// route sends a fetch to the leader the reader learned from fresh metadata
// after a leader error, else to the leader in the Transport's metadata, as
// kafka-go's own fetch does (with its errors, which classify knows).
func (r *partitionReader) route(cluster protocol.Cluster) (protocol.Broker, error) {
	if id := r.leader.Load(); id >= 0 {
		if b, ok := cluster.Brokers[id]; ok {
			return b, nil
		}
	}
	t, ok := cluster.Topics[r.topic]
	if !ok {
		return protocol.Broker{ID: -1}, protocol.NewErrNoTopic(r.topic)
	}
	p, ok := t.Partitions[r.partition]
	if !ok {
		return protocol.Broker{ID: -1}, protocol.NewErrNoPartition(r.topic, r.partition)
	}
	b, ok := cluster.Brokers[p.Leader]
	if !ok {
		return protocol.Broker{ID: -1}, protocol.NewErrNoLeader(r.topic, r.partition)
	}
	return b, nil
}

// fetchLeaderGone reports errors after which the partition's leader should be
// looked up again: the broker asked is no longer (or not yet) the leader,
// or could not be reached.
func fetchLeaderGone(err error) bool {
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch ke {
		case kafka.NotLeaderForPartition, kafka.LeaderNotAvailable, kafka.FencedLeaderEpoch,
			kafka.UnknownLeaderEpoch, kafka.BrokerNotAvailable, kafka.ReplicaNotAvailable,
			kafka.UnknownTopicOrPartition, kafka.KafkaStorageError:
			return true
		}
		return false
	}
	return classify(err) == errTransient
}

// refreshLeader asks a broker for the partition's leader now, rather than
// waiting for the Transport's metadata to expire, and routes the next
// fetches to it. A topic the cluster no longer has is the error returned.
func (r *partitionReader) refreshLeader(ctx context.Context) error {
	// Bounded well below the request timeout: the retry loop around this
	// must stay responsive while brokers come and go.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	md, err := r.sc.freshMetadata(ctx, []string{r.topic})
	if err != nil {
		r.leader.Store(-1) // let the Transport's metadata decide
		return nil
	}
	for _, t := range md.Topics {
		if t.Name != r.topic {
			continue
		}
		if t.ErrorCode == int16(kafka.UnknownTopicOrPartition) {
			return protocol.NewErrNoTopic(r.topic)
		}
		for _, p := range t.Partitions {
			if p.PartitionIndex == r.partition {
				r.leader.Store(p.LeaderID)
				return nil
			}
		}
		if t.ErrorCode == 0 {
			return protocol.NewErrNoPartition(r.topic, r.partition)
		}
	}
	r.leader.Store(-1)
	return nil
}
