package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// benchOrderAvro is the benchmark record: ten fields, about 200
// bytes encoded.
const benchOrderAvro = `{"type":"record","name":"Order","namespace":"bench","fields":[
  {"name":"id","type":{"type":"string","logicalType":"uuid"}},
  {"name":"customer","type":"string"},
  {"name":"amount","type":"double"},
  {"name":"quantity","type":"int"},
  {"name":"currency","type":{"type":"enum","name":"Currency","symbols":["EUR","USD","GBP"]}},
  {"name":"created","type":{"type":"long","logicalType":"timestamp-millis"}},
  {"name":"status","type":"string"},
  {"name":"tags","type":{"type":"array","items":"string"}},
  {"name":"note","type":["null","string"]},
  {"name":"active","type":"boolean"}]}`

// benchOrderProto is the same order in Protobuf.
const benchOrderProto = `syntax = "proto3";
package bench;
message Order {
  string id = 1;
  string customer = 2;
  double amount = 3;
  int32 quantity = 4;
  enum Currency { EUR = 0; USD = 1; GBP = 2; }
  Currency currency = 5;
  int64 created = 6;
  string status = 7;
  repeated string tags = 8;
  string note = 9;
  bool active = 10;
}
`

// benchOrderProtoBytes encodes benchOrder(i) by benchOrderProto.
func benchOrderProtoBytes(o map[string]any) []byte {
	str := func(b []byte, n protowire.Number, s string) []byte {
		b = protowire.AppendTag(b, n, protowire.BytesType)
		return protowire.AppendString(b, s)
	}
	b := str(nil, 1, o["id"].(string))
	b = str(b, 2, o["customer"].(string))
	b = protowire.AppendTag(b, 3, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, math.Float64bits(o["amount"].(float64)))
	b = protowire.AppendTag(b, 4, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(o["quantity"].(int32)))
	b = protowire.AppendTag(b, 5, protowire.VarintType)
	b = protowire.AppendVarint(b, 1) // USD
	b = protowire.AppendTag(b, 6, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(o["created"].(time.Time).UnixMilli()))
	b = str(b, 7, o["status"].(string))
	for _, t := range o["tags"].([]any) {
		b = str(b, 8, t.(string))
	}
	b = str(b, 9, o["note"].(map[string]any)["string"].(string))
	if o["active"].(bool) {
		b = protowire.AppendTag(b, 10, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	return b
}

// BenchmarkConsumeDecode is the figure: `consume --json -e` of
// 200,000 Avro records (and as many Protobuf ones) through the registry, next to the same count of
// plain JSON records (the same orders as JSON text) without one, through
// Run against kfake. Each iteration is one whole consume; ns/record is the
// figure to compare. Run it with -benchtime=3x:
//
//	go test -run '^$' -bench BenchmarkConsumeDecode -benchtime=3x ./cli/
func BenchmarkConsumeDecode(b *testing.B) {
	const n = 200_000
	schema := avro.MustParse(benchOrderAvro)
	brokers := testkafka.Brokers(b)
	reg := srfake.New()
	b.Cleanup(reg.Close)
	reg.SeedSchema("orders-value", 1, 1, sr.Schema{Schema: benchOrderAvro, Type: sr.TypeAvro})
	reg.SeedSchema("orders-pb-value", 1, 2, sr.Schema{Schema: benchOrderProto, Type: sr.TypeProtobuf})

	avroTopic := testkafka.Topic(b, brokers, 1)
	jsonTopic := testkafka.Topic(b, brokers, 1)
	protoTopic := testkafka.Topic(b, brokers, 1)
	var avroBytes, jsonBytes, protoBytes int
	for start := 0; start < n; start += 10_000 {
		var recs []*kgo.Record
		for i := start; i < start+10_000; i++ {
			order := benchOrder(i)
			payload, err := avro.Marshal(schema, order)
			if err != nil {
				b.Fatal(err)
			}
			v := framed(1, nil, payload)
			pb := framed(2, []int{0}, benchOrderProtoBytes(order))
			order["created"] = order["created"].(time.Time).UnixMilli()
			order["note"] = order["note"].(map[string]any)["string"]
			js, err := json.Marshal(order)
			if err != nil {
				b.Fatal(err)
			}
			avroBytes += len(v)
			jsonBytes += len(js)
			protoBytes += len(pb)
			recs = append(recs, &kgo.Record{Topic: avroTopic, Value: v}, &kgo.Record{Topic: jsonTopic, Value: js},
				&kgo.Record{Topic: protoTopic, Value: pb})
		}
		testkafka.Produce(b, brokers, recs...)
	}
	b.Logf("%d records: Avro %d B each, Protobuf %d B, JSON %d B", n, avroBytes/n, protoBytes/n, jsonBytes/n)

	// The decoded topics must decode, or the figures compare nothing.
	for _, c := range []struct{ topic, format string }{{avroTopic, "avro"}, {protoTopic, "protobuf"}} {
		var out, errs strings.Builder
		code := Run(context.Background(), []string{"-b", strings.Join(brokers, ","), "--schema-registry", reg.URL(), "consume", c.topic, "-c", "1", "--json"},
			Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return false }})
		if code != 0 || !strings.Contains(out.String(), `"value_format":"`+c.format+`"`) || !strings.Contains(out.String(), `"customer":"customer-000000@example.com"`) {
			b.Fatalf("%s not decoded (exit %d): %s%s", c.format, code, out.String(), errs.String())
		}
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"avro", []string{"--schema-registry", reg.URL(), "consume", avroTopic, "-e", "--json"}},
		{"protobuf", []string{"--schema-registry", reg.URL(), "consume", protoTopic, "-e", "--json"}},
		{"plain-json", []string{"consume", jsonTopic, "-e", "--json"}},
		{"avro-raw", []string{"--schema-registry", reg.URL(), "consume", avroTopic, "-e", "--json", "--decode", "raw"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			args := append([]string{"-b", strings.Join(brokers, ",")}, c.args...)
			for range b.N {
				var out countingWriter
				var errs strings.Builder
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				code := Run(ctx, args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs,
					Getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return false }})
				cancel()
				if code != 0 || out.lines != n {
					b.Fatalf("exit %d, %d lines of %d\n%s", code, out.lines, n, errs.String())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}

func benchOrder(i int) map[string]any {
	return map[string]any{
		"id": fmt.Sprintf("0b7c5f3e-8a0c-4d55-9a52-%012d", i), "customer": fmt.Sprintf("customer-%06d@example.com", i),
		"amount": float64(i%100000) / 100, "quantity": int32(i % 7), "currency": "USD",
		"created": time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC).Add(time.Duration(i) * time.Second),
		"status":  "SHIPPED", "tags": []any{"priority", "gift-wrap"},
		"note":   map[string]any{"string": "deliver to the back door, ring twice; call before 18:00 if late, thanks a lot!!"},
		"active": i%2 == 0,
	}
}

// countingWriter counts the lines written to it and keeps none.
type countingWriter struct{ lines int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.lines += strings.Count(string(p), "\n")
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
