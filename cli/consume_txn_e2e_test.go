package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// txnProducer is a franz-go transactional producer writing to explicit
// partitions, for the transaction tests.
func txnProducer(t *testing.T, brokers []string, id string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID(id),
		kgo.TransactionTimeout(2*time.Minute), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = cl.EndTransaction(ctx, kgo.TryAbort) // the open one, at the end
		cl.Close()
	})
	return cl
}

// inTxn writes values (partition, value pairs) in one transaction and
// ends it as end says; end nil leaves it open.
func inTxn(t *testing.T, cl *kgo.Client, topic string, end *kgo.TransactionEndTry, recs ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(recs); i += 2 {
		r := &kgo.Record{Topic: topic, Partition: int32(recs[i].(int)), Value: []byte(recs[i+1].(string))}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatalf("produce %s: %v", recs[i+1], err)
		}
	}
	if end != nil {
		if err := cl.EndTransaction(ctx, *end); err != nil {
			t.Fatalf("end transaction: %v", err)
		}
	}
}

// TestConsumeTransactions writes committed, aborted and open transactions
// with franz-go's transactional producer (partition 1 ends on an abort
// marker) and reads them back in both isolation levels: uncommitted gives
// every record with the aborted and open ones marked, committed leaves the
// aborted ones out and stops at the open transaction with -e.
func TestConsumeTransactions(t *testing.T) {
	brokers := testkafka.Brokers(t)
	b := strings.Join(brokers, ",")
	topic := testkafka.Topic(t, brokers, 2)
	commit, abort := kgo.TryCommit, kgo.TryAbort
	a := txnProducer(t, brokers, "kt-a-"+topic)
	inTxn(t, a, topic, &commit, 0, "c0", 0, "c1", 1, "c0")
	inTxn(t, a, topic, &abort, 0, "a0", 0, "a1", 0, "a2", 1, "a0")
	inTxn(t, a, topic, &commit, 0, "c2")
	inTxn(t, txnProducer(t, brokers, "kt-b-"+topic), topic, nil, 0, "o0", 0, "o1")

	// Offsets as Kafka gives them: each commit or abort marker takes one.
	all := []txnRecord{
		{0, 0, "c0", ""}, {0, 1, "c1", ""}, {0, 3, "a0", "aborted"}, {0, 4, "a1", "aborted"}, {0, 5, "a2", "aborted"},
		{0, 7, "c2", ""}, {0, 9, "o0", "open"}, {0, 10, "o1", "open"},
		{1, 0, "c0", ""}, {1, 2, "a0", "aborted"},
	}
	committed := []txnRecord{{0, 0, "c0", ""}, {0, 1, "c1", ""}, {0, 7, "c2", ""}, {1, 0, "c0", ""}}
	for _, tc := range []struct {
		isolation string
		want      []txnRecord
	}{{"uncommitted", all}, {"committed", committed}} {
		got := kafkatuiTxnRecords(t, b, topic, tc.isolation)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d records, want %d:\n got  %v\n want %v", tc.isolation, len(got), len(tc.want), got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: record %d is %v, want %v", tc.isolation, i, got[i], tc.want[i])
			}
		}
	}

	r := runWithin(t, time.Minute, "-b", b, "consume", topic, "-e", "-p", "1")
	r.ok(t)
	if r.stdout != "c0\na0\n" || !strings.Contains(r.stderr, "/1: offset 2: aborted transaction: rolled back") {
		t.Errorf("plain: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = runWithin(t, time.Minute, "-b", b, "--isolation", "committed", "consume", topic, "-e", "-p", "0")
	r.ok(t)
	if r.stdout != "c0\nc1\nc2\n" || !strings.HasSuffix(r.stderr, "/0: stopped at offset 9, where a transaction is still open; 2 more offsets up to 11 wait for it to end (--isolation uncommitted shows them)\n") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("plain committed: stdout %q stderr %q", r.stdout, r.stderr)
	}
}
