package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
)

// Reading a partition: why Client.Fetch.
//
// kafka-go offers three ways to read a partition. Measured on 200,000
// records of 200 bytes from one partition of a kfake broker in another
// process, each delivered on a channel: kafka.Reader ~320k records/s (a
// channel hop and a goroutine per message inside it), kafka.Conn.ReadBatch
// ~660k records/s, Client.Fetch ~600k records/s; kcat ~285k records/s on the
// same broker. Conn and Reader deliver transaction markers as if they were
// records (kafka-go never tests the control bit of a batch), which would
// show bogus 4-byte-key records on any topic written by a transactional
// producer. Client.Fetch decodes through kafka-go's protocol package, which
// checks batch CRCs and keeps control batches apart (*protocol.ControlBatch),
// and it is context-aware and routed by the Transport to the current leader.
// So each partition runs a loop of Client.Fetch calls, with the next fetch
// in flight while a response is delivered: ~720k records/s on the same
// measurement (BenchmarkConsume200k).
const (
	// fetchMaxWait is how long a broker holds a fetch at the end of the log.
	// Short, so that cancelling a stream returns quickly.
	fetchMaxWait = 250 * time.Millisecond
	// fetchMaxBytes bounds one fetch response (Java's max.partition.fetch.bytes).
	// Brokers still return a larger first batch whole, so a big record never
	// blocks the stream. Larger values measured no faster and cost memory:
	// kafka-go holds a whole response in memory while it is read.
	fetchMaxBytes = 1 << 20
	// unknownErrorLimit is how long an error this file cannot classify may
	// repeat before the stream gives up, so that an unforeseen permanent
	// failure ends the stream with an error instead of a silent stall.
	unknownErrorLimit = time.Minute
)

// partitionReader reads one partition into the stream's channel.
type partitionReader struct {
	sc *Cluster
	s  *Stream
	// pos is this partition's entry in s.pos, written under s.mu.
	pos *PartitionPosition
	out chan<- Record
	// batches replaces out for a Batched stream.
	batches   chan<- []Record
	topic     string
	partition int32
	// next is the offset of the next record to deliver: records below it
	// are skipped, which is what makes retries and restarts free of
	// duplicates.
	next int64
	// fetchAt is where the next fetch starts. It equals next except while
	// waiting for an offset past the end: the broker rejects fetches past
	// the high watermark, so the reader fetches from the end and skips.
	fetchAt int64
	// stop ends the read once next reaches it (StopAtEnd); -1 reads on.
	stop int64
	// batch holds one response's records on their way to out.
	batch []Record
}

func (r *partitionReader) where() string { return fmt.Sprintf("%s/%d", r.topic, r.partition) }

// run reads until ctx is done (nil), the stop offset is reached (nil) or a
// fatal error (returned, wrapped with the partition).
//
// While one response's records are handed to the consumer, the fetch for
// the next is already on its way: against a remote cluster the round trip
// would otherwise be paid on every response (librdkafka, under kcat,
// prefetches too).
func (r *partitionReader) run(ctx context.Context) error {
	var bo backoff
	var unknownSince time.Time
	var pending <-chan fetchResult
	for r.stop < 0 || r.next < r.stop {
		var res fetchResult
		if pending != nil {
			res, pending = <-pending, nil
		} else {
			res = r.fetch(ctx, r.fetchAt)
		}
		err := res.err
		if err == nil {
			err = r.collect(ctx, res.resp)
		}
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			bo.reset()
			unknownSince = time.Time{}
			if r.stop < 0 || r.next < r.stop {
				pending = r.fetchAsync(ctx, r.fetchAt)
			}
			if !r.send(ctx) {
				return nil
			}
			r.publish(res.resp.HighWatermark)
			continue
		}
		if errors.Is(err, kafka.OffsetOutOfRange) {
			err = r.outOfRange(ctx)
			if err == nil {
				continue
			}
		}
		switch classify(err) {
		case errFatal:
			return r.fatal(err)
		case errUnknown:
			if unknownSince.IsZero() {
				unknownSince = time.Now()
			} else if time.Since(unknownSince) > unknownErrorLimit {
				return r.fatal(err)
			}
		}
		r.retrying(err)
		if !bo.wait(ctx) {
			return nil
		}
	}
	return nil
}

// retrying records the error a transient failure is being retried after,
// for Stream.Positions; publish clears it.
func (r *partitionReader) retrying(err error) {
	if down := r.sc.brokerDown(context.Background(), err); down != nil {
		err = down // "broker 1 (host:port) is unreachable: ...; 2 of 3 brokers answer"
	}
	err = fmt.Errorf("read %s at offset %d: %w", r.where(), r.fetchAt, unwrapKafkaGo(err))
	r.s.mu.Lock()
	r.pos.Retrying = err
	r.s.mu.Unlock()
}

// fetchResult is a fetch response or the error that stood in for it; a
// broker's error for the partition is in err.
type fetchResult struct {
	resp *kafka.FetchResponse
	err  error
}

// fetch asks the partition's leader for records from offset at on.
func (r *partitionReader) fetch(ctx context.Context, at int64) fetchResult {
	resp, err := r.sc.client.Fetch(ctx, &kafka.FetchRequest{
		Topic:     r.topic,
		Partition: int(r.partition),
		Offset:    at,
		MinBytes:  1,
		MaxBytes:  fetchMaxBytes,
		MaxWait:   fetchMaxWait,
	})
	if err == nil && resp.Error != nil {
		err = resp.Error
	}
	return fetchResult{resp, err}
}

// fetchAsync is fetch in a goroutine of its own. The channel has room for
// the result, so the goroutine ends even if nobody reads it.
func (r *partitionReader) fetchAsync(ctx context.Context, at int64) <-chan fetchResult {
	ch := make(chan fetchResult, 1)
	go func() { ch <- r.fetch(ctx, at) }()
	return ch
}

// send hands the collected records to the consumer; false if ctx ended
// first. For a Batched stream the slice itself goes, and the next response
// gets a new one; otherwise it is reused.
func (r *partitionReader) send(ctx context.Context) bool {
	if r.batches != nil {
		if len(r.batch) == 0 {
			return true
		}
		select {
		case r.batches <- r.batch:
			r.batch = make([]Record, 0, cap(r.batch))
			return true
		case <-ctx.Done():
			return false
		}
	}
	defer func() {
		clear(r.batch) // drop references so delivered records can be freed
		r.batch = r.batch[:0]
	}()
	for i := range r.batch {
		select {
		case r.out <- r.batch[i]:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// fatal wraps an error that ends the stream, saying what it means when the
// broker's words alone would not.
func (r *partitionReader) fatal(err error) error {
	switch {
	case errors.Is(err, protocol.ErrNoTopic), errors.Is(err, protocol.ErrNoPartition):
		return fmt.Errorf("read %s: the topic no longer exists (deleted?)", r.where())
	case errors.Is(err, kafka.TopicAuthorizationFailed):
		return fmt.Errorf("read %s: not authorized to read topic %s", r.where(), r.topic)
	}
	return fmt.Errorf("read %s at offset %d: %w", r.where(), r.fetchAt, unwrapKafkaGo(err))
}

// collect copies the records of one fetch response into r.batch, in offset
// order, from next on, and moves fetchAt and next past them. Control batches
// (transaction markers) are stepped over: they take offsets but are not
// data.
func (r *partitionReader) collect(ctx context.Context, resp *kafka.FetchResponse) error {
	before := r.fetchAt
	batches := []kafka.RecordReader{resp.Records}
	if rs, ok := resp.Records.(*protocol.RecordStream); ok {
		batches = rs.Records
	}
	sawBatch := false
	firstBase := int64(-1)
	for _, b := range batches {
		_, control := b.(*protocol.ControlBatch)
		tt := batchTimeType(b)
		if ob, ok := b.(interface{ Offset() int64 }); ok {
			if !sawBatch {
				firstBase = ob.Offset()
			}
			sawBatch = true
		}
		for {
			rec, err := b.ReadRecord()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			off := rec.Offset
			if off < r.fetchAt {
				closeBytes(rec) // a batch may start before the offset asked for
				continue
			}
			r.fetchAt = off + 1
			if off < r.next || control {
				closeBytes(rec)
				r.next = max(r.next, off+1)
				continue
			}
			if r.stop >= 0 && off >= r.stop {
				// Offsets below stop that were not seen do not exist
				// (compacted away), so the partition is done.
				closeBytes(rec)
				r.next = r.stop
				return nil
			}
			r.batch = append(r.batch, recordFrom(r.topic, r.partition, rec))
			r.batch[len(r.batch)-1].TimeType = tt
			r.next = off + 1
		}
	}
	if r.fetchAt == before && sawBatch && resp.HighWatermark > r.fetchAt {
		// The broker answered with a batch that holds nothing at or after
		// fetchAt, yet the log goes on: fetchAt falls in the tail of a
		// compacted batch. Find where that batch ends.
		end, err := firstOffsetPast(ctx, r.fetchAt, resp.HighWatermark, func(ctx context.Context, off int64) (bool, error) {
			return r.startsWithBatch(ctx, off, firstBase)
		})
		if err != nil {
			return err
		}
		r.fetchAt = end
		r.next = max(r.next, end)
	}
	return nil
}

// publish makes the reader's progress visible to Stream.Positions: once per
// fetch response, not per record, so the mutex stays cold.
func (r *partitionReader) publish(hw int64) { r.publishSkip(hw, 0) }

// publishSkip is publish that also counts offsets lost to retention, in the
// same critical section as the new Next: a reader of Positions must never
// see the count grow while Next still points below the gap, or "continuing
// at offset N" would name the wrong N.
func (r *partitionReader) publishSkip(hw, lost int64) {
	r.s.mu.Lock()
	r.pos.Skipped += lost
	if lost > 0 {
		r.pos.ResumedAt = r.next
	}
	r.pos.Next = r.next
	r.pos.Retrying = nil
	if hw >= 0 {
		r.pos.HighWatermark = hw
	}
	r.s.mu.Unlock()
}

// outOfRange handles a fetch the broker refused as out of range: records
// below fetchAt were deleted (retention, DeleteRecords), so the read moves
// on to the log start; or fetchAt is past the end, so the read waits at the
// end and skips up to next.
func (r *partitionReader) outOfRange(ctx context.Context) error {
	wms, err := r.sc.watermarks(ctx, map[string][]int32{r.topic: {r.partition}})
	if err != nil {
		return err
	}
	w := wms[TopicPartition{r.topic, r.partition}]
	if w.Err != nil {
		return w.Err
	}
	var lost int64
	switch {
	case r.fetchAt < w.Low:
		// Counted from next, not fetchAt: only offsets the consumer would
		// have been handed are news to it.
		lost = max(w.Low-r.next, 0)
		r.fetchAt = w.Low
		r.next = max(r.next, w.Low)
	case r.fetchAt > w.High:
		r.fetchAt = w.High
	default:
		// In range by now: the leader that refused was stale. Retry.
		return kafka.NotLeaderForPartition
	}
	r.publishSkip(w.High, lost)
	return nil
}

// recordFrom copies a kafka-go record out of the fetch response's pages.
// Key and value share one allocation per record: cheaper than two, and
// unlike one buffer per fetch it does not keep a whole response alive for as
// long as any one of its records is held (a UI keeping one record in a
// thousand would otherwise hold every response).
func recordFrom(topic string, partition int32, rec *kafka.Record) Record {
	kn, vn := 0, 0
	if rec.Key != nil {
		kn = rec.Key.Len()
	}
	if rec.Value != nil {
		vn = rec.Value.Len()
	}
	out := Record{Topic: topic, Partition: partition, Offset: rec.Offset}
	if rec.Key != nil || rec.Value != nil {
		buf := make([]byte, kn+vn)
		if rec.Key != nil {
			out.Key = buf[:kn:kn]
			_, _ = io.ReadFull(rec.Key, out.Key)
		}
		if rec.Value != nil {
			out.Value = buf[kn:]
			_, _ = io.ReadFull(rec.Value, out.Value)
		}
	}
	closeBytes(rec)
	if ms := rec.Time.UnixMilli(); ms >= 0 {
		out.Time = rec.Time
	}
	if len(rec.Headers) > 0 {
		out.Headers = make([]Header, len(rec.Headers))
		for i, h := range rec.Headers {
			out.Headers[i] = Header(h)
		}
	}
	return out
}

// logAppendTimeBit is the batch attribute saying the broker stamped the
// batch with its own clock (Kafka's TimestampType.LOG_APPEND_TIME).
const logAppendTimeBit = protocol.Attributes(1 << 3)

// batchTimeType is the timestamp type of a fetched batch (v2 batch or v0/v1
// message set; the attributes carry it in both).
func batchTimeType(b kafka.RecordReader) TimestampType {
	var a protocol.Attributes
	switch b := b.(type) {
	case *protocol.RecordBatch:
		a = b.Attributes
	case *protocol.MessageSet:
		a = b.Attributes
	}
	if a&logAppendTimeBit != 0 {
		return LogAppendTime
	}
	return CreateTime
}

// closeBytes hands the record's pages back to kafka-go's pool.
func closeBytes(rec *kafka.Record) {
	if rec.Key != nil {
		rec.Key.Close()
	}
	if rec.Value != nil {
		rec.Value.Close()
	}
}

// errClass is how a stream treats an error.
type errClass int

const (
	// errTransient is retried until the stream's context is done: the
	// cluster is moving (leader election, broker restart).
	errTransient errClass = iota
	// errFatal ends the stream: retrying cannot help.
	errFatal
	// errUnknown is retried, but not forever.
	errUnknown
)

// classify sorts an error from a fetch or a metadata or offsets request.
func classify(err error) errClass {
	var ke kafka.Error
	switch {
	case errors.As(err, &ke):
		switch ke {
		case kafka.BrokerNotAvailable, kafka.ReplicaNotAvailable, kafka.NotLeaderForPartition:
			return errTransient
		case kafka.TopicAuthorizationFailed, kafka.ClusterAuthorizationFailed,
			kafka.SASLAuthenticationFailed, kafka.UnsupportedVersion,
			kafka.UnsupportedForMessageFormat:
			return errFatal
		}
		if ke.Temporary() {
			return errTransient
		}
		return errFatal
	case errors.Is(err, protocol.ErrNoTopic), errors.Is(err, protocol.ErrNoPartition):
		// The stream's own metadata, refreshed from the cluster, no longer
		// has the partition: the topic was deleted.
		return errFatal
	case errors.Is(err, protocol.ErrNoLeader),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return errTransient
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return errTransient
	}
	return errUnknown
}

// backoff spaces out retries: 50ms doubling to 1s (about the time a stream's
// metadata takes to catch up with a new leader), with jitter so that the
// partitions of a stream do not retry in lockstep.
type backoff struct{ n int }

func (b *backoff) reset() { b.n = 0 }

// wait sleeps for the next interval; false if ctx ended first.
func (b *backoff) wait(ctx context.Context) bool {
	d := 50 * time.Millisecond << min(b.n, 5)
	d = min(d, time.Second)
	b.n++
	d = d/2 + rand.N(d/2+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
