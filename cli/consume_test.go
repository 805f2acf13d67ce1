package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

func TestConsumePlainEscapesControlCharacters(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Key: []byte("k1"), Value: []byte("plain value")},
		&kgo.Record{Topic: topic, Key: []byte("k\x1b2"), Value: []byte("\x1b[31mred\x1b[0m")},
		&kgo.Record{Topic: topic, Value: []byte("two\nlines\r\tand \xff\xfe bytes \u202egnp.exe")},
		&kgo.Record{Topic: topic, Key: []byte("k4")}, // null value
		&kgo.Record{Topic: topic, Value: []byte("grüße 東京")},
	)
	r := run(t, "-b", cluster(t), "consume", topic, "-e").ok(t)
	want := "plain value\n" +
		`\x1b[31mred\x1b[0m` + "\n" +
		`two\nlines\r\tand \xff\xfe bytes \u202egnp.exe` + "\n" +
		"\n" +
		"grüße 東京\n"
	if r.stdout != want {
		t.Fatalf("plain output\n%q\nwant\n%q", r.stdout, want)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}

	r = run(t, "-b", cluster(t), "consume", topic, "-e", "-K", " => ").ok(t)
	wantK := "k1 => plain value\n" +
		`k\x1b2 => \x1b[31mred\x1b[0m` + "\n" +
		` => two\nlines\r\tand \xff\xfe bytes \u202egnp.exe` + "\n" +
		"k4 => \n" +
		" => grüße 東京\n"
	if r.stdout != wantK {
		t.Fatalf("output with -K\n%q\nwant\n%q", r.stdout, wantK)
	}
}

func TestConsumeJSON(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 2)
	ts := time.Date(2024, 5, 1, 12, 30, 45, 123_000_000, time.UTC)
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Partition: 0, Timestamp: ts, Key: []byte("order-1"), Value: []byte(`{"id":1,"note":"ünïcode \"quoted\""}`),
			Headers: []kgo.RecordHeader{{Key: "source", Value: []byte("web")}, {Key: "trace", Value: []byte{0xde, 0xad, 0xbe, 0xef}}, {Key: "empty", Value: []byte{}}}},
		&kgo.Record{Topic: topic, Partition: 0, Timestamp: ts, Value: []byte{0x00, 0x01, 0xff}},                   // null key, binary value
		&kgo.Record{Topic: topic, Partition: 1, Timestamp: ts, Key: []byte{0xff}, Value: nil},                     // binary key, null value
		&kgo.Record{Topic: topic, Partition: 1, Timestamp: ts, Key: []byte(""), Value: []byte("\x1b[1m\n\u2028")}, // empty key, escapes
	)
	r := run(t, "-b", cluster(t), "consume", topic, "-o", "beginning", "-e", "--json").ok(t)
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		for i := 0; i < len(line); i++ {
			if line[i] < 0x20 {
				t.Fatalf("JSON line holds control byte %#x: %q", line[i], line)
			}
		}
		got[jsonNum(int32(m["partition"].(float64)))+"/"+jsonNum(int32(m["offset"].(float64)))] = line
	}
	want := map[string]string{
		"0/0": `{"topic":"` + topic + `","partition":0,"offset":0,"timestamp":"2024-05-01T12:30:45.123Z","key":"order-1","value":"{\"id\":1,\"note\":\"ünïcode \\\"quoted\\\"\"}","headers":[{"key":"source","value":"web"},{"key":"trace","value":"3q2+7w==","value_encoding":"base64"},{"key":"empty","value":""}]}`,
		"0/1": `{"topic":"` + topic + `","partition":0,"offset":1,"timestamp":"2024-05-01T12:30:45.123Z","key":null,"value":"AAH/","value_encoding":"base64","headers":[]}`,
		"1/0": `{"topic":"` + topic + `","partition":1,"offset":0,"timestamp":"2024-05-01T12:30:45.123Z","key":"/w==","key_encoding":"base64","value":null,"headers":[]}`,
		"1/1": `{"topic":"` + topic + `","partition":1,"offset":1,"timestamp":"2024-05-01T12:30:45.123Z","key":"","value":"\u001b[1m\n\u2028","headers":[]}`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d:\n%s", len(got), len(want), r.stdout)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("record %s\n got %s\nwant %s", k, got[k], w)
		}
	}
	// The decoded value is exactly what was produced.
	for _, m := range jsonLines(t, r.stdout) {
		if m["partition"] == 1.0 && m["offset"] == 1.0 && m["value"] != "\x1b[1m\n\u2028" {
			t.Errorf("value decodes to %q", m["value"])
		}
	}
}

func TestAppendJSONStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `"\`, "\x00\x1f\x7f", "\u0085\u009f\u00a0", "\u2027\u2028\u2029\u202a", "🎉 東京", "a\u0080"} {
		b := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("%q encodes to %s, decodes to %q (%v)", s, b, back, err)
		}
		if string(appendJSONString(nil, []byte(s))) != string(b) {
			t.Errorf("string and []byte encodings differ for %q", s)
		}
		for i := 0; i < len(b); i++ {
			if b[i] < 0x20 || b[i] == 0x7f {
				t.Errorf("%q encodes with control byte %#x: %q", s, b[i], b)
			}
		}
	}
}

func TestConsumePartitionsCountAndPositions(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 3)
	var recs []*kgo.Record
	for p := range int32(3) {
		for i := range 4 {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte(jsonNum(p) + "-" + jsonNum(int32(i)))})
		}
	}
	testkafka.Produce(t, brokers, recs...)

	r := run(t, "-b", b, "consume", topic, "-p", "1", "-e").ok(t)
	if r.stdout != "1-0\n1-1\n1-2\n1-3\n" {
		t.Fatalf("-p 1: %q", r.stdout)
	}
	r = run(t, "-b", b, "consume", topic, "-p", "0,2", "-o", "-2", "-e").ok(t)
	if lines := strings.Fields(r.stdout); strings.Join(sorted(lines), " ") != "0-2 0-3 2-2 2-3" {
		t.Fatalf("-p 0,2 -o -2: %q", r.stdout)
	}
	r = run(t, "-b", b, "consume", topic, "-p", "0", "-p", "2", "-o", "3", "-e").ok(t)
	if lines := strings.Fields(r.stdout); strings.Join(sorted(lines), " ") != "0-3 2-3" {
		t.Fatalf("-p 0 -p 2 -o 3: %q", r.stdout)
	}
	// -c stops after COUNT records even without -e.
	r = run(t, "-b", b, "consume", topic, "-p", "2", "-c", "2").ok(t)
	if r.stdout != "2-0\n2-1\n" {
		t.Fatalf("-c 2: %q", r.stdout)
	}
	r = run(t, "-b", b, "consume", topic, "-c", "5", "--json").ok(t)
	if n := len(jsonLines(t, r.stdout)); n != 5 {
		t.Fatalf("-c 5 --json printed %d records", n)
	}
	// At the end already: -o end -e prints nothing and exits.
	r = run(t, "-b", b, "consume", topic, "-o", "end", "-e").ok(t)
	if r.stdout != "" {
		t.Fatalf("-o end -e: %q", r.stdout)
	}
}

func TestConsumeBadInput(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 1)
	for _, pos := range []string{"banana", "99999999999999999999", "@not-a-time"} {
		run(t, "-b", b, "consume", topic, "-o", pos).failed(t, pos)
	}
	run(t, "-b", b, "consume", "kt-no-such-topic-"+topic, "-e").failed(t, "kt-no-such-topic-"+topic)
	run(t, "-b", b, "consume", topic, "-p", "7", "-e").failed(t, "7")
}

func TestConsumeNotesAdjustedStart(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	var recs []*kgo.Record
	for i := range 10 {
		recs = append(recs, &kgo.Record{Topic: topic, Value: []byte("m" + jsonNum(int32(i)))})
	}
	testkafka.Produce(t, brokers, recs...)
	adm, _ := testkafka.Admin(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	to := make(kadm.Offsets)
	to.Add(kadm.Offset{Topic: topic, Partition: 0, At: 6})
	del, err := adm.DeleteRecords(ctx, to)
	if err != nil || del.Error() != nil {
		t.Fatalf("delete records: %v %v", err, del.Error())
	}

	r := run(t, "-b", cluster(t), "consume", topic, "-o", "2", "-e").ok(t)
	if r.stdout != "m6\nm7\nm8\nm9\n" {
		t.Fatalf("stdout %q", r.stdout)
	}
	if !strings.HasPrefix(r.stderr, "kafkatui: note: "+topic+"/0: ") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "6") {
		t.Fatalf("stderr %q, want one note about starting at 6", r.stderr)
	}
}

// TestConsumeLiveTailAndCancel checks that records produced while consume
// waits at the end appear promptly (output is flushed while waiting), and
// that cancelling the run (Ctrl-C) ends it cleanly with exit 0.
func TestConsumeLiveTailAndCancel(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan result, 1)
	go func() {
		done <- runWith(t, runOpts{ctx: ctx, out: out}, "-b", cluster(t), "consume", topic, "-o", "end")
	}()
	// -o end may resolve after a first record is written, so keep writing
	// until one shows up.
	var last time.Time
	waitFor(t, time.Minute, "a live record on stdout", func() bool {
		if strings.Contains(out.String(), "live\n") {
			return true
		}
		if time.Since(last) > 500*time.Millisecond {
			testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Value: []byte("live")})
			last = time.Now()
		}
		return false
	})
	cancel()
	select {
	case r := <-done:
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("after cancel: exit %d, stderr %q", r.code, r.stderr)
		}
		for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
			if l != "live" {
				t.Fatalf("unexpected line %q", l)
			}
		}
	case <-time.After(time.Minute): // a condition, not a speed: a consume ignoring cancel never ends
		t.Fatal("consume did not end within a minute of cancel")
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
