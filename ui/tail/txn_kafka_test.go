package tail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestRealTransactionsMarked tails a topic written by a transactional
// producer (one committed, one aborted, one left open) through the real
// consumer: read_uncommitted lists everything with the txn column, the
// header counts; read_committed lists only the committed records and says
// that an open transaction holds it.
func TestRealTransactionsMarked(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	txn := func(id string, end *kgo.TransactionEndTry, values ...string) {
		cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID(id+"-"+topic),
			kgo.TransactionTimeout(2*time.Minute), kgo.DefaultProduceTopic(topic))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = cl.EndTransaction(ctx, kgo.TryAbort)
			cl.Close()
		})
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(v)}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
		if end != nil {
			if err := cl.EndTransaction(ctx, *end); err != nil {
				t.Fatal(err)
			}
		}
	}
	commit, abort := kgo.TryCommit, kgo.TryAbort
	txn("c", &commit, "c0", "c1")
	txn("a", &abort, "a0", "a1", "a2")
	txn("o", nil, "o0")

	cl, err := kafkaops.Open(kafkaops.Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	tailOf := func(isolation string, want int) *Model {
		m := New(newCommon(0), cl, topic)
		m.SetSize(100, 30)
		press(t, m, "tab", "backspace", "backspace", "backspace") // clear "-50"
		typeText(t, m, "beginning")
		press(t, m, "tab")
		for range len("uncommitted") {
			press(t, m, "backspace")
		}
		typeText(t, m, isolation)
		op, raw, ok := uitest.Result[openedMsg](press(t, m, "enter"))
		if !ok || op.err != nil {
			t.Fatalf("open: %+v", op)
		}
		m.Update(raw)
		t.Cleanup(m.Close)
		deadline := time.Now().Add(30 * time.Second)
		for m.received < int64(want) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: received %d of %d", isolation, m.received, want)
			}
			for _, msg := range uitest.RunCmd(t, m.Wrap(wait(m.src))) {
				m.Update(msg)
			}
		}
		return m
	}

	m := tailOf("uncommitted", 6)
	v := view(m)
	mustContain(t, v, "read_uncommitted", "aborted 3 · open 1", "offset txn", "aborted", "open")

	m = tailOf("committed", 2)
	v = view(m)
	mustContain(t, v, "read_committed")
	// The open transaction holds partition 0 back: the position line
	// says so once a fetch has reported the last stable offset.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(v, "open txn") {
		if time.Now().After(deadline) {
			t.Fatalf("the position line does not say an open transaction holds the tail:\n%s", v)
		}
		m.Update(own(m, tickMsg{at: time.Now()}))
		v = view(m)
	}
	if m.received != 2 || strings.Contains(v, "a0") || strings.Contains(v, "o0") || strings.Contains(v, "offset txn") {
		t.Errorf("committed tail shows more than c0, c1 (%d records):\n%s", m.received, v)
	}
}
