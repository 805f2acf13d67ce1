package tail

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestRealStreamInOrder streams records through the real kafkaops consumer
// from a Kafka-protocol cluster into the pane's Update loop, batches and
// all, while a producer is still writing, and checks every partition's
// offsets arrive in order with none missing or repeated.
func TestRealStreamInOrder(t *testing.T) {
	brokers := testkafka.Brokers(t)
	const parts, before, after = 3, 400, 600
	topic := testkafka.Topic(t, brokers, parts)
	produce := func(from, to int) {
		var recs []*kgo.Record
		for i := from; i < to; i++ {
			p := int32(i % parts)
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p,
				Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, `{"n":%d}`, i)})
		}
		testkafka.Produce(t, brokers, recs...)
	}
	produce(0, before)

	cl, err := kafkaops.Open(kafkaops.Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	m := New(newCommon(0), cl, topic)
	m.SetSize(100, 30)
	press(t, m, "tab", "backspace", "backspace", "backspace") // clear "-50"
	typeText(t, m, "beginning")
	msgs := press(t, m, "enter")
	op, raw, ok := uitest.Result[openedMsg](msgs)
	if !ok || op.err != nil {
		t.Fatalf("open: %v", msgs)
	}
	m.Update(raw)
	defer m.Close()

	go produce(before, before+after) // while the tail runs
	next := map[int32]int64{}
	deadline := time.Now().Add(time.Minute)
	batches := 0
	for m.received < before+after {
		if time.Now().After(deadline) {
			t.Fatalf("received %d of %d; positions %+v", m.received, before+after, m.src.positions())
		}
		seen := m.ring.next
		for _, msg := range uitest.RunCmd(t, m.Wrap(wait(m.src))) {
			m.Update(msg)
		}
		batches++
		for s := seen; s < m.ring.next; s++ {
			r := m.ring.get(s).rec
			if r.Offset != next[r.Partition] {
				t.Fatalf("partition %d: offset %d after %d", r.Partition, r.Offset, next[r.Partition]-1)
			}
			next[r.Partition]++
		}
		// The position line moves with each batch: never behind the
		// rows it describes.
		for _, pos := range m.pos {
			if pos.Next < next[pos.Partition] {
				t.Fatalf("partition %d: rows show offset %d, the position line @%d", pos.Partition, next[pos.Partition]-1, pos.Next)
			}
		}
	}
	total := int64(0)
	for p := int32(0); p < parts; p++ {
		total += next[p]
	}
	if total != before+after || m.received != total {
		t.Errorf("got %d records (%v), want %d", total, next, before+after)
	}
	if batches >= int(m.received) {
		t.Errorf("%d batches for %d records: not batching", batches, m.received)
	}
	t.Logf("%d records in %d batches", m.received, batches)
	// Everything produced is shown: nothing is behind.
	if line := m.positionLine(); !strings.Contains(line, "lag 0 · p0 @") {
		t.Errorf("caught up, the position line says %q", line)
	}
}

// TestLeavingStopsTheReaders closes a running tail (as leaving the pane
// does): the stream must end at once and leave no goroutine behind.
func TestLeavingStopsTheReaders(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 4)
	cl, err := kafkaops.Open(kafkaops.Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	before := runtime.NumGoroutine()
	m := New(newCommon(0), cl, topic)
	m.SetSize(100, 30)
	op, raw, ok := uitest.Result[openedMsg](press(t, m, "enter"))
	if !ok || op.err != nil {
		t.Fatalf("open: %+v", op)
	}
	m.Update(raw)
	// A wait is in flight on the empty topic, as in the program.
	done := make(chan tea.Msg, 1)
	go func() { done <- wait(m.src)() }()

	start := time.Now()
	m.Close()
	select {
	case msg := <-done:
		if b, ok := msg.(batchMsg); !ok || !b.closed || b.err != nil {
			t.Errorf("after Close: %+v", msg)
		}
	case <-time.After(time.Minute): // a condition, not a speed
		t.Fatal("the stream did not end after Close")
	}
	t.Logf("stream ended %s after Close", time.Since(start).Round(time.Millisecond))
	deadline := time.Now().Add(time.Minute) // a condition, not a speed
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling the runtime's count
	}
}
