package schemas

import (
	"context"
	"testing"
	"time"

	"github.com/bufbuild/protocompile"
	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// benchAvro is the benchmark record: ten fields, about 200 bytes encoded.
const benchAvro = `{"type":"record","name":"Order","namespace":"bench","fields":[
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

const benchProto = `syntax = "proto3";
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

const benchNote = "deliver to the back door, ring twice; call before 18:00 if late, thanks a lot!!"

func benchAvroRecord(b *testing.B) []byte {
	payload, err := avro.Marshal(avro.MustParse(benchAvro), map[string]any{
		"id": "0b7c5f3e-8a0c-4d55-9a52-6c9b8a4d2f10", "customer": "customer-000123@example.com",
		"amount": 1234.5, "quantity": int32(3), "currency": "USD",
		"created": time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC),
		"status":  "SHIPPED", "tags": []any{"priority", "gift-wrap"},
		"note": map[string]any{"string": benchNote}, "active": true,
	})
	if err != nil {
		b.Fatal(err)
	}
	return frame(1, nil, payload)
}

func benchProtoRecord(b *testing.B) []byte {
	comp := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{"bench.proto": benchProto})})}
	fds, err := comp.Compile(context.Background(), "bench.proto")
	if err != nil {
		b.Fatal(err)
	}
	m := dynamicpb.NewMessage(fds[0].Messages().ByName(protoreflect.Name("Order")))
	err = protojson.Unmarshal([]byte(`{"id":"0b7c5f3e-8a0c-4d55-9a52-6c9b8a4d2f10",
	  "customer":"customer-000123@example.com","amount":1234.5,"quantity":3,"currency":"USD",
	  "created":"1709622489000","status":"SHIPPED","tags":["priority","gift-wrap"],
	  "note":"`+benchNote+`","active":true}`), m)
	if err != nil {
		b.Fatal(err)
	}
	payload, err := proto.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	return frame(2, []int{0}, payload)
}

func benchDecoder() *Decoder {
	return NewDecoder(mapSource{ids: map[int]sr.Schema{
		1: {Schema: benchAvro},
		2: {Schema: benchProto, Type: sr.TypeProtobuf},
	}})
}

func benchDecode(b *testing.B, rec []byte) { benchDecodeWith(b, benchDecoder(), rec) }

func benchDecodeWith(b *testing.B, d *Decoder, rec []byte) {
	ctx := context.Background()
	if _, err := d.Decode(ctx, rec); err != nil { // the schema is fetched and parsed once
		b.Fatal(err)
	}
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Decode(ctx, rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAvro decodes a 10-field record of about 200 bytes to JSON.
func BenchmarkDecodeAvro(b *testing.B) { benchDecode(b, benchAvroRecord(b)) }

// BenchmarkDecodeProtobuf decodes a Protobuf message with the same ten fields to JSON.
func BenchmarkDecodeProtobuf(b *testing.B) { benchDecode(b, benchProtoRecord(b)) }

// BenchmarkDecodeProtobufProtojson decodes the same record the way messages the fast path
// leaves aside are decoded (dynamicpb and protojson), for comparison.
func BenchmarkDecodeProtobufProtojson(b *testing.B) {
	rec := benchProtoRecord(b)
	d := benchDecoder()
	ctx := context.Background()
	c, err := d.schema(ctx, 2)
	if err != nil {
		b.Fatal(err)
	}
	c.proto.fast = nil
	benchDecodeWith(b, d, rec)
}
