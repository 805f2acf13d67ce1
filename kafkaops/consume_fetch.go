package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
)

// Reading a partition: fetch requests of our own.
//
// kafka-go's readers (kafka.Reader, Conn.ReadBatch, Client.Fetch) decode
// records one by one through io.Reader pages, which was most of the CPU of
// a consume, and they drop what the batch header and the fetch response
// say: the max timestamp that LogAppendTime topics stamp, the producer id and
// transactional bit of a batch, the last stable offset and the aborted
// transactions. So each partition runs a loop of Fetch requests of its own
// (fetchreq.go, over the stream Transport's connections) and decodes the
// record batches itself (recbatch.go), with the next fetch in flight while a
// response is delivered (librdkafka, under kcat, prefetches too).
const (
	// fetchMaxWait is how long a broker holds a fetch at the end of the log.
	// Short, so that cancelling a stream returns quickly.
	fetchMaxWait = 250 * time.Millisecond
	// fetchMaxBytes bounds one fetch response (Java's max.partition.fetch.bytes).
	// Brokers still return a larger first batch whole, so a big record never
	// blocks the stream. Larger values measured no faster and cost memory:
	// a reader holds two responses (one decoded, one read), a recycling
	// stream a few more.
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
	iso       Isolation
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
	// leader is the broker fresh metadata named as the partition's leader
	// after a leader error; -1 leaves routing to the Transport's metadata.
	leader atomic.Int32
	// batch holds one response's records on their way to out.
	batch []Record

	// Decoding state, reused from response to response.
	bodies [2][]byte // responses' bytes; records are copied out of them
	turn   int       // which of bodies the next fetch reads into
	// recycle (ConsumeRequest.Recycle) leaves records' bytes in the
	// response, which goes with its batch until Stream.Recycle hands both
	// back through free.
	recycle bool
	free    *recycler
	probe   []byte // the body of a read_committed fetch for aborted lists
	hdrs    []batchHeader
	anyTxn  bool  // some batch of hdrs is transactional
	scanErr error // why scan could not split the response
	fates   []TxnState
	arena   arena
	dec     decompressor
}

func (r *partitionReader) where() string { return fmt.Sprintf("%s/%d", r.topic, r.partition) }

// run reads until ctx is done (nil), the stop offset is reached (nil) or a
// fatal error (returned, wrapped with the partition).
//
// While one response's records are handed to the consumer, the fetch for
// the next is already on its way: against a remote cluster the round trip
// would otherwise be paid on every response.
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
			// The next fetch starts as soon as the batch headers say
			// where it starts, and reads into the other buffer while
			// this response is decoded and delivered.
			at := r.scan(&res.resp)
			if r.stop < 0 || at < r.stop {
				pending = r.fetchAsync(ctx, at)
			}
			err = r.collect(ctx, &res.resp)
			if pending != nil && (err != nil || r.fetchAt != at) {
				<-pending // its buffer must be free before any other fetch
				pending = nil
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			bo.reset()
			unknownSince = time.Time{}
			if !r.send(ctx, res.resp.body) {
				return nil
			}
			r.publish(res.resp.hw, res.resp.lso)
			continue
		}
		if errors.Is(err, kafka.OffsetOutOfRange) {
			err = r.outOfRange(ctx)
			if err == nil {
				continue
			}
		}
		if fetchLeaderGone(err) {
			if lerr := r.refreshLeader(ctx); lerr != nil {
				err = lerr
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

// fetch asks the partition's leader for records from offset at on. Fetches
// take turns with two buffers: one response is decoded from one while the
// next is read into the other.
func (r *partitionReader) fetch(ctx context.Context, at int64) fetchResult {
	return r.fetchFrom(ctx, at, r.iso, fetchMaxBytes, fetchMaxWait, r.nextBody())
}

// nextBody is the buffer the next fetch reads into: one of the two the
// reader takes turns with, or for a recycling stream one handed back by
// the receiver.
func (r *partitionReader) nextBody() *[]byte {
	if r.recycle {
		b := r.free.body()
		return &b
	}
	body := &r.bodies[r.turn]
	r.turn ^= 1
	return body
}

// fetchAsync is fetch in a goroutine of its own. The channel has room for
// the result, so the goroutine ends even if nobody reads it.
func (r *partitionReader) fetchAsync(ctx context.Context, at int64) <-chan fetchResult {
	body := r.nextBody()
	ch := make(chan fetchResult, 1)
	go func() { ch <- r.fetchFrom(ctx, at, r.iso, fetchMaxBytes, fetchMaxWait, body) }()
	return ch
}

// send hands the collected records to the consumer; false if ctx ended
// first. For a Batched stream the slice itself goes, and the next response
// gets a new one; otherwise it is reused.
func (r *partitionReader) send(ctx context.Context, body []byte) bool {
	if r.batches != nil {
		if len(r.batch) == 0 {
			r.free.putBody(body)
			return true
		}
		if r.recycle {
			r.free.lease(r.batch, body)
		}
		select {
		case r.batches <- r.batch:
			if r.recycle {
				r.batch = r.free.records()
			} else {
				r.batch = make([]Record, 0, cap(r.batch))
			}
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

// scan splits a response into its batches (r.hdrs) and returns the offset
// the next fetch starts at: past the last whole batch that collect will go
// through. A malformed response is left to collect to report.
func (r *partitionReader) scan(resp *fetched) int64 {
	r.hdrs = r.hdrs[:0]
	r.anyTxn = false
	r.scanErr = nil
	for b := resp.batches; ; {
		h, rest, ok, err := nextBatch(b)
		if err != nil {
			r.scanErr = err
			break
		}
		if !ok {
			break
		}
		r.hdrs = append(r.hdrs, h)
		r.anyTxn = r.anyTxn || h.transactional()
		b = rest
	}
	at := r.fetchAt
	limit := r.limit(resp)
	for i := range r.hdrs {
		h := &r.hdrs[i]
		if (limit >= 0 && h.base >= limit) || (r.stop >= 0 && h.base >= r.stop) {
			break
		}
		at = max(at, h.last()+1)
	}
	return at
}

// limit is the offset a response's records may not reach: the last stable
// offset for read_committed (the broker does not send records past it
// either), none (-1) for read_uncommitted.
func (r *partitionReader) limit(resp *fetched) int64 {
	if r.iso == ReadCommitted && resp.lso >= 0 {
		return resp.lso
	}
	return -1
}

// collect decodes the record batches of one fetch response into r.batch, in
// offset order, from next on, and moves fetchAt and next past them. Control
// batches (transaction markers) take offsets but are not data; a batch whose
// tail compaction removed still ends at its last offset, so fetchAt always
// moves past whole batches, as Kafka's Java consumer does.
func (r *partitionReader) collect(ctx context.Context, resp *fetched) error {
	if r.scanErr != nil {
		return &decodeError{r.scanErr}
	}
	anyTxn := r.anyTxn
	if err := r.txnFates(ctx, resp, anyTxn); err != nil {
		return err
	}
	limit := r.limit(resp)
	for i := range r.hdrs {
		h := &r.hdrs[i]
		if h.last() < r.fetchAt {
			continue // a batch before the offset asked for
		}
		if (limit >= 0 && h.base >= limit) || (r.stop >= 0 && h.base >= r.stop) {
			break
		}
		if err := h.check(); err != nil {
			return &decodeError{err}
		}
		if !h.control() && !(r.iso == ReadCommitted && r.fates[i] == TxnAborted) {
			if err := r.decode(h, r.fates[i]); err != nil {
				return err
			}
		}
		end := h.last() + 1
		r.fetchAt = max(r.fetchAt, end)
		if r.stop >= 0 {
			// Offsets below stop that were not seen do not exist
			// (compacted away, markers), so the partition is done.
			end = min(end, r.stop)
		}
		r.next = max(r.next, end)
	}
	return nil
}

// decode appends the batch's records from next on (and below stop) to
// r.batch.
func (r *partitionReader) decode(h *batchHeader, txn TxnState) error {
	data, err := r.dec.records(h)
	if err != nil {
		return &decodeError{err}
	}
	from := max(r.fetchAt, r.next)
	until := r.stop
	// A recycling stream's records stay in the response; those of a
	// compressed batch are copied, from a buffer reused batch to batch.
	borrow := r.recycle && h.attrs&attrCodec == 0
	d := recordDecoder{b: data}
	for range h.count {
		r.batch = append(r.batch, Record{Topic: r.topic, Partition: r.partition, Txn: txn})
		rec := &r.batch[len(r.batch)-1]
		kept := decodeRecord(&d, h, &r.arena, rec, from, until, borrow)
		if d.err != nil {
			r.batch = r.batch[:len(r.batch)-1]
			return &decodeError{fmt.Errorf("record batch at offset %d: %w", h.base, d.err)}
		}
		if !kept {
			r.batch = r.batch[:len(r.batch)-1]
		}
	}
	return nil
}

// decodeError is a response that cannot be decoded: retrying would read
// the same bytes again.
type decodeError struct{ err error }

func (e *decodeError) Error() string {
	return "the leader sent a malformed Fetch reply: " + e.err.Error()
}
func (e *decodeError) Unwrap() error { return e.err }

// publish makes the reader's progress visible to Stream.Positions: once per
// fetch response, not per record, so the mutex stays cold.
func (r *partitionReader) publish(hw, lso int64) {
	r.s.mu.Lock()
	r.pos.Next = r.next
	r.pos.Retrying = nil
	if hw >= 0 {
		r.pos.HighWatermark = hw
	}
	if lso >= 0 {
		r.pos.LastStable = lso
	}
	r.s.mu.Unlock()
}

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
