package schemas

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
)

// The variables scripts/integration.sh exports on the 4.x single-node suite,
// where Apicurio Registry runs beside the broker.
const (
	// envRegistry is the registry's Confluent-compatible base URL.
	envRegistry = "KAFKATUI_TEST_SCHEMA_REGISTRY"
	// envAvroProduce is the command of scripts/registry/AvroProduce.java
	// with the bootstrap and registry URL already given: append TOPIC COUNT.
	envAvroProduce = "KAFKATUI_TEST_AVRO_PRODUCE"
	envBrokers     = "KAFKATUI_TEST_BROKERS"
)

// apicurioClient is an sr.Client on the real registry, or a skip when the
// suite did not start one.
func apicurioClient(t *testing.T) *sr.Client {
	t.Helper()
	url := strings.TrimSpace(os.Getenv(envRegistry))
	if url == "" {
		t.Skipf("needs a real Schema Registry (%s, set by scripts/integration.sh --only 4-single)", envRegistry)
	}
	cl, err := sr.NewClient(sr.URLs(url))
	if err != nil {
		t.Fatalf("sr.NewClient(%s): %v", url, err)
	}
	return cl
}

// uniqueName keeps subjects and topics of reruns and of other tests apart:
// the registry lives for the whole suite.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

const apicurioAvro = `{"type":"record","name":"Payment","namespace":"io.kafkatui.it","fields":[` +
	`{"name":"id","type":"string"},` +
	`{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},` +
	`{"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},` +
	`{"name":"memo","type":["null","string"],"default":null}]}`

const apicurioCommonProto = `syntax = "proto3";
package kafkatui.it.common;

message Money {
  string currency = 1;
  int64 units = 2;
}
`

const apicurioOrderProto = `syntax = "proto3";
package kafkatui.it;

import "kafkatui/it/common.proto";

message Order {
  string id = 1;
  kafkatui.it.common.Money total = 2;
  message Line {
    string sku = 1;
    int32 quantity = 2;
  }
  repeated Line lines = 3;
}
`

// TestApicurioSchemasRoundTrip registers an Avro schema and a Protobuf schema
// that imports another through a reference, then reads each back by id and by
// subject and version through franz-go's client, as kafkatui's registry
// layer does.
func TestApicurioSchemasRoundTrip(t *testing.T) {
	cl := apicurioClient(t)
	ctx := testContext(t)

	if _, err := cl.Subjects(ctx); err != nil {
		t.Fatalf("listing subjects: %v", err)
	}

	avroSubject := uniqueName("kt-avro") + "-value"
	avro, err := cl.CreateSchema(ctx, avroSubject, sr.Schema{Schema: apicurioAvro, Type: sr.TypeAvro})
	if err != nil {
		t.Fatalf("registering the Avro schema under %s: %v", avroSubject, err)
	}
	if avro.ID <= 0 || avro.Version != 1 || avro.Subject != avroSubject {
		t.Fatalf("registered Avro schema = subject %q version %d id %d, want %q version 1 and an id", avro.Subject, avro.Version, avro.ID, avroSubject)
	}

	commonSubject := uniqueName("kafkatui/it/common.proto")
	common, err := cl.CreateSchema(ctx, commonSubject, sr.Schema{Schema: apicurioCommonProto, Type: sr.TypeProtobuf})
	if err != nil {
		t.Fatalf("registering the referenced Protobuf schema under %s: %v", commonSubject, err)
	}
	ref := sr.SchemaReference{Name: "kafkatui/it/common.proto", Subject: commonSubject, Version: common.Version}
	orderSubject := uniqueName("kt-proto") + "-value"
	order, err := cl.CreateSchema(ctx, orderSubject, sr.Schema{
		Schema: apicurioOrderProto, Type: sr.TypeProtobuf, References: []sr.SchemaReference{ref},
	})
	if err != nil {
		t.Fatalf("registering the Protobuf schema with a reference under %s: %v", orderSubject, err)
	}
	if order.ID == avro.ID || order.ID == common.ID {
		t.Fatalf("the Protobuf schema got id %d, already the id of another schema (Avro %d, common %d)", order.ID, avro.ID, common.ID)
	}

	subjects, err := cl.Subjects(ctx)
	if err != nil {
		t.Fatalf("listing subjects: %v", err)
	}
	for _, s := range []string{avroSubject, commonSubject, orderSubject} {
		if !slices.Contains(subjects, s) {
			t.Errorf("subjects %q lack %q", subjects, s)
		}
	}

	cases := []struct {
		subject string
		id      int
		want    sr.Schema
	}{
		{avroSubject, avro.ID, sr.Schema{Schema: apicurioAvro, Type: sr.TypeAvro}},
		{commonSubject, common.ID, sr.Schema{Schema: apicurioCommonProto, Type: sr.TypeProtobuf}},
		{orderSubject, order.ID, sr.Schema{Schema: apicurioOrderProto, Type: sr.TypeProtobuf, References: []sr.SchemaReference{ref}}},
	}
	for _, c := range cases {
		byID, err := cl.SchemaByID(ctx, c.id)
		if err != nil {
			t.Errorf("%s: schema by id %d: %v", c.subject, c.id, err)
		} else {
			sameSchema(t, fmt.Sprintf("%s by id %d", c.subject, c.id), byID, c.want)
		}
		for _, version := range []int{1, -1} { // -1 is "latest"
			got, err := cl.SchemaByVersion(ctx, c.subject, version)
			if err != nil {
				t.Errorf("%s: version %d: %v", c.subject, version, err)
				continue
			}
			if got.Subject != c.subject || got.Version != 1 || got.ID != c.id {
				t.Errorf("%s version %d = subject %q version %d id %d, want version 1 id %d", c.subject, version, got.Subject, got.Version, got.ID, c.id)
			}
			sameSchema(t, fmt.Sprintf("%s version %d", c.subject, version), got.Schema, c.want)
		}
	}

	if _, err := cl.SchemaByID(ctx, order.ID+1000); err == nil {
		t.Errorf("schema by unknown id %d: no error", order.ID+1000)
	}
}

// sameSchema compares a fetched schema with what was registered: type and
// references exactly, the text as JSON for Avro (a registry may drop
// insignificant white space) and as lines for Protobuf.
func sameSchema(t *testing.T, what string, got, want sr.Schema) {
	t.Helper()
	gotType, wantType := got.Type, want.Type
	if gotType != wantType {
		t.Errorf("%s: type %v, want %v", what, gotType, wantType)
	}
	if len(got.References) != 0 || len(want.References) != 0 {
		if !reflect.DeepEqual(got.References, want.References) {
			t.Errorf("%s: references %+v, want %+v", what, got.References, want.References)
		}
	}
	if want.Type == sr.TypeAvro {
		var g, w any
		if err := json.Unmarshal([]byte(got.Schema), &g); err != nil {
			t.Errorf("%s: schema text is not JSON: %v\n%s", what, err, got.Schema)
			return
		}
		if err := json.Unmarshal([]byte(want.Schema), &w); err != nil {
			t.Fatalf("%s: the wanted schema is not JSON: %v", what, err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: schema\n%s\nwant\n%s", what, got.Schema, want.Schema)
		}
		return
	}
	if strings.TrimSpace(got.Schema) != strings.TrimSpace(want.Schema) {
		t.Errorf("%s: schema\n%s\nwant\n%s", what, got.Schema, want.Schema)
	}
}

// TestRealSchemaJavaAvroRecords has a real Java producer (plain Apache Avro
// plus the 5-byte header) register its schema and write records, then reads
// them with franz-go: each value must carry magic 0 and the id the registry
// gave the producer's subject, and start with the Avro encoding of its
// index's id and name fields.
func TestRealSchemaJavaAvroRecords(t *testing.T) {
	cl := apicurioClient(t)
	produce := strings.Fields(os.Getenv(envAvroProduce))
	brokers := strings.TrimSpace(os.Getenv(envBrokers))
	if len(produce) == 0 || brokers == "" {
		t.Skipf("needs the Java Avro producer and a real broker (%s, %s)", envAvroProduce, envBrokers)
	}
	ctx := testContext(t)
	const n = 100
	topic := uniqueName("kt-java-avro")

	cmd := exec.CommandContext(ctx, produce[0], append(produce[1:], topic, strconv.Itoa(n))...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("Java Avro producer: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	m := regexp.MustCompile(`schema_id=(\d+) records=(\d+)`).FindStringSubmatch(stdout.String())
	if m == nil || m[2] != strconv.Itoa(n) {
		t.Fatalf("Java Avro producer said %q, want schema_id=N records=%d", stdout.String(), n)
	}
	javaID, _ := strconv.Atoi(m[1])

	latest, err := cl.SchemaByVersion(ctx, topic+"-value", -1)
	if err != nil {
		t.Fatalf("the producer's subject %s-value: %v", topic, err)
	}
	if latest.ID != javaID || latest.Type != sr.TypeAvro {
		t.Fatalf("registry has %s-value as id %d type %v; the producer framed with id %d", topic, latest.ID, latest.Type, javaID)
	}

	records := consumeAll(t, ctx, strings.Split(brokers, ","), topic, n)
	var header sr.ConfluentHeader
	// Every field, decoded through our registry client and decoder, as
	// the Java producer wrote it (AvroProduce.java's value()).
	dec := NewDecoder(javaRegistry(t))
	for i, r := range records {
		checkJavaAvroRecord(t, ctx, dec, i, r.Value, latest.ID)
	}
	for i, r := range records {
		if want := fmt.Sprintf("order-%d", i); string(r.Key) != want {
			t.Errorf("record %d: key %q, want %q", i, r.Key, want)
		}
		if len(r.Value) < 5 || r.Value[0] != 0 {
			t.Errorf("record %d: value %x does not start with magic byte 0", i, r.Value)
			continue
		}
		id, payload, err := header.DecodeID(r.Value)
		if err != nil || id != latest.ID {
			t.Errorf("record %d: header id %d (%v), want %d", i, id, err, latest.ID)
			continue
		}
		if got := binary.BigEndian.Uint32(r.Value[1:5]); int(got) != latest.ID {
			t.Errorf("record %d: bytes 1-4 say id %d, want %d", i, got, latest.ID)
		}
		// The first two fields: id (long) and name (string), Avro's zig-zag
		// varints; the decoder's tests check every field.
		gotID, k := binary.Varint(payload)
		if k <= 0 || gotID != int64(i) {
			t.Errorf("record %d: Avro id field %d, want %d (payload %x)", i, gotID, i, payload)
			continue
		}
		l, k2 := binary.Varint(payload[k:])
		name := fmt.Sprintf("order-%d", i)
		if k2 <= 0 || l != int64(len(name)) || !bytes.HasPrefix(payload[k+k2:], []byte(name)) {
			t.Errorf("record %d: Avro name field does not read %q (payload %x)", i, name, payload)
		}
	}
}

// javaRegistry is our Registry on the Apicurio the test suite started.
func javaRegistry(t *testing.T) *Registry {
	t.Helper()
	reg, err := NewRegistry(RegistryConfig{URL: os.Getenv(envRegistry)})
	if err != nil {
		t.Fatalf("NewRegistry: %v", err)
	}
	return reg
}

// checkJavaAvroRecord decodes record i and compares each field with what
// AvroProduce.java's value() wrote for i.
func checkJavaAvroRecord(t *testing.T, ctx context.Context, dec *Decoder, i int, value []byte, id int) {
	t.Helper()
	d, err := dec.Decode(ctx, value)
	if err != nil {
		t.Errorf("record %d: decode: %v", i, err)
		return
	}
	if d.SchemaID != id || d.Format != FormatAvro {
		t.Errorf("record %d: schema %d format %v, want %d avro", i, d.SchemaID, d.Format, id)
	}
	var got map[string]any
	jd := json.NewDecoder(bytes.NewReader(d.JSON))
	jd.UseNumber()
	if err := jd.Decode(&got); err != nil {
		t.Errorf("record %d: decoded JSON %s: %v", i, d.JSON, err)
		return
	}
	created := time.UnixMilli(1700000000000 + int64(i)*1000).UTC()
	var note any
	if i%4 != 0 {
		note = fmt.Sprintf("note %d", i)
	}
	want := map[string]any{
		"id": strconv.Itoa(i), "name": fmt.Sprintf("order-%d", i), "amount": strconv.FormatFloat(float64(i)*1.5, 'g', -1, 64),
		"count": strconv.Itoa(i % 7), "active": i%2 == 0, "status": []string{"NEW", "PAID", "SHIPPED"}[i%3],
		"day": time.Unix(0, 0).UTC().AddDate(0, 0, 19700+i).Format("2006-01-02"), "price": fmt.Sprintf("%d.25", i), "note": note,
	}
	for field, w := range want {
		g := got[field]
		if num, ok := g.(json.Number); ok {
			if f, err := num.Float64(); err == nil && field == "amount" {
				g = strconv.FormatFloat(f, 'g', -1, 64)
			} else {
				g = num.String()
			}
		}
		if g != w {
			t.Errorf("record %d: field %s = %#v, want %#v (JSON %s)", i, field, got[field], w, d.JSON)
		}
	}
	if s, _ := got["created"].(string); s == "" {
		t.Errorf("record %d: created %#v, want a timestamp (JSON %s)", i, got["created"], d.JSON)
	} else if ts, err := time.Parse(time.RFC3339Nano, s); err != nil || !ts.Equal(created) {
		t.Errorf("record %d: created %q, want %s", i, s, created.Format(time.RFC3339Nano))
	}
}

// consumeAll reads the first n records of the topic's single partition.
func consumeAll(t *testing.T, ctx context.Context, brokers []string, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatalf("kgo.NewClient: %v", err)
	}
	defer cl.Close()
	var out []*kgo.Record
	for len(out) < n {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read %d of %d records from %s before the deadline: %v", len(out), n, topic, err)
		}
		fs.EachError(func(tp string, p int32, err error) {
			t.Fatalf("fetching %s/%d: %v", tp, p, err)
		})
		out = append(out, fs.Records()...)
	}
	if len(out) != n {
		t.Fatalf("read %d records from %s, want %d", len(out), topic, n)
	}
	return out
}
