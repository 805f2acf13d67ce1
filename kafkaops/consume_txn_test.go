package kafkaops

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// txnProducer is a transactional kgo client writing to one topic.
func txnProducer(t *testing.T, brokers []string, topic, id string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(brokers...),
		kgo.TransactionalID(id),
		kgo.TransactionTimeout(2*time.Minute), // the open one must stay open
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.DefaultProduceTopic(topic),
		kgo.ProducerBatchMaxBytes(2<<20),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// txnProduce writes values to partition p inside the current transaction.
func txnProduce(t *testing.T, ctx context.Context, cl *kgo.Client, p int32, values ...string) {
	t.Helper()
	for _, v := range values {
		if err := cl.ProduceSync(ctx, &kgo.Record{Partition: p, Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

// txnRun writes one whole transaction and commits or aborts it.
func txnRun(t *testing.T, ctx context.Context, cl *kgo.Client, commit bool, p int32, values ...string) {
	t.Helper()
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	txnProduce(t, ctx, cl, p, values...)
	if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
		t.Fatal(err)
	}
}

// txnWaitEnd waits until partition p's high watermark reaches want
// (markers are written asynchronously on a real cluster).
func txnWaitEnd(t *testing.T, ctx context.Context, brokers []string, topic string, p int32, want int64) {
	t.Helper()
	adm, _ := testkafka.Admin(t, brokers)
	for deadline := time.Now().Add(30 * time.Second); ; {
		ends, err := adm.ListEndOffsets(ctx, topic)
		if err == nil {
			if o, ok := ends.Lookup(topic, p); ok && o.Offset >= want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/%d: end offset never reached %d: %v %v", topic, p, want, ends, err)
		}
		time.Sleep(50 * time.Millisecond) // polling broker state
	}
}

// txnShow lists records as value@offset, with the transaction mark.
func txnShow(recs []Record) string {
	var out []string
	for _, r := range recs {
		s := fmt.Sprintf("%s@%d", r.Value, r.Offset)
		if len(r.Value) > 20 {
			s = fmt.Sprintf("big@%d", r.Offset)
		}
		if r.Txn != TxnNone {
			s += "(" + r.Txn.String() + ")"
		}
		out = append(out, fmt.Sprintf("p%d:%s", r.Partition, s))
	}
	return strings.Join(out, " ")
}

// TestConsumeIsolation writes, on partition 0, a committed transaction, an
// aborted one, a committed one and one left open, and on partition 1 two
// transactions ending on an abort marker. read_uncommitted delivers every
// record and marks the aborted and open ones; read_committed leaves out the
// aborted ones and stops at the last stable offset, before the open one.
func TestConsumeIsolation(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 2)
	ctx := consumeCtx(t)
	a := txnProducer(t, brokers, topic, topic+"-a")
	txnRun(t, ctx, a, true, 0, "a", "b")  // 0 1, commit 2
	txnRun(t, ctx, a, false, 0, "x")      // 3, abort 4
	txnRun(t, ctx, a, true, 0, "c")       // 5, commit 6
	txnRun(t, ctx, a, true, 1, "p", "q")  // 0 1, commit 2
	txnRun(t, ctx, a, false, 1, "y", "z") // 3 4, abort 5
	txnWaitEnd(t, ctx, brokers, topic, 0, 7)
	txnWaitEnd(t, ctx, brokers, topic, 1, 6)
	open := txnProducer(t, brokers, topic, topic+"-open")
	if err := open.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	txnProduce(t, ctx, open, 0, "o") // 7, never ended
	txnWaitEnd(t, ctx, brokers, topic, 0, 8)

	for _, tc := range []struct {
		iso      Isolation
		want     string
		lastStab int64 // partition 0's, after the read
	}{
		{ReadUncommitted, "p0:a@0 p0:b@1 p0:x@3(aborted) p0:c@5 p0:o@7(open) p1:p@0 p1:q@1 p1:y@3(aborted) p1:z@4(aborted)", 7},
		{ReadCommitted, "p0:a@0 p0:b@1 p0:c@5 p1:p@0 p1:q@1", 7},
	} {
		s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true, Isolation: tc.iso})
		if tc.iso == ReadCommitted && s.Starts[0].LogEnd != 7 {
			t.Errorf("%v: partition 0 ends at %d, want the last stable offset 7", tc.iso, s.Starts[0].LogEnd)
		}
		got := consumeDrain(t, s, 20*time.Second)
		if err := s.Err(); err != nil {
			t.Fatalf("%v: %v", tc.iso, err)
		}
		// Order across partitions is not defined: compare per partition.
		var p0, p1 []Record
		for _, r := range got {
			if r.Partition == 0 {
				p0 = append(p0, r)
			} else {
				p1 = append(p1, r)
			}
		}
		if g := txnShow(append(p0, p1...)); g != tc.want {
			t.Errorf("%v:\n got  %s\n want %s", tc.iso, g, tc.want)
		}
		pp := s.Positions()
		if pp[1].Next != 6 {
			t.Errorf("%v: partition 1 next = %d, want 6 (past the final abort marker)", tc.iso, pp[1].Next)
		}
		if tc.iso == ReadCommitted && pp[0].LastStable != tc.lastStab {
			t.Errorf("%v: partition 0 last stable offset = %d, want %d", tc.iso, pp[0].LastStable, tc.lastStab)
		}
	}

	// A live read_committed stream holds the open transaction's record
	// back until it commits, then delivers it.
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Partitions: []int32{0}, Start: Position{Kind: PosOffset, Offset: 5}, Isolation: ReadCommitted})
	first := consumeTake(t, s, 1, 20*time.Second)
	if g := txnShow(first); g != "p0:c@5" {
		t.Fatalf("live committed: first %s, want p0:c@5", g)
	}
	select {
	case r := <-s.Records:
		t.Fatalf("live committed: delivered %s past the last stable offset", txnShow([]Record{r}))
	case <-time.After(500 * time.Millisecond): // a negative check: nothing may come
	}
	if err := open.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	if g := txnShow(consumeTake(t, s, 1, 20*time.Second)); g != "p0:o@7" {
		t.Errorf("live committed after the commit: %s, want p0:o@7", g)
	}
}

// TestConsumeAbortMarkerBeyondResponse: the abort marker of a transaction
// lies past the first fetch response (more than fetchMaxBytes of other
// records in between), so read_uncommitted learns the transaction's fate
// from the aborted-transactions list rather than from the marker.
func TestConsumeAbortMarkerBeyondResponse(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	ctx := consumeCtx(t)
	a := txnProducer(t, brokers, topic, topic+"-a")
	plain, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(2<<20))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if err := a.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	txnProduce(t, ctx, a, 0, "x") // 0
	big := string(bytes.Repeat([]byte("v"), fetchMaxBytes/2+1))
	for range 3 { // 1 2 3
		if err := plain.ProduceSync(ctx, &kgo.Record{Partition: 0, Value: []byte(big)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.EndTransaction(ctx, kgo.TryAbort); err != nil { // marker 4
		t.Fatal(err)
	}
	txnRun(t, ctx, a, true, 0, "c") // 5, commit 6
	txnWaitEnd(t, ctx, brokers, topic, 0, 7)

	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 20*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if g, want := txnShow(got), "p0:x@0(aborted) p0:big@1 p0:big@2 p0:big@3 p0:c@5"; g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
