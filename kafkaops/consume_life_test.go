package kafkaops

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// The life of a stream: following new records, cancellation, failures,
// transactions, and what it leaves behind. Helpers are in consume_test.go.

// TestConsumeCancel: cancelling the context closes Records promptly, both
// while the reader long-polls at the end of the log and while it is blocked
// on a full channel, and a cancelled stream has no error.
func TestConsumeCancel(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 2, 50, consumePast(50))

	for _, tc := range []struct {
		name string
		req  ConsumeRequest
	}{
		{"polling at the end", ConsumeRequest{Topic: topic, Start: Position{Kind: PosEnd}}},
		{"blocked on a full channel", ConsumeRequest{Topic: topic, Buffer: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(consumeCtx(t))
			s := consumeOpen(t, c, ctx, tc.req)
			if tc.req.Start.Kind == PosBeginning {
				consumeTake(t, s, 1, 10*time.Second)
			} else {
				consumeQuiet(t, s, 400*time.Millisecond) // let it reach a long poll
			}
			cancel()
			start := time.Now()
			for {
				select {
				case _, ok := <-s.Records:
					if ok {
						continue // what was already buffered
					}
				case <-time.After(minWait): // a condition, not a speed: a stream ignoring cancel never closes
					t.Fatalf("Records still open %s after cancel", minWait)
				}
				break
			}
			t.Logf("closed %s after cancel", time.Since(start).Round(time.Millisecond))
			if err := s.Err(); err != nil {
				t.Errorf("cancelled stream error = %v, want nil", err)
			}
		})
	}
}

// TestConsumeUnreachable: with no broker listening, or one that accepts
// connections and never answers, Consume fails within the request timeout
// and says what it was doing.
func TestConsumeUnreachable(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = silent.Close() })
	go func() {
		var held []net.Conn // accepted and never answered, closed with the test
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	for _, tc := range []struct{ name, addr, want string }{
		{"refused", "127.0.0.1:1", "connection refused"},
		{"silent", silent.Addr().String(), "no answer from " + silent.Addr().String() + " within 2s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Open(Config{Brokers: []string{tc.addr}, Timeout: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			err = endsItself(t, "Consume", func(ctx context.Context) error {
				_, err := c.Consume(ctx, ConsumeRequest{Topic: "orders"})
				return err
			})
			if err == nil || !strings.HasPrefix(err.Error(), "consume orders: read metadata: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want consume orders: read metadata: ...%s", err, tc.want)
			}
			t.Logf("%s after %s", err, time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestConsumeLiveTail follows a partition from the end while records are
// produced, checking order and Positions.
func TestConsumeLiveTail(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 2, 5, consumePast(5))
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosEnd}})
	for round := 0; round < 3; round++ {
		var recs []*kgo.Record
		for i := 0; i < 4; i++ {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: int32(i % 2), Value: []byte(fmt.Sprintf("r%d-%d", round, i))})
		}
		testkafka.Produce(t, brokers, recs...)
		got := consumeOffsets(consumeTake(t, s, 4, 20*time.Second))
		want := consumeRange(int64(5+2*round), int64(7+2*round))
		if !consumeSameOffsets(got[0], want) || !consumeSameOffsets(got[1], want) {
			t.Fatalf("round %d offsets = %v, want %v on both partitions", round, got, want)
		}
	}
	// Positions are published per fetch; wait for the last one.
	deadline := time.Now().Add(minWait)
	for {
		pp := s.Positions()
		if len(pp) == 2 && pp[0].Next == 11 && pp[1].Next == 11 && pp[0].HighWatermark == 11 && pp[1].HighWatermark == 11 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Positions = %+v, want next 11 and high watermark 11 on both", pp)
		}
		time.Sleep(20 * time.Millisecond) // polling a value another goroutine publishes
	}
}

// TestConsumeManyFetches reads enough records to need many fetches and
// checks that offsets are consecutive, with no duplicate or gap.
func TestConsumeManyFetches(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	const n = 20000
	val := bytes.Repeat([]byte("v"), 300)
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Partition: 0, Value: val}
	}
	testkafka.Produce(t, brokers, recs...)
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, StopAtEnd: true, Buffer: 16})
	got := consumeDrain(t, s, 60*time.Second)
	if s.Err() != nil || len(got) != n {
		t.Fatalf("got %d records, err %v; want %d", len(got), s.Err(), n)
	}
	for i, r := range got {
		if r.Offset != int64(i) || !bytes.Equal(r.Value, val) {
			t.Fatalf("record %d has offset %d (%d bytes)", i, r.Offset, len(r.Value))
		}
	}
}

// TestConsumeTransactions: transaction markers take offsets but are not
// records; the stream steps over them, including a marker that is the last
// offset of the log (StopAtEnd must still finish).
func TestConsumeTransactions(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(brokers...),
		kgo.TransactionalID(topic+"-txn"),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.DefaultProduceTopic(topic),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := consumeCtx(t)
	txn := func(commit bool, values ...string) {
		t.Helper()
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			if err := cl.ProduceSync(ctx, &kgo.Record{Partition: 0, Value: []byte(v)}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
			t.Fatal(err)
		}
	}
	txn(true, "a", "b")
	txn(false, "aborted")
	txn(true, "c")

	// Wait until the last marker is in the log (markers are written
	// asynchronously on a real cluster).
	adm, _ := testkafka.Admin(t, brokers)
	for deadline := time.Now().Add(minWait); ; {
		ends, err := adm.ListEndOffsets(ctx, topic)
		if err == nil {
			if o, ok := ends.Lookup(topic, 0); ok && o.Offset >= 7 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("transaction markers not written: %v %v", ends, err)
		}
		time.Sleep(50 * time.Millisecond) // polling broker state
	}

	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	if s.Starts[0].LogEnd != 7 {
		t.Fatalf("log end = %d, want 7 (4 records, 3 markers)", s.Starts[0].LogEnd)
	}
	got := consumeDrain(t, s, 20*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	// Log: a@0 b@1 commit@2 aborted@3 abort@4 c@5 commit@6. Aborted data is
	// shown (read_uncommitted, like kafka-console-consumer's default).
	var seen []string
	for _, r := range got {
		seen = append(seen, fmt.Sprintf("%s@%d", r.Value, r.Offset))
	}
	if want := "a@0 b@1 aborted@3 c@5"; strings.Join(seen, " ") != want {
		t.Errorf("records = %q, want %q", strings.Join(seen, " "), want)
	}
	if pp := s.Positions(); pp[0].Next != 7 {
		t.Errorf("next after the end = %d, want 7", pp[0].Next)
	}
}

// TestConsumeTopicDeleted: deleting the topic under a stream ends it with an
// error saying so.
func TestConsumeTopicDeleted(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 1, 2, consumePast(2))
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic})
	consumeTake(t, s, 2, 10*time.Second)
	adm, _ := testkafka.Admin(t, brokers)
	if _, err := adm.DeleteTopics(consumeCtx(t), topic); err != nil {
		t.Fatal(err)
	}
	if recs := consumeDrain(t, s, 30*time.Second); len(recs) != 0 {
		t.Errorf("got %d records after the delete", len(recs))
	}
	if err := s.Err(); err == nil || !strings.Contains(err.Error(), topic) || !strings.Contains(err.Error(), "no longer exists") {
		t.Errorf("err = %v, want the topic no longer exists", err)
	}
}

// TestConsumeReleasesResources opens and cancels streams repeatedly and
// checks that their goroutines (readers, prefetches, the stream Transport's
// metadata refresher and connections) go away.
func TestConsumeReleasesResources(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 3, 20, consumePast(20))
	runOnce := func() {
		ctx, cancel := context.WithCancel(consumeCtx(t))
		s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Start: Position{Kind: PosFromEnd, Offset: 5}})
		consumeTake(t, s, 15, 10*time.Second)
		cancel()
		consumeDrain(t, s, 2*time.Second)
	}
	runOnce() // warm up the shared Transport and the test cluster
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		runOnce()
	}
	deadline := time.Now().Add(minWait)
	for {
		after := runtime.NumGoroutine()
		if after <= before+2 {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines before 20 streams, %d after:\n%s", before, after, buf[:n])
		}
		time.Sleep(50 * time.Millisecond) // waiting for goroutines to notice their closed connections
	}
}
