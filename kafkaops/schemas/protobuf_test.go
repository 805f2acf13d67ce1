package schemas

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

const protoCommon = `syntax = "proto3";
package acme.common;

enum Status {
  STATUS_UNKNOWN = 0;
  STATUS_OPEN = 1;
  STATUS_SHIPPED = 2;
}

message Money {
  string currency = 1;
  int64 units = 2;
  int32 nanos = 3;
}
`

// protoOrders has its interesting message second, a nested message inside it, an import by
// reference and well-known types.
const protoOrders = `syntax = "proto3";
package acme.orders;

import "acme/common.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";

message Header {
  string source = 1;
}

message Order {
  message Line {
    string sku = 1;
    int32 qty = 2;
    acme.common.Money price = 3;
  }
  string id = 1;
  repeated Line lines = 2;
  acme.common.Status status = 3;
  google.protobuf.Timestamp placed_at = 4;
  google.protobuf.Duration ttl = 5;
  google.protobuf.StringValue note = 6;
  google.protobuf.Any extra = 7;
  int64 big = 8;
  bytes blob = 9;
  map<string, int32> counts = 10;
  oneof pick {
    string left = 11;
    int32 right = 12;
  }
}
`

// protoFixture registers the two schemas and compiles them for the writer side of the tests.
type protoFixture struct {
	reg   *testRegistry
	id    int
	files *protoregistry.Files
}

func newProtoFixture(t testing.TB) *protoFixture {
	t.Helper()
	reg := newTestRegistry(t)
	reg.register(t, "acme-common", sr.Schema{Schema: protoCommon, Type: sr.TypeProtobuf})
	id := reg.register(t, "orders-value", sr.Schema{Schema: protoOrders, Type: sr.TypeProtobuf,
		References: []sr.SchemaReference{{Name: "acme/common.proto", Subject: "acme-common", Version: 1}}})
	comp := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{
			"acme/common.proto": protoCommon, "orders.proto": protoOrders}),
	})}
	fds, err := comp.Compile(context.Background(), "orders.proto")
	if err != nil {
		t.Fatal(err)
	}
	files := new(protoregistry.Files)
	if err := registerFile(files, fds[0]); err != nil {
		t.Fatal(err)
	}
	return &protoFixture{reg: reg, id: id, files: files}
}

// encode builds message name from its protojson text, the way a writer would hold it.
func (f *protoFixture) encode(t testing.TB, name, text string) []byte {
	t.Helper()
	d, err := f.files.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		t.Fatal(err)
	}
	m := dynamicpb.NewMessage(d.(protoreflect.MessageDescriptor))
	types := dynamicpb.NewTypes(f.files)
	if err := (protojson.UnmarshalOptions{Resolver: types}).Unmarshal([]byte(text), m); err != nil {
		t.Fatal(err)
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeProtobufNonFirstMessageWithImportsAndWellKnownTypes(t *testing.T) {
	f := newProtoFixture(t)
	order := f.encode(t, "acme.orders.Order", `{
	  "id": "o-1",
	  "lines": [{"sku": "A-1", "qty": 2, "price": {"currency": "EUR", "units": "12", "nanos": 500000000}}],
	  "status": "STATUS_SHIPPED",
	  "placed_at": "2024-03-05T07:08:09.123Z",
	  "ttl": "90s",
	  "note": "fragile",
	  "extra": {"@type": "type.googleapis.com/acme.orders.Header", "source": "web"},
	  "big": "9007199254740993",
	  "blob": "3q2+7w==",
	  "counts": {"a": 1},
	  "right": 7
	}`)
	got := mustDecode(t, NewDecoder(f.reg.cl), frame(f.id, []int{1}, order))
	sameJSON(t, got.JSON, `{
	  "id": "o-1",
	  "lines": [{"sku": "A-1", "qty": 2, "price": {"currency": "EUR", "units": "12", "nanos": 500000000}}],
	  "status": "STATUS_SHIPPED",
	  "placed_at": "2024-03-05T07:08:09.123Z",
	  "ttl": "90s",
	  "note": "fragile",
	  "extra": {"@type": "type.googleapis.com/acme.orders.Header", "source": "web"},
	  "big": "9007199254740993",
	  "blob": "3q2+7w==",
	  "counts": {"a": 1},
	  "right": 7
	}`)
	if got.Format != FormatProtobuf || got.Type != "acme.orders.Order" || got.Subject != "orders-value" {
		t.Errorf("format %q type %q subject %q", got.Format, got.Type, got.Subject)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, got.JSON); err != nil || compact.String() != string(got.JSON) {
		t.Errorf("output is not compact JSON: %s", got.JSON)
	}
}

// Unpopulated fields are shown with their defaults, so a column reads 0, not null.
func TestDecodeProtobufEmitsUnpopulated(t *testing.T) {
	f := newProtoFixture(t)
	got := mustDecode(t, NewDecoder(f.reg.cl), frame(f.id, []int{1}, f.encode(t, "acme.orders.Order", `{"id":"o-2"}`)))
	sameJSON(t, got.JSON, `{"id":"o-2","lines":[],"status":"STATUS_UNKNOWN","placed_at":null,"ttl":null,
	  "note":null,"extra":null,"big":"0","blob":"","counts":{}}`)
}

func TestDecodeProtobufFirstAndNestedMessages(t *testing.T) {
	f := newProtoFixture(t)
	d := NewDecoder(f.reg.cl)
	// The single byte 0 is the shortcut for the first message.
	header := f.encode(t, "acme.orders.Header", `{"source":"pos"}`)
	got := mustDecode(t, d, frame(f.id, []int{0}, header))
	if string(got.JSON) != `{"source":"pos"}` || got.Type != "acme.orders.Header" {
		t.Fatalf("first message: %s (%s)", got.JSON, got.Type)
	}
	// [1, 0] is Order.Line, nested in the second message.
	line := f.encode(t, "acme.orders.Order.Line", `{"sku":"B-2","qty":3}`)
	got = mustDecode(t, d, frame(f.id, []int{1, 0}, line))
	sameJSON(t, got.JSON, `{"sku":"B-2","qty":3,"price":null}`)
	if got.Type != "acme.orders.Order.Line" {
		t.Errorf("type %q, want acme.orders.Order.Line", got.Type)
	}
}

func TestDecodeProtobufMismatch(t *testing.T) {
	f := newProtoFixture(t)
	d := NewDecoder(f.reg.cl)
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"no such message", frame(f.id, []int{5}, nil), "protobuf: bytes do not match schema " + itoa(f.id) + ": message index [5]: the schema has 2 messages at depth 0, not 6"},
		{"no such nested message", frame(f.id, []int{0, 0}, nil), "acme.orders.Header has 0 messages at depth 1"},
		{"index list cut", append(frame(f.id, nil, nil), 0x04), "the message-index list is cut short"},
		{"garbage", frame(f.id, []int{1}, []byte{0x0a, 0xff, 0x01}), "(message acme.orders.Order): "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.Decode(testCtx(t), tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// An Any whose type neither the schema nor its imports declare cannot be shown as JSON: the
// error says so and names the type, instead of blaming the bytes.
func TestDecodeProtobufUnresolvableAny(t *testing.T) {
	f := newProtoFixture(t)
	order := f.encode(t, "acme.orders.Order", `{"id":"o-1","extra":{"@type":"type.googleapis.com/acme.common.Money","units":"1"}}`)
	// Rename the type in the URL (same length, so the lengths around it stay right).
	b := bytes.Replace(order, []byte("common.Money"), []byte("common.Mon3y"), 1)
	_, err := NewDecoder(f.reg.cl).Decode(testCtx(t), frame(f.id, []int{1}, b))
	want := "protobuf: schema " + itoa(f.id) + " (message acme.orders.Order): cannot show as JSON: "
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "acme.common.Mon3y") {
		t.Fatalf("error %v, want it to start with %q and name the type", err, want)
	}
}
