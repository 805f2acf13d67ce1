package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// located maps "partition offset" lines to the record kgo read there.
func located(t *testing.T, recs []*kgo.Record) map[string]*kgo.Record {
	t.Helper()
	m := map[string]*kgo.Record{}
	for _, r := range recs {
		m[fmt.Sprintf("%d %d", r.Partition, r.Offset)] = r
	}
	return m
}

func TestProduceValueWithKeyAndHeaders(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	r := run(t, "-b", cluster(t), "produce", topic, "-k", "order-42", "-H", "source=cli", "-H", "expr=a=b", "-H", "empty=",
		`{"id":42}`).ok(t)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout %q, want one \"partition offset\" line", r.stdout)
	}
	rec, ok := located(t, readAll(t, brokers, topic, 1))[lines[0]]
	if !ok {
		t.Fatalf("no record at %q", lines[0])
	}
	if string(rec.Key) != "order-42" || string(rec.Value) != `{"id":42}` {
		t.Errorf("key %q value %q", rec.Key, rec.Value)
	}
	want := "source=cli expr=a=b empty="
	var got []string
	for _, h := range rec.Headers {
		got = append(got, h.Key+"="+string(h.Value))
	}
	if strings.Join(got, " ") != want {
		t.Errorf("headers %q, want %q", got, want)
	}
	// Keyed: the partition a Java producer (murmur2) would choose.
	wantP := kgo.StickyKeyPartitioner(nil).ForTopic(topic).Partition(&kgo.Record{Key: []byte("order-42")}, 3)
	if rec.Partition != int32(wantP) {
		t.Errorf("keyed record went to partition %d, murmur2 says %d", rec.Partition, wantP)
	}
}

func TestProduceStdinLines(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	big := strings.Repeat("x", 200<<10) // past bufio.Scanner's 64 KiB limit
	stdin := "one\ntwo\r\n\n" + big + "\nlast without newline"
	r := runWith(t, runOpts{stdin: stdin}, "-b", cluster(t), "produce", topic, "-p", "0", "--acks", "leader", "-z", "gzip").ok(t)
	if want := "0 0\n0 1\n0 2\n0 3\n0 4\n"; r.stdout != want {
		t.Fatalf("stdout %q, want %q", r.stdout, want)
	}
	recs := readAll(t, brokers, topic, 5)
	want := []string{"one", "two", "", big, "last without newline"}
	for i, rec := range recs {
		if string(rec.Value) != want[i] || rec.Key != nil {
			t.Errorf("record %d: key %q value %.20q (len %d), want null key and %.20q", i, rec.Key, rec.Value, len(rec.Value), want[i])
		}
		if rec.Value == nil {
			t.Errorf("record %d: empty line produced a null value", i)
		}
	}
}

func TestProduceKeyDelimiterAndNull(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	stdin := "k1:v1\nno delimiter\nk3:\n:v4\nk5:a:b\n"
	runWith(t, runOpts{stdin: stdin}, "-b", cluster(t), "produce", topic, "-p", "0", "-K", ":", "-Z").ok(t)
	recs := readAll(t, brokers, topic, 5)
	type kv struct{ k, v *string }
	str := func(b []byte) *string {
		if b == nil {
			return nil
		}
		s := string(b)
		return &s
	}
	show := func(p *string) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprintf("%q", *p)
	}
	s := func(v string) *string { return &v }
	want := []kv{{s("k1"), s("v1")}, {nil, s("no delimiter")}, {s("k3"), nil}, {nil, s("v4")}, {s("k5"), s("a:b")}}
	for i, rec := range recs {
		got := kv{str(rec.Key), str(rec.Value)}
		if show(got.k) != show(want[i].k) || show(got.v) != show(want[i].v) {
			t.Errorf("record %d: key %s value %s, want key %s value %s", i, show(got.k), show(got.v), show(want[i].k), show(want[i].v))
		}
	}
}

func TestProduceTombstoneAndAcksNone(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	b := cluster(t)
	run(t, "-b", b, "produce", topic, "-k", "user-7", "-Z", "").ok(t)
	run(t, "-b", b, "produce", topic, "-k", "", "").ok(t)
	r := run(t, "-b", b, "produce", topic, "--acks", "none", "-p", "0", "fire and forget").ok(t)
	if r.stdout != "0 -\n" || !strings.Contains(r.stderr, "offsets are not known") {
		t.Fatalf("acks none: stdout %q stderr %q", r.stdout, r.stderr)
	}
	recs := readAll(t, brokers, topic, 3)
	if string(recs[0].Key) != "user-7" || recs[0].Value != nil {
		t.Errorf("tombstone: key %q value %q (nil %v)", recs[0].Key, recs[0].Value, recs[0].Value == nil)
	}
	if recs[1].Key == nil || len(recs[1].Key) != 0 || recs[1].Value == nil || len(recs[1].Value) != 0 {
		t.Errorf("empty key and value: key %q (nil %v) value %q (nil %v)", recs[1].Key, recs[1].Key == nil, recs[1].Value, recs[1].Value == nil)
	}
	if string(recs[2].Value) != "fire and forget" {
		t.Errorf("acks none value %q", recs[2].Value)
	}
}

func TestProduceErrors(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	b := cluster(t)
	run(t, "-b", b, "produce", topic, "-p", "5", "v").failed(t, "5")
	// A failure on a line names it. (A real broker with topic auto-creation
	// may create the topic with one partition; -p 3 still fails.)
	missing := "kt-missing-" + topic
	adm, _ := testkafka.Admin(t, brokers)
	t.Cleanup(func() { _, _ = adm.DeleteTopics(context.Background(), missing) })
	r := runWith(t, runOpts{stdin: "a\nb\n"}, "-b", b, "produce", missing, "-p", "3")
	r.failed(t, "line 1")
}
