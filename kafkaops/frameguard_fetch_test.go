package kafkaops

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/hostile"
)

// claimingBatch is a record batch with a valid CRC and no records that
// claims count of them.
func claimingBatch(count uint32) []byte {
	var tail []byte
	tail = binary.BigEndian.AppendUint16(tail, 0)          // attributes: uncompressed
	tail = binary.BigEndian.AppendUint32(tail, count-1)    // last offset delta
	tail = binary.BigEndian.AppendUint64(tail, 0)          // first timestamp
	tail = binary.BigEndian.AppendUint64(tail, 0)          // max timestamp
	tail = binary.BigEndian.AppendUint64(tail, ^uint64(0)) // producer id
	tail = binary.BigEndian.AppendUint16(tail, ^uint16(0)) // producer epoch
	tail = binary.BigEndian.AppendUint32(tail, ^uint32(0)) // base sequence
	tail = binary.BigEndian.AppendUint32(tail, count)      // records
	b := binary.BigEndian.AppendUint64(nil, 0)             // base offset
	b = binary.BigEndian.AppendUint32(b, uint32(4+1+4+len(tail)))
	b = binary.BigEndian.AppendUint32(b, 0) // leader epoch
	b = append(b, 2)
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(tail, crc32.MakeTable(crc32.Castagnoli)))
	return append(b, tail...)
}

// TestHugeRecordCountInFetchIsBounded: a fetch reply whose one record
// batch (61 bytes, valid CRC) claims ten million records made kafka-go
// allocate a slot for each before reading one. The guard refuses it; the
// stream reports the malformed reply while it retries, and allocates little.
func TestHugeRecordCountInFetchIsBounded(t *testing.T) {
	c := hostileFetchCluster(t, claimingBatch(10_000_000))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	st, err := c.Consume(ctx, ConsumeRequest{Topic: hostile.Topic, Partitions: []int32{0}, Start: Position{Kind: PosBeginning}, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	var seen error
	for seen == nil {
		select {
		case rec, ok := <-st.Records:
			if ok {
				t.Fatalf("got a record from a malformed reply: %+v", rec)
			}
			seen = st.Err()
			if seen == nil {
				t.Fatal("stream ended without an error")
			}
		case <-time.After(20 * time.Millisecond): // polling Positions: it has no event
			for _, p := range st.Positions() {
				if p.Retrying != nil {
					seen = p.Retrying
				}
			}
		case <-ctx.Done():
			t.Fatal("no error within a minute")
		}
	}
	cancel()
	runtime.ReadMemStats(&after)
	if !strings.Contains(seen.Error(), "sent a malformed Fetch reply") || !strings.Contains(seen.Error(), "claims 10000000 records") {
		t.Errorf("error %q does not say the broker sent a malformed fetch reply", seen)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Errorf("allocated %d MB on a 61-byte record batch", got>>20)
	}
}

// recordBatch is an uncompressed batch of one record made of recordBody
// (attributes onwards), with a valid CRC.
func recordBatch(recordBody []byte) []byte {
	rec := binary.AppendVarint(nil, int64(len(recordBody)))
	rec = append(rec, recordBody...)
	var tail []byte
	tail = binary.BigEndian.AppendUint16(tail, 0)
	tail = binary.BigEndian.AppendUint32(tail, 0)
	tail = binary.BigEndian.AppendUint64(tail, 0)
	tail = binary.BigEndian.AppendUint64(tail, 0)
	tail = binary.BigEndian.AppendUint64(tail, ^uint64(0))
	tail = binary.BigEndian.AppendUint16(tail, ^uint16(0))
	tail = binary.BigEndian.AppendUint32(tail, ^uint32(0))
	tail = binary.BigEndian.AppendUint32(tail, 1)
	tail = append(tail, rec...)
	b := binary.BigEndian.AppendUint64(nil, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(9+len(tail)))
	b = binary.BigEndian.AppendUint32(b, 0)
	b = append(b, 2)
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(tail, crc32.MakeTable(crc32.Castagnoli)))
	return append(b, tail...)
}

// TestRecordClaimingHugeHeaderCount: a record claiming 2^40 headers made
// kafka-go's decoder panic ("makeslice: len out of range") in the
// Transport's goroutine, killing the process. The guard walks the records
// of uncompressed batches and refuses it.
func TestRecordClaimingHugeHeaderCount(t *testing.T) {
	rec := []byte{0}                  // attributes
	rec = binary.AppendVarint(rec, 0) // timestamp delta
	rec = binary.AppendVarint(rec, 0) // offset delta
	rec = binary.AppendVarint(rec, -1)
	rec = binary.AppendVarint(rec, -1)
	rec = binary.AppendVarint(rec, 1<<40) // headers
	batch := recordBatch(rec)
	c := hostileFetchCluster(t, batch)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := c.Consume(ctx, ConsumeRequest{Topic: hostile.Topic, Partitions: []int32{0}, Start: Position{Kind: PosBeginning}, StopAtEnd: true})
	if err != nil {
		t.Fatal(err)
	}
	var seen error
	for seen == nil {
		select {
		case _, ok := <-st.Records:
			if !ok {
				seen = st.Err()
			}
		case <-time.After(20 * time.Millisecond): // polling Positions: it has no event
			for _, p := range st.Positions() {
				seen = cmp.Or(seen, p.Retrying)
			}
		case <-ctx.Done():
			t.Fatal("no error within a minute")
		}
	}
	if !strings.Contains(fmt.Sprint(seen), "sent a malformed Fetch reply") || !strings.Contains(fmt.Sprint(seen), "claims 1099511627776 headers") {
		t.Errorf("error %v does not say the broker sent a malformed fetch reply", seen)
	}
}

// hostileFetchCluster opens a cluster on a hostile broker that answers every
// fetch with batch as partition 0's records.
func hostileFetchCluster(t *testing.T, batch []byte) *Cluster {
	t.Helper()
	s, err := hostile.Listen("127.0.0.1:0", hostile.Config{Fault: func(key, version int16, corr int32) []byte {
		if key != 1 {
			return nil
		}
		resp := kmsg.NewPtrFetchResponse()
		resp.SetVersion(version)
		rt := kmsg.NewFetchResponseTopic()
		rt.Topic, rt.TopicID = hostile.Topic, [16]byte{1, 0x42}
		rp := kmsg.NewFetchResponseTopicPartition()
		rp.HighWatermark, rp.LastStableOffset = hostile.Records, hostile.Records
		rp.RecordBatches = batch
		rt.Partitions = []kmsg.FetchResponseTopicPartition{rp}
		resp.Topics = []kmsg.FetchResponseTopic{rt}
		b := binary.BigEndian.AppendUint32(nil, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(corr))
		if resp.IsFlexible() {
			b = append(b, 0)
		}
		b = resp.AppendTo(b)
		binary.BigEndian.PutUint32(b, uint32(len(b)-4))
		return b
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := Open(Config{Brokers: []string{s.Addr()}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
