package kafkaops

import (
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestConsumeCountsRecordsDeletedBeforeRead lets a stream fall behind,
// deletes the records it was about to read, and checks that it goes on at
// the new log start and says how many it lost.
//
// Determinism: a reader holds at most two fetches' worth of records before
// it blocks on a full Records channel (the response being sent and the one
// prefetched behind it, each at most fetchMaxBytes). With 100 KB records,
// each in its own batch, that is ~22 records, well short of the deletion
// point, so the third fetch is always refused as out of range.
func TestConsumeCountsRecordsDeletedBeforeRead(t *testing.T) {
	const total, deleteTo = 40, 30
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	ctx := consumeCtx(t)

	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	// Random bytes: kgo compresses by default, and a repeated byte would
	// shrink to nothing and fit every record in one fetch.
	value := make([]byte, 100_000)
	_, _ = rand.Read(value)
	for i := range total {
		// One ProduceSync per record: one batch per record, so fetches
		// split between records rather than returning one big batch whole.
		rec := &kgo.Record{Partition: 0, Key: fmt.Appendf(nil, "k%d", i), Value: value}
		if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
			t.Fatalf("produce: %v", err)
		}
	}

	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Start: Position{Kind: PosBeginning}, StopAtEnd: true, Buffer: 1})
	// Wait until the reader has fetched and filled the channel: it is now
	// blocked on the second record of its first response.
	deadline := time.Now().Add(minWait)
	for len(s.Records) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the stream delivered nothing within 20s")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, not synchronising
	}
	if p := s.Positions(); len(p) != 1 || p[0].Skipped != 0 {
		t.Fatalf("positions before deletion = %+v, want one partition with nothing skipped", p)
	}

	adm, _ := testkafka.Admin(t, brokers)
	offs := make(kadm.Offsets)
	offs.Add(kadm.Offset{Topic: topic, Partition: 0, At: deleteTo})
	resp, err := adm.DeleteRecords(ctx, offs)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("delete records: %v", err)
	}

	got := consumeDrain(t, s, 30*time.Second)
	if err := s.Err(); err != nil {
		t.Fatalf("stream ended with %v, want a normal end", err)
	}
	// Records come as 0..k-1, read before the deletion, then deleteTo..total-1.
	k := 0
	for k < len(got) && got[k].Offset == int64(k) {
		k++
	}
	if k == 0 || k >= deleteTo {
		t.Fatalf("read %d records before the gap, want 1..%d (test premise broken)", k, deleteTo-1)
	}
	rest := got[k:]
	if len(rest) != total-deleteTo {
		t.Fatalf("after the gap got %d records, want %d (offsets %v)", len(rest), total-deleteTo, consumeOffsets(got)[0])
	}
	for i, r := range rest {
		if want := int64(deleteTo + i); r.Offset != want || string(r.Key) != fmt.Sprintf("k%d", want) {
			t.Fatalf("record %d after the gap is offset %d key %q, want offset %d", i, r.Offset, r.Key, want)
		}
	}
	p := s.Positions()
	if len(p) != 1 {
		t.Fatalf("positions = %+v, want one partition", p)
	}
	if want := int64(deleteTo - k); p[0].Skipped != want {
		t.Errorf("skipped = %d, want %d (read 0..%d, log start moved to %d)", p[0].Skipped, want, k-1, deleteTo)
	}
	if p[0].ResumedAt != deleteTo {
		t.Errorf("resumed at %d, want the new log start %d", p[0].ResumedAt, deleteTo)
	}
	if p[0].Next != total {
		t.Errorf("next = %d, want %d", p[0].Next, total)
	}
}

// TestConsumeSkippedZeroWhenStartIsMoved checks that a start below the log
// start, already reported in PartitionStart.Note, is not counted again as
// skipped: nothing was lost while the stream ran.
func TestConsumeSkippedZeroWhenStartIsMoved(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 1, 10, consumePast(10))
	adm, _ := testkafka.Admin(t, brokers)
	offs := make(kadm.Offsets)
	offs.Add(kadm.Offset{Topic: topic, Partition: 0, At: 6})
	resp, err := adm.DeleteRecords(consumeCtx(t), offs)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("delete records: %v", err)
	}
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosOffset, Offset: 2}, StopAtEnd: true})
	if got := len(consumeDrain(t, s, 20*time.Second)); got != 4 {
		t.Fatalf("got %d records, want 4", got)
	}
	if p := s.Positions(); len(p) != 1 || p[0].Skipped != 0 {
		t.Errorf("positions = %+v, want nothing skipped", p)
	}
}
