package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// These tests check kafkatui against kcat (librdkafka), an independent
// client users already trust. Without kcat they skip, except in CI, where a
// missing kcat is a failure rather than a silently weaker suite.

func needKcat(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("kcat is not on PATH; CI must install it (apt-get install kcat)")
		}
		t.Skip("kcat is not on PATH")
	}
	return path
}

// kcatRecord is one line of `kcat -C -J`.
type kcatRecord struct {
	Topic     string   `json:"topic"`
	Partition int32    `json:"partition"`
	Offset    int64    `json:"offset"`
	TS        int64    `json:"ts"`
	Headers   []string `json:"headers"` // name, value, name, value...
	Key       *string  `json:"key"`
	Payload   *string  `json:"payload"`
}

func kcat(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, needKcat(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("kcat %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func kcatConsume(t *testing.T, brokers, topic string) []kcatRecord {
	t.Helper()
	out := kcat(t, "", "-C", "-b", brokers, "-t", topic, "-o", "beginning", "-e", "-J", "-q")
	var recs []kcatRecord
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r kcatRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("kcat line %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestKcatReadsWhatKafkatuiProduced(t *testing.T) {
	needKcat(t)
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 3)
	r := run(t, "-b", b, "produce", topic, "-k", "order-42", "-H", "source=cli", "-H", "trace=ab=cd", "-H", "source=again",
		`{"id":42,"note":"grüße"}`).ok(t)
	r2 := run(t, "-b", b, "produce", topic, "-p", "1", "second").ok(t)

	recs := kcatConsume(t, b, topic)
	if len(recs) != 2 {
		t.Fatalf("kcat read %d records, want 2: %+v", len(recs), recs)
	}
	byPos := map[string]kcatRecord{}
	for _, k := range recs {
		byPos[fmt.Sprintf("%d %d\n", k.Partition, k.Offset)] = k
	}
	k, ok := byPos[r.stdout]
	if !ok {
		t.Fatalf("kafkatui said %q, kcat found %+v", r.stdout, recs)
	}
	if k.Key == nil || *k.Key != "order-42" || k.Payload == nil || *k.Payload != `{"id":42,"note":"grüße"}` {
		t.Errorf("kcat sees key %v payload %v", k.Key, k.Payload)
	}
	if got := strings.Join(k.Headers, ","); got != "source,cli,trace,ab=cd,source,again" {
		t.Errorf("kcat sees headers %q", got)
	}
	k, ok = byPos[r2.stdout]
	if !ok || k.Key != nil || k.Payload == nil || *k.Payload != "second" || len(k.Headers) != 0 {
		t.Errorf("second record: kafkatui said %q, kcat saw %+v", r2.stdout, k)
	}
}

func TestKafkatuiReadsWhatKcatProduced(t *testing.T) {
	needKcat(t)
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 3)
	var in strings.Builder
	for i := range 30 {
		fmt.Fprintf(&in, "user-%d:{\"n\":%d,\"s\":\"tab\\there \u00e9\"}\n", i%7, i)
	}
	in.WriteString("no key here\n")
	in.WriteString("k:\n")
	kcat(t, in.String(), "-P", "-b", b, "-t", topic, "-K:", "-H", "a=b", "-H", "trace=x=y")

	want := kcatConsume(t, b, topic)
	if len(want) != 32 {
		t.Fatalf("kcat read back %d records, want 32", len(want))
	}
	r := run(t, "-b", b, "consume", topic, "--json", "-o", "beginning", "-e").ok(t)
	type rec struct {
		Topic     string           `json:"topic"`
		Partition int32            `json:"partition"`
		Offset    int64            `json:"offset"`
		Timestamp string           `json:"timestamp"`
		Key       *string          `json:"key"`
		Value     *string          `json:"value"`
		Headers   []map[string]any `json:"headers"`
	}
	got := map[string]rec{}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		var x rec
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got[fmt.Sprintf("%d/%d", x.Partition, x.Offset)] = x
	}
	if len(got) != len(want) {
		t.Fatalf("kafkatui read %d records, kcat %d", len(got), len(want))
	}
	str := func(p *string) string {
		if p == nil {
			return "<null>"
		}
		return *p
	}
	for _, k := range want {
		pos := fmt.Sprintf("%d/%d", k.Partition, k.Offset)
		x, ok := got[pos]
		if !ok {
			t.Errorf("%s: kcat has it, kafkatui does not", pos)
			continue
		}
		if x.Topic != k.Topic || str(x.Key) != str(k.Key) || str(x.Value) != str(k.Payload) {
			t.Errorf("%s: kafkatui key %s value %s, kcat key %s value %s", pos, str(x.Key), str(x.Value), str(k.Key), str(k.Payload))
		}
		ts, err := time.Parse(time.RFC3339Nano, x.Timestamp)
		if err != nil || ts.UnixMilli() != k.TS {
			t.Errorf("%s: timestamp %q, kcat %d ms (%v)", pos, x.Timestamp, k.TS, err)
		}
		var hs []string
		for _, h := range x.Headers {
			hs = append(hs, fmt.Sprint(h["key"]), fmt.Sprint(h["value"]))
		}
		if strings.Join(hs, "\x00") != strings.Join(k.Headers, "\x00") {
			t.Errorf("%s: headers %q, kcat %q", pos, hs, k.Headers)
		}
	}
}
