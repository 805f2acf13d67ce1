package kafkaops

import (
	"context"
	"errors"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
)

// Compacted topics: a fetch at an offset inside a batch whose tail was
// compacted away can answer with that batch and nothing at or after the
// offset. collect then finds where the batch ends with the probes below.

// startsWithBatch reports whether a fetch at off answers first with the
// batch whose base offset is base.
func (r *partitionReader) startsWithBatch(ctx context.Context, off, base int64) (bool, error) {
	resp, err := r.sc.client.Fetch(ctx, &kafka.FetchRequest{
		Topic: r.topic, Partition: int(r.partition), Offset: off,
		MinBytes: 1, MaxBytes: 1, MaxWait: time.Millisecond,
	})
	if err == nil && resp.Error != nil {
		err = resp.Error
	}
	if errors.Is(err, kafka.OffsetOutOfRange) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	batches := []kafka.RecordReader{resp.Records}
	if rs, ok := resp.Records.(*protocol.RecordStream); ok {
		batches = rs.Records
	}
	if len(batches) == 0 {
		return false, nil
	}
	ob, ok := batches[0].(interface{ Offset() int64 })
	return ok && ob.Offset() == base, nil
}

// firstOffsetPast returns the smallest offset in (lo, hi] for which same is
// false, given that same(lo) is true, same(hi) is false and same is true up
// to some point and false after it. Probes grow exponentially from lo and
// then bisect, so a short gap costs a few fetches and a long one ~2*log2.
func firstOffsetPast(ctx context.Context, lo, hi int64, same func(context.Context, int64) (bool, error)) (int64, error) {
	step := int64(1)
	for {
		probe := min(lo+step, hi)
		if probe == hi {
			break
		}
		ok, err := same(ctx, probe)
		if err != nil {
			return 0, err
		}
		if !ok {
			hi = probe
			break
		}
		lo = probe
		step *= 2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := same(ctx, mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}
