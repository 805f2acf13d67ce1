package kafkaops

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// txnWriter returns a function that writes values to partition p of topic
// in one transaction, committed or aborted: each transaction ends with a
// marker, an offset that holds no record.
func txnWriter(t *testing.T, brokers []string, topic string) func(p int32, commit bool, values ...string) {
	t.Helper()
	cl := txnProducer(t, brokers, topic, topic+"-txn")
	return func(p int32, commit bool, values ...string) {
		t.Helper()
		ctx := consumeCtx(t)
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		txnProduce(t, ctx, cl, p, values...)
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
			t.Fatal(err)
		}
	}
}

// waitLogEnd waits until every partition's log end reaches its want: a
// real broker writes transaction markers after EndTransaction returns.
func waitLogEnd(t *testing.T, brokers []string, topic string, want map[int32]int64) {
	t.Helper()
	adm, _ := testkafka.Admin(t, brokers)
	for deadline := time.Now().Add(30 * time.Second); ; {
		ends, err := adm.ListEndOffsets(consumeCtx(t), topic)
		ok := err == nil
		for p, w := range want {
			o, found := ends.Lookup(topic, p)
			ok = ok && found && o.Offset >= w
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("log ends %v (%v), want %v", ends, err, want)
		}
		time.Sleep(50 * time.Millisecond) // polling broker state
	}
}

// lastN opens "-n" on topic, reads to the end and returns the starts and
// the offsets read per partition.
func lastN(t *testing.T, c *Cluster, topic string, n int64) ([]PartitionStart, map[int32][]int64) {
	t.Helper()
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosFromEnd, Offset: n}, StopAtEnd: true})
	got := consumeDrain(t, s, 30*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return s.Starts, consumeOffsets(got)
}

// TestConsumeLastRecordsOverMarkers: "-N" delivers the last N records of
// each partition although transaction markers leave only half as many in
// the last N offsets; a partition holding fewer than N starts at the log
// start and says how many it holds; and a look-back that reaches its limit
// starts at what it found and says so.
func TestConsumeLastRecordsOverMarkers(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 2)
	txn := txnWriter(t, brokers, topic)
	// p0: twelve one-record transactions, r@0 m@1 r@2 ... r@22 m@23,
	// then an aborted one: x@24 x@25 m@26. read_uncommitted shows
	// aborted records, so they count.
	for i := range 12 {
		txn(0, true, fmt.Sprint("r", i))
	}
	txn(0, false, "x1", "x2")
	// p1: three plain records in one transaction, r@0 r@1 r@2 m@3.
	txn(1, true, "a", "b", "c")
	waitLogEnd(t, brokers, topic, map[int32]int64{0: 27, 1: 4})

	starts, got := lastN(t, c, topic, 5)
	if want := []int64{18, 20, 22, 24, 25}; !slices.Equal(got[0], want) {
		t.Errorf("-5 on p0: offsets %v, want %v (starts %+v)", got[0], want, starts)
	}
	if starts[0].Offset != 18 || starts[0].Note != "" {
		t.Errorf("-5 on p0: start %+v", starts[0])
	}
	if want := []int64{0, 1, 2}; !slices.Equal(got[1], want) || starts[1].Offset != 0 ||
		starts[1].Note != "only 3 records held; starting at the log start 0" {
		t.Errorf("-5 on p1: offsets %v, start %+v", got[1], starts[1])
	}

	// All of p0's 14 records, found by looking back to the start.
	starts, got = lastN(t, c, topic, 14)
	if len(got[0]) != 14 || got[0][0] != 0 || starts[0].Offset != 0 || starts[0].Note != "" {
		t.Errorf("-14 on p0: offsets %v, start %+v", got[0], starts[0])
	}

	// A look-back limit of 3 offsets past the first 5: windows [22,27)
	// and [19,22), cut by the limit, find 4 records.
	defer func(old int64) { fromEndLookBack = old }(fromEndLookBack)
	fromEndLookBack = 3
	starts, got = lastN(t, c, topic, 5)
	wantNote := "found 4 of the last 5 records within 8 offsets of the end (the look-back limit); starting at 19"
	if !slices.Equal(got[0], []int64{20, 22, 24, 25}) || starts[0].Offset != 19 || starts[0].Note != wantNote {
		t.Errorf("limited -5 on p0: offsets %v, start %+v, want note %q", got[0], starts[0], wantNote)
	}
}

// TestRealConsumeLastRecords runs "-N" on real Kafka: on a compacted topic
// after the cleaner ran, and on a transactional one, comparing with the
// last N records franz-go reads from the beginning.
func TestRealConsumeLastRecords(t *testing.T) {
	if !testkafka.Real() {
		t.Skip("needs a real cluster: " + testkafka.EnvBrokers)
	}
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)

	t.Run("compacted", func(t *testing.T) {
		// Segments roll after 100 ms and any dirt makes a segment
		// cleanable; Kafka 4 refuses segment.bytes under 1 MiB, so time
		// rolls them.
		topic := testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{
			"cleanup.policy": "compact", "segment.ms": "100", "min.cleanable.dirty.ratio": "0.01",
		})
		// Even offsets: a key of their own, kept. Odd offsets: one hot
		// key, of which compaction keeps the last.
		var recs []*kgo.Record
		for i := range 200 {
			key := "hot"
			if i%2 == 0 {
				key = fmt.Sprint("cold-", i)
			}
			recs = append(recs, &kgo.Record{Topic: topic, Partition: 0, Key: []byte(key), Value: []byte(fmt.Sprint(i))})
		}
		testkafka.Produce(t, brokers, recs...)
		// Records that roll the segment of the first 200 so the cleaner
		// may take it, written until the cleaner has run: the log then
		// holds 100 cold records, the last hot one and these.
		deadline := time.Now().Add(3 * time.Minute)
		rolls := 0
		for {
			testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Partition: 0, Key: []byte(fmt.Sprint("roll-", rolls)), Value: []byte("roll")})
			rolls++
			if all := kgoReadAll(t, brokers, topic); len(all) <= 101+rolls {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the log cleaner did not compact %s within 3 minutes", topic)
			}
			time.Sleep(time.Second) // the cleaner runs on its own schedule (log.cleaner.backoff.ms)
		}
		// The last rolls+10 offsets: the rolls, then 190-199 of which
		// compaction left 6.
		checkLastN(t, c, brokers, topic, int64(rolls+10))
	})

	t.Run("transactional", func(t *testing.T) {
		// The layout of TestConsumeLastRecordsOverMarkers: records at
		// even offsets up to 22, markers between, an aborted pair at
		// 24-25 and its marker at 26.
		topic := testkafka.Topic(t, brokers, 1)
		txn := txnWriter(t, brokers, topic)
		for i := range 12 {
			txn(0, true, fmt.Sprint("r", i))
		}
		txn(0, false, "x1", "x2")
		waitLogEnd(t, brokers, topic, map[int32]int64{0: 27})
		starts, got := lastN(t, c, topic, 5)
		if want := []int64{18, 20, 22, 24, 25}; !slices.Equal(got[0], want) || starts[0].Offset != 18 {
			t.Errorf("-5: offsets %v, want %v (start %+v)", got[0], want, starts[0])
		}
		t.Logf("-5: 3 records in the last 5 offsets; started at %d (log %d..%d): %v", starts[0].Offset, starts[0].LogStart, starts[0].LogEnd, got[0])
	})
}

// checkLastN checks "-n" on partition 0 of topic, which has no
// transaction markers, against franz-go, after checking that the last n
// offsets hold fewer than n records (else the test would prove nothing).
func checkLastN(t *testing.T, c *Cluster, brokers []string, topic string, n int64) {
	t.Helper()
	all := kgoReadAll(t, brokers, topic)
	if int64(len(all)) <= n {
		t.Fatalf("only %d records: %v", len(all), all)
	}
	want := all[int64(len(all))-n:]
	end := all[len(all)-1] + 1
	starts, got := lastN(t, c, topic, n)
	if starts[0].LogEnd != end {
		t.Fatalf("log end %d, franz-go's last record at %d", starts[0].LogEnd, end-1)
	}
	inLastN := 0
	for _, o := range all {
		if o >= end-n {
			inLastN++
		}
	}
	if int64(inLastN) >= n {
		t.Fatalf("the last %d offsets hold %d records: no gap to test (%v)", n, inLastN, all)
	}
	if !slices.Equal(got[0], want) {
		t.Errorf("-%d: offsets %v, franz-go's last %d %v (start %+v)", n, got[0], n, want, starts[0])
	}
	t.Logf("-%d: %d records in the last %d offsets; started at %d (log %d..%d): %v", n, inLastN, n,
		starts[0].Offset, starts[0].LogStart, starts[0].LogEnd, got[0])
}

// kgoReadAll reads partition 0 of topic, which has no transaction markers,
// from the beginning to its end with franz-go and returns the record
// offsets.
func kgoReadAll(t *testing.T, brokers []string, topic string) []int64 {
	t.Helper()
	adm, _ := testkafka.Admin(t, brokers)
	ends, err := adm.ListEndOffsets(consumeCtx(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	end, _ := ends.Lookup(topic, 0)
	if end.Offset == 0 {
		return nil
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {0: kgo.NewOffset().AtStart()}}))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out []int64
	for {
		fs := cl.PollRecords(ctx, 1000)
		if err := fs.Err0(); err != nil {
			t.Fatalf("read %s: %v", topic, err)
		}
		for _, r := range fs.Records() {
			out = append(out, r.Offset)
		}
		if n := len(out); n > 0 && out[n-1]+1 >= end.Offset {
			return out
		}
	}
}
