package cli

import (
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

const (
	decOrderAvro = `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":"string"}]}`
	decUserProto = "syntax = \"proto3\";\nmessage User { string name = 1; int32 age = 2; }\n"
	decShapeJSON = `{"type":"object","properties":{"a":{"type":"array"}}}`
	decKeyAvro   = `"string"`
)

// framed is b behind the Confluent header for schema id (Protobuf gets the
// message index of its first message).
func framed(id int, indexes []int, b []byte) []byte {
	h, err := new(sr.ConfluentHeader).AppendEncode(nil, id, indexes)
	if err != nil {
		panic(err) // only for ids and indexes out of range
	}
	return append(h, b...)
}

// decodeFixture is a registry with an Avro, a Protobuf, a JSON Schema value
// schema and an Avro key schema, and a topic with one record of each plus
// an unframed one and two framed for a schema id the registry lacks.
func decodeFixture(t *testing.T) (reg *srfake.Registry, topic string) {
	t.Helper()
	reg = srfake.New()
	t.Cleanup(reg.Close)
	reg.SeedSchema("orders-value", 1, 1, sr.Schema{Schema: decOrderAvro, Type: sr.TypeAvro})
	reg.SeedSchema("users-value", 1, 2, sr.Schema{Schema: decUserProto, Type: sr.TypeProtobuf})
	reg.SeedSchema("shapes-value", 1, 3, sr.Schema{Schema: decShapeJSON, Type: sr.TypeJSON})
	reg.SeedSchema("orders-key", 1, 4, sr.Schema{Schema: decKeyAvro, Type: sr.TypeAvro})

	order, err := avro.Marshal(avro.MustParse(decOrderAvro), map[string]any{"id": int64(7), "note": "hi \x1b[2J"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := avro.Marshal(avro.MustParse(decKeyAvro), "k-1")
	if err != nil {
		t.Fatal(err)
	}
	user := protowire.AppendTag(nil, 1, protowire.BytesType)
	user = protowire.AppendString(user, "ann")
	user = protowire.AppendTag(user, 2, protowire.VarintType)
	user = protowire.AppendVarint(user, 30)

	brokers := testkafka.Brokers(t)
	topic = testkafka.Topic(t, brokers, 1)
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Key: framed(4, nil, key), Value: framed(1, nil, order)},
		&kgo.Record{Topic: topic, Value: framed(2, []int{0}, user)},
		&kgo.Record{Topic: topic, Value: framed(3, nil, []byte(`{ "a": [1, 2] }`))},
		&kgo.Record{Topic: topic, Key: []byte("plain-key"), Value: []byte("plain text")},
		&kgo.Record{Topic: topic, Value: framed(99, nil, []byte{2})},
		&kgo.Record{Topic: topic, Value: framed(99, nil, []byte{4})},
	)
	return reg, topic
}

func TestConsumeDecodesJSON(t *testing.T) {
	t.Parallel()
	reg, topic := decodeFixture(t)
	r := run(t, "-b", cluster(t), "--schema-registry", reg.URL(), "consume", topic, "-e", "--json").ok(t)
	lines := jsonLines(t, r.stdout)
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 6:\n%s", len(lines), r.stdout)
	}
	check := func(i int, field string, want any) {
		t.Helper()
		if got := lines[i][field]; !reflect.DeepEqual(got, want) {
			t.Errorf("record %d: %s = %#v, want %#v", i, field, got, want)
		}
	}
	// Avro key and value: JSON values, not strings.
	check(0, "key", "k-1")
	check(0, "key_schema_id", 4.0)
	check(0, "key_format", "avro")
	check(0, "value", map[string]any{"id": 7.0, "note": "hi \x1b[2J"})
	check(0, "value_schema_id", 1.0)
	check(0, "value_format", "avro")
	check(1, "value", map[string]any{"name": "ann", "age": 30.0})
	check(1, "value_schema_id", 2.0)
	check(1, "value_format", "protobuf")
	check(1, "key", nil)
	check(2, "value", map[string]any{"a": []any{1.0, 2.0}})
	check(2, "value_format", "json-schema")
	// Unframed: exactly as without a registry.
	check(3, "key", "plain-key")
	check(3, "value", "plain text")
	for _, f := range []string{"value_schema_id", "value_format", "value_decode_error", "key_schema_id"} {
		if _, ok := lines[3][f]; ok {
			t.Errorf("unframed record has %s: %v", f, lines[3])
		}
	}
	// A schema the registry lacks: raw, with the reason.
	for _, i := range []int{4, 5} {
		e, _ := lines[i]["value_decode_error"].(string)
		if !strings.Contains(e, "schema 99") || !strings.Contains(e, "not found") {
			t.Errorf("record %d: value_decode_error %q", i, e)
		}
		if _, ok := lines[i]["value"].(string); !ok {
			t.Errorf("record %d: raw value missing: %v", i, lines[i])
		}
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("an escape byte reached stdout: %q", r.stdout)
	}
	if n := strings.Count(r.stderr, "not decoded"); n != 1 {
		t.Errorf("%d notes, want one for the missing schema:\n%s", n, r.stderr)
	}
}

func TestConsumeDecodesPlain(t *testing.T) {
	t.Parallel()
	reg, topic := decodeFixture(t)
	r := run(t, "-b", cluster(t), "--schema-registry", reg.URL(), "consume", topic, "-e", "-K", " | ").ok(t)
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{
		`"k-1" | {"id":7,"note":"hi \u001b[2J"}`,
		` | {"name":"ann","age":30}`,
		` | {"a":[1,2]}`,
		`plain-key | plain text`,
		` | \x00\x00\x00\x00c\x02`,
		` | \x00\x00\x00\x00c\x04`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stdout\n%q\nwant\n%q", got, want)
	}
	// One note for the two records of the missing schema, naming the first.
	wantNote := "kafkatui: " + topic + "/0@4: value not decoded: schema 99: "
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, wantNote) || !strings.Contains(r.stderr, "not found") {
		t.Errorf("stderr %q, want one line starting %q", r.stderr, wantNote)
	}
}

// --decode raw prints what a consume without a registry prints, and never
// asks the registry.
func TestConsumeDecodeRaw(t *testing.T) {
	t.Parallel()
	reg, topic := decodeFixture(t)
	var asked atomic.Bool
	reg.Intercept(func(_ http.ResponseWriter, _ *http.Request) bool { asked.Store(true); return false })
	for _, args := range [][]string{{"--json"}, {"-K", "="}} {
		without := run(t, append([]string{"-b", cluster(t), "consume", topic, "-e"}, args...)...).ok(t)
		raw := run(t, append([]string{"-b", cluster(t), "--schema-registry", reg.URL(), "consume", topic, "-e", "--decode", "raw"}, args...)...).ok(t)
		if raw.stdout != without.stdout || raw.stderr != "" {
			t.Errorf("%v: --decode raw printed\n%s\nstderr %q\nwithout a registry:\n%s", args, raw.stdout, raw.stderr, without.stdout)
		}
		if strings.Contains(without.stdout, "schema_id") {
			t.Errorf("decoded without a registry:\n%s", without.stdout)
		}
	}
	if asked.Load() {
		t.Error("--decode raw asked the registry")
	}
	run(t, "-b", cluster(t), "consume", topic, "-e", "--decode", "avro").usage(t, "--decode")
	// A registry set up wrong is said before anything is read, with the way
	// around it; --decode raw does not look at it.
	run(t, "-b", cluster(t), "--schema-registry", "ftp://x", "consume", topic, "-e").usage(t, "--decode raw")
	run(t, "-b", cluster(t), "--schema-registry", "ftp://x", "consume", topic, "-e", "--decode", "raw").ok(t)
}

// A registry that cannot be reached does not stop the consume: every record
// is printed raw, and stderr says why once per schema.
func TestConsumeDecodeRegistryUnreachable(t *testing.T) {
	t.Parallel()
	_, topic := decodeFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	r := run(t, "-b", cluster(t), "--schema-registry", url, "consume", topic, "-e", "--json").ok(t)
	lines := jsonLines(t, r.stdout)
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 6:\n%s", len(lines), r.stdout)
	}
	for i, l := range lines {
		if i == 3 {
			continue // unframed
		}
		if e, _ := l["value_decode_error"].(string); !strings.Contains(e, "schema registry "+url+" unreachable") {
			t.Errorf("record %d: value_decode_error %q", i, e)
		}
		if _, ok := l["value_schema_id"]; ok {
			t.Errorf("record %d decoded: %v", i, l)
		}
	}
	t.Logf("stderr:\n%s", r.stderr)
	if !strings.Contains(r.stderr, "schema registry "+url+" unreachable") {
		t.Errorf("stderr does not say the registry is unreachable:\n%s", r.stderr)
	}
	for _, id := range []string{"schema 1:", "schema 99:"} {
		if n := strings.Count(r.stderr, id); n != 1 {
			t.Errorf("%d notes for %s, want 1:\n%s", n, id, r.stderr)
		}
	}
}
