package kafkaops

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// consumeCluster opens kafkaops on the test cluster, closed at cleanup.
func consumeCluster(t testing.TB, brokers []string) *Cluster {
	t.Helper()
	c, err := Open(Config{Brokers: brokers, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// consumeCtx is a test's context: cancelled at cleanup, bounded so a hung
// stream fails the test rather than the whole run. It outlives every wait
// of consumeDrain and consumeTake, so that a hung stream fails there: a
// context that ends first closes the stream, which would read as done.
func consumeCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// consumeOpen opens a stream and fails the test on error.
func consumeOpen(t testing.TB, c *Cluster, ctx context.Context, req ConsumeRequest) *Stream {
	t.Helper()
	s, err := c.Consume(ctx, req)
	if err != nil {
		t.Fatalf("consume %+v: %v", req, err)
	}
	return s
}

// minWait is the least consumeDrain and consumeTake wait for a stream:
// they wait for a condition (the stream closing, n records), and a stream
// that is only slow, on a machine loaded 5-10 times over (the race
// detector alone is that), must not read as one that hangs. Waiting costs
// nothing when the condition comes at once.
const minWait = time.Minute

// consumeDrain reads the stream until Records closes, failing the test if
// that takes longer than within (at least minWait).
func consumeDrain(t testing.TB, s *Stream, within time.Duration) []Record {
	t.Helper()
	within = max(within, minWait)
	var out []Record
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		select {
		case r, ok := <-s.Records:
			if !ok {
				return out
			}
			out = append(out, r)
		case <-deadline.C:
			t.Fatalf("stream still open after %s (%d records so far, positions %+v)", within, len(out), s.Positions())
		}
	}
}

// consumeTake reads exactly n records, failing the test if they do not come
// within the limit (at least minWait) or the stream closes first.
func consumeTake(t testing.TB, s *Stream, n int, within time.Duration) []Record {
	t.Helper()
	within = max(within, minWait)
	out := make([]Record, 0, n)
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for len(out) < n {
		select {
		case r, ok := <-s.Records:
			if !ok {
				t.Fatalf("stream closed after %d of %d records (err %v)", len(out), n, s.Err())
			}
			out = append(out, r)
		case <-deadline.C:
			t.Fatalf("got %d of %d records within %s (positions %+v)", len(out), n, within, s.Positions())
		}
	}
	return out
}

// consumeQuiet checks that nothing arrives for a while.
func consumeQuiet(t testing.TB, s *Stream, d time.Duration) {
	t.Helper()
	select {
	case r, ok := <-s.Records:
		if ok {
			t.Fatalf("unexpected record %s/%d@%d", r.Topic, r.Partition, r.Offset)
		}
		t.Fatalf("stream closed unexpectedly (err %v)", s.Err())
	case <-time.After(d):
	}
}

// consumeOffsets groups record offsets by partition.
func consumeOffsets(recs []Record) map[int32][]int64 {
	out := make(map[int32][]int64)
	for _, r := range recs {
		out[r.Partition] = append(out[r.Partition], r.Offset)
	}
	return out
}

// consumeRange is the offsets from..to-1.
func consumeRange(from, to int64) []int64 {
	var out []int64
	for o := from; o < to; o++ {
		out = append(out, o)
	}
	return out
}

func consumeSameOffsets(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// consumePast is a base time for n hourly records that all lie in the past:
// Kafka 4 rejects timestamps more than an hour ahead by default
// (message.timestamp.after.max.ms).
func consumePast(n int) time.Time {
	return time.Now().Add(-time.Duration(n+1) * time.Hour).Truncate(time.Millisecond)
}

// consumeKnownTopic makes a topic of parts partitions with n records each.
// Record i of partition p has key "p<p>-<i>", value "value <p>/<i>" and the
// timestamp base + i hours, so that time positions have known answers.
func consumeKnownTopic(t *testing.T, brokers []string, parts int32, n int, base time.Time) string {
	t.Helper()
	topic := testkafka.Topic(t, brokers, parts)
	var recs []*kgo.Record
	for p := int32(0); p < parts; p++ {
		for i := 0; i < n; i++ {
			recs = append(recs, &kgo.Record{
				Topic:     topic,
				Partition: p,
				Key:       []byte(fmt.Sprintf("p%d-%d", p, i)),
				Value:     []byte(fmt.Sprintf("value %d/%d", p, i)),
				Timestamp: base.Add(time.Duration(i) * time.Hour),
			})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	return topic
}

func TestConsumePositions(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	// Records are 10h..1h old, one an hour; ms precision as Kafka keeps.
	base := time.Now().Add(-10 * time.Hour).Truncate(time.Millisecond)
	const parts, n = 3, 10
	topic := consumeKnownTopic(t, brokers, parts, n, base)

	cases := []struct {
		pos string
		// from is the first offset read on every partition; note is a
		// fragment expected in every partition's Note ("" for none).
		from int64
		note string
	}{
		{"beginning", 0, ""},
		{"end", n, ""},
		{"7", 7, ""},
		{"0", 0, ""},
		{fmt.Sprint(n), n, ""},
		{"-3", 7, ""},
		{"-0", n, ""},
		{"-100", 0, "only 10 records held"},
		{fmt.Sprintf("s@%d", base.Add(4*time.Hour).UnixMilli()), 4, ""},
		{fmt.Sprintf("s@%d", base.Add(4*time.Hour).UnixMilli()+1), 5, ""},
		{"@" + base.Add(6*time.Hour).UTC().Format(time.RFC3339Nano), 6, ""},
		{"@-3h30m", 7, ""},
		{"@-30m", n, "no record at or after"},
		{"@2000-01-01T00:00:00Z", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.pos, func(t *testing.T) {
			pos, err := ParsePosition(tc.pos)
			if err != nil {
				t.Fatal(err)
			}
			s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: pos, StopAtEnd: true})
			if len(s.Starts) != parts {
				t.Fatalf("Starts = %+v, want %d partitions", s.Starts, parts)
			}
			for i, st := range s.Starts {
				if st.Partition != int32(i) || st.Offset != tc.from || st.LogStart != 0 || st.LogEnd != n {
					t.Errorf("Starts[%d] = %+v, want partition %d offset %d log 0..%d", i, st, i, tc.from, n)
				}
				if (tc.note == "") != (st.Note == "") || !strings.Contains(st.Note, tc.note) {
					t.Errorf("Starts[%d].Note = %q, want %q", i, st.Note, tc.note)
				}
			}
			recs := consumeDrain(t, s, 20*time.Second)
			if err := s.Err(); err != nil {
				t.Fatalf("stream error: %v", err)
			}
			got := consumeOffsets(recs)
			for p := int32(0); p < parts; p++ {
				if want := consumeRange(tc.from, n); !consumeSameOffsets(got[p], want) {
					t.Errorf("partition %d offsets = %v, want %v", p, got[p], want)
				}
			}
			for _, r := range recs {
				i := r.Offset
				wantKey := fmt.Sprintf("p%d-%d", r.Partition, i)
				wantVal := fmt.Sprintf("value %d/%d", r.Partition, i)
				if r.Topic != topic || string(r.Key) != wantKey || string(r.Value) != wantVal {
					t.Errorf("record %s/%d@%d = key %q value %q", r.Topic, r.Partition, r.Offset, r.Key, r.Value)
				}
				if want := base.Add(time.Duration(i) * time.Hour); !r.Time.Equal(want) {
					t.Errorf("record %d@%d time = %v, want %v", r.Partition, r.Offset, r.Time, want)
				}
			}
			pp := s.Positions()
			if len(pp) != parts {
				t.Fatalf("Positions = %+v", pp)
			}
			for _, p := range pp {
				if p.Next != n || p.HighWatermark != n || p.Lag() != 0 {
					t.Errorf("position after the end = %+v, want next %d, high watermark %d", p, n, n)
				}
			}
		})
	}
}

// TestConsumeBelowLogStart reads a partition whose first records were
// deleted: an offset below the log start moves up to it and says so.
func TestConsumeBelowLogStart(t *testing.T) {
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
	st := s.Starts[0]
	if st.Offset != 6 || st.LogStart != 6 || st.LogEnd != 10 {
		t.Errorf("start = %+v, want offset 6 in log 6..10", st)
	}
	if !strings.Contains(st.Note, "offset 2 is below the log start 6") {
		t.Errorf("note = %q, want it to say offset 2 is below the log start 6", st.Note)
	}
	if got := consumeOffsets(consumeDrain(t, s, 20*time.Second))[0]; !consumeSameOffsets(got, consumeRange(6, 10)) {
		t.Errorf("offsets = %v, want 6..9", got)
	}

	s = consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosFromEnd, Offset: 8}, StopAtEnd: true})
	if st := s.Starts[0]; st.Offset != 6 || !strings.Contains(st.Note, "only 4 records held") {
		t.Errorf("-8 on a log of 6..10 starts at %+v, want 6 with a note", st)
	}
	if got := consumeOffsets(consumeDrain(t, s, 20*time.Second))[0]; !consumeSameOffsets(got, consumeRange(6, 10)) {
		t.Errorf("offsets = %v, want 6..9", got)
	}
}

// TestConsumePastEndWaits opens at an offset the partition has not reached:
// the stream waits, then delivers from that offset once records arrive.
func TestConsumePastEndWaits(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 1, 3, consumePast(3))

	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosOffset, Offset: 5}})
	st := s.Starts[0]
	if st.Offset != 5 || st.LogEnd != 3 || !strings.Contains(st.Note, "past the end") {
		t.Fatalf("start = %+v, want offset 5 past the end 3 with a note", st)
	}
	consumeQuiet(t, s, 600*time.Millisecond)

	var recs []*kgo.Record
	for i := 3; i < 8; i++ {
		recs = append(recs, &kgo.Record{Topic: topic, Partition: 0, Value: []byte(fmt.Sprint(i))})
	}
	testkafka.Produce(t, brokers, recs...)
	got := consumeTake(t, s, 3, 20*time.Second)
	for i, r := range got {
		if want := int64(5 + i); r.Offset != want || string(r.Value) != fmt.Sprint(want) {
			t.Errorf("record %d = offset %d value %q, want offset %d", i, r.Offset, r.Value, want)
		}
	}
	consumeQuiet(t, s, 300*time.Millisecond)

	// With StopAtEnd there is nothing to wait for.
	s = consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Start: Position{Kind: PosOffset, Offset: 100}, StopAtEnd: true})
	if st := s.Starts[0]; !strings.Contains(st.Note, "offset 100 is past the end 8; nothing to read") {
		t.Errorf("note = %q", st.Note)
	}
	if recs := consumeDrain(t, s, 2*time.Second); len(recs) != 0 || s.Err() != nil {
		t.Errorf("got %d records, err %v; want none", len(recs), s.Err())
	}
}

// TestConsumeStopAtEndEmpty: partitions that are empty, or already at their
// end, count as done at once; an empty topic closes the stream immediately.
func TestConsumeStopAtEndEmpty(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 3)
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Partition: 1, Value: []byte("a")},
		&kgo.Record{Topic: topic, Partition: 1, Value: []byte("b")},
	)
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, StopAtEnd: true})
	recs := consumeDrain(t, s, 10*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	got := consumeOffsets(recs)
	if len(got) != 1 || !consumeSameOffsets(got[1], []int64{0, 1}) {
		t.Errorf("offsets = %v, want only partition 1: 0, 1", got)
	}

	// An empty topic ends at once: with nothing to read up to the end
	// offsets, the stream closes without waiting for a record (a stream
	// that waited would never close, and fail the drain).
	empty := testkafka.Topic(t, brokers, 2)
	start := time.Now()
	s = consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: empty, StopAtEnd: true})
	if recs := consumeDrain(t, s, minWait); len(recs) != 0 || s.Err() != nil {
		t.Errorf("empty topic gave %d records, err %v", len(recs), s.Err())
	}
	t.Logf("empty topic closed after %s", time.Since(start).Round(time.Millisecond))
}

// TestConsumeChosenPartitions reads only the partitions asked for, each once.
func TestConsumeChosenPartitions(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 3, 4, consumePast(4))
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Partitions: []int32{2, 0, 2}, StopAtEnd: true})
	if len(s.Starts) != 2 || s.Starts[0].Partition != 0 || s.Starts[1].Partition != 2 {
		t.Fatalf("Starts = %+v, want partitions 0 and 2", s.Starts)
	}
	got := consumeOffsets(consumeDrain(t, s, 20*time.Second))
	if len(got) != 2 || !consumeSameOffsets(got[0], consumeRange(0, 4)) || !consumeSameOffsets(got[2], consumeRange(0, 4)) {
		t.Errorf("offsets = %v, want 0..3 on partitions 0 and 2 only", got)
	}
	if pp := s.Positions(); len(pp) != 2 || pp[0].Partition != 0 || pp[1].Partition != 2 {
		t.Errorf("Positions = %+v", pp)
	}
}

func TestConsumeMissingTopicOrPartition(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	missing := testkafka.TopicName(t)
	_, err := c.Consume(consumeCtx(t), ConsumeRequest{Topic: missing})
	if want := fmt.Sprintf("consume %s: topic %s does not exist", missing, missing); err == nil || err.Error() != want {
		t.Errorf("missing topic: err = %v, want %q", err, want)
	}

	topic := testkafka.Topic(t, brokers, 3)
	_, err = c.Consume(consumeCtx(t), ConsumeRequest{Topic: topic, Partitions: []int32{1, 7}})
	if want := fmt.Sprintf("consume %s: partition 7 does not exist (topic has 3 partitions: 0-2)", topic); err == nil || err.Error() != want {
		t.Errorf("missing partition: err = %v, want %q", err, want)
	}
	_, err = c.Consume(consumeCtx(t), ConsumeRequest{Topic: topic, Partitions: []int32{-1}})
	if err == nil || !strings.Contains(err.Error(), "partition -1 does not exist") {
		t.Errorf("negative partition: err = %v", err)
	}
	if _, err := c.Consume(consumeCtx(t), ConsumeRequest{}); err == nil || !strings.Contains(err.Error(), "no topic") {
		t.Errorf("no topic: err = %v", err)
	}
}

// TestConsumeRecordFields round-trips what a record can carry, telling null
// from empty: a null key, an empty key, a null value (tombstone), an empty
// value, binary bytes and headers with repeated keys and empty values.
func TestConsumeRecordFields(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	ts := time.Date(2024, 5, 1, 10, 0, 0, 123_000_000, time.UTC)
	binary := []byte{0, 1, 2, 0xff, 0xfe, '\n', 0x1b}
	sent := []*kgo.Record{
		{Key: nil, Value: []byte("null key")},
		{Key: []byte{}, Value: []byte("empty key")},
		{Key: []byte("tombstone"), Value: nil},
		{Key: []byte("empty value"), Value: []byte{}},
		{Key: binary, Value: binary},
		{Key: []byte("headers"), Value: []byte("v"), Headers: []kgo.RecordHeader{
			{Key: "trace", Value: []byte("abc")},
			{Key: "trace", Value: []byte("def")},
			{Key: "empty", Value: []byte{}},
			{Key: "", Value: []byte("no name")},
		}},
	}
	for _, r := range sent {
		r.Topic, r.Partition, r.Timestamp = topic, 0, ts
	}
	testkafka.Produce(t, brokers, sent...)

	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 20*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(sent) {
		t.Fatalf("got %d records, want %d", len(got), len(sent))
	}
	same := func(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }
	for i, want := range sent {
		r := got[i]
		if r.Offset != int64(i) || r.Partition != 0 || r.Topic != topic || !r.Time.Equal(ts) {
			t.Errorf("record %d: %s/%d@%d at %v", i, r.Topic, r.Partition, r.Offset, r.Time)
		}
		if !same(r.Key, want.Key) {
			t.Errorf("record %d key = %q (nil %v), want %q (nil %v)", i, r.Key, r.Key == nil, want.Key, want.Key == nil)
		}
		if !same(r.Value, want.Value) {
			t.Errorf("record %d value: %d bytes (nil %v), want %d bytes (nil %v)", i, len(r.Value), r.Value == nil, len(want.Value), want.Value == nil)
		}
		if len(r.Headers) != len(want.Headers) {
			t.Errorf("record %d headers = %+v, want %+v", i, r.Headers, want.Headers)
			continue
		}
		for j, h := range want.Headers {
			if r.Headers[j].Key != h.Key || !bytes.Equal(r.Headers[j].Value, h.Value) {
				t.Errorf("record %d header %d = %q=%q, want %q=%q", i, j, r.Headers[j].Key, r.Headers[j].Value, h.Key, h.Value)
			}
		}
	}
}

// TestConsumeRecordLargerThanFetch reads records bigger than one fetch asks
// for: the broker returns a first batch whole, so the stream must not stall.
func TestConsumeRecordLargerThanFetch(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	adm, _ := testkafka.Admin(t, brokers)
	topic := testkafka.TopicName(t)
	maxBytes := "8000000"
	ctx := consumeCtx(t)
	resp, err := adm.CreateTopic(ctx, 1, 1, map[string]*string{"max.message.bytes": &maxBytes}, topic)
	if err == nil {
		err = resp.Err
	}
	if err != nil {
		t.Fatalf("create topic: %v", err)
	}
	t.Cleanup(func() { _, _ = adm.DeleteTopics(context.Background(), topic) })
	big := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB, three fetches' worth
	// testkafka.Produce's client keeps kgo's 1 MB batch limit.
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(8_000_000))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for _, v := range [][]byte{[]byte("small"), big, big, []byte("after")} {
		if err := cl.ProduceSync(ctx, &kgo.Record{Partition: 0, Value: v}).FirstErr(); err != nil {
			t.Fatalf("produce: %v", err)
		}
	}
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 30*time.Second)
	if s.Err() != nil || len(got) != 4 {
		t.Fatalf("got %d records, err %v; want 4", len(got), s.Err())
	}
	if !bytes.Equal(got[1].Value, big) || !bytes.Equal(got[2].Value, big) || string(got[3].Value) != "after" {
		t.Errorf("values differ: %d, %d bytes, %q", len(got[1].Value), len(got[2].Value), got[3].Value)
	}
}

// TestConsumeBadStart rejects positions ParsePosition never makes, before
// asking the cluster anything: a zero time would reach Kafka as a negative
// timestamp, which it reads as "latest" or "earliest".
func TestConsumeBadStart(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	for _, tc := range []struct {
		pos  Position
		want string
	}{
		{Position{Kind: PosOffset, Offset: -1}, "offset must not be negative"},
		{Position{Kind: PosFromEnd, Offset: -5}, "offset must not be negative"},
		{Position{Kind: PosTime}, "before 1970"},
		{Position{Kind: PositionKind(42)}, "unknown start position"},
	} {
		_, err := c.Consume(consumeCtx(t), ConsumeRequest{Topic: topic, Start: tc.pos})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("start %+v: err = %v, want %q", tc.pos, err, tc.want)
		}
	}
}
