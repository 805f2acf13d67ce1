package schemas

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// kindsProto has a field of every kind the fast path decodes itself.
const kindsProto = `syntax = "proto3";
package kinds;
enum Color { RED = 0; GREEN = 1; BLUE = 2; }
message All {
  double d = 1; float f = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6;
  sint32 s32 = 7; sint64 s64 = 8; fixed32 fx32 = 9; fixed64 fx64 = 10; sfixed32 sf32 = 11;
  sfixed64 sf64 = 12; bool b = 13; string s = 14; bytes by = 15; Color c = 16;
  repeated int32 ri = 17; repeated string rs = 18; repeated Sub rm = 19; repeated Color rc = 20;
  repeated double rd = 21 [packed = false];
  map<string, int64> msi = 22; map<int32, Sub> mis = 23; map<bool, string> mbs = 24;
  map<sint64, Color> msc = 25; map<uint32, bytes> mub = 26;
  oneof pick { string ps = 27; Sub pm = 28; }
  optional int32 opt = 29;
  Sub sub = 30; All self = 31;
}
message Sub { string name = 1; int32 n = 2; }
`

const kindsProto2 = `syntax = "proto2";
package kinds2;
enum Mode { A = 1; B = 2; }
message Old { optional int32 n = 1; optional Mode m = 2; repeated Mode ms = 3; required string s = 4; optional string d = 5 [default = "x"]; }
`

type kindsFixture struct {
	slow, fast map[string]*protoCodec
	msgs       map[string]protoreflect.MessageDescriptor
}

func newKindsFixture(t testing.TB) *kindsFixture {
	t.Helper()
	kf := &kindsFixture{slow: map[string]*protoCodec{}, fast: map[string]*protoCodec{}, msgs: map[string]protoreflect.MessageDescriptor{}}
	for i, text := range []string{kindsProto, kindsProto2} {
		c, err := compileProto(context.Background(), i+100, text, nil)
		if err != nil {
			t.Fatal(err)
		}
		msgs := c.file.Messages()
		for j := range msgs.Len() {
			md := msgs.Get(j)
			name := string(md.FullName())
			kf.msgs[name] = md
			if c.fast[md.FullName()] == nil {
				t.Fatalf("%s is not on the fast path", name)
			}
			slow := *c
			slow.fast = nil
			kf.slow[name], kf.fast[name] = &slow, c
		}
	}
	return kf
}

func (kf *kindsFixture) encode(t testing.TB, name, text string) []byte {
	t.Helper()
	m := dynamicpb.NewMessage(kf.msgs[name])
	if err := (protojson.UnmarshalOptions{AllowPartial: true}).Unmarshal([]byte(text), m); err != nil {
		t.Fatal(err)
	}
	b, err := proto.MarshalOptions{AllowPartial: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// check decodes b both ways: where the fast path answers, it must give protojson's value.
func (kf *kindsFixture) check(t *testing.T, name string, b []byte) (fast bool) {
	c := kf.fast[name]
	fm := c.fast[protoreflect.FullName(name)]
	got, err := fastMessage(nil, fm, b, 0)
	if err != nil {
		return false
	}
	want, _, werr := kf.slow[name].decodeMessage(kf.msgs[name], b)
	if werr != nil {
		t.Fatalf("fast path decoded %x that protojson refuses (%v): %s", b, werr, got)
	}
	if string(got) == string(want) {
		return true
	}
	var g, w any
	if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil || !reflect.DeepEqual(g, w) {
		t.Fatalf("fast path differs from protojson on %x\nfast:      %s\nprotojson: %s", b, got, want)
	}
	return true
}

func TestProtobufFastPathMatchesProtojson(t *testing.T) {
	kf := newKindsFixture(t)
	for _, tc := range []struct{ name, text string }{
		{"kinds.All", `{}`},
		{"kinds.All", `{"d":1.5,"f":-2.25,"i32":-7,"i64":"-9007199254740993","u32":4000000000,"u64":"18446744073709551615",
		  "s32":-3,"s64":"-4","fx32":5,"fx64":"6","sf32":-8,"sf64":"-9","b":true,"s":"é \"q\" \u0001","by":"AAH/",
		  "c":"BLUE","ri":[1,-2,3],"rs":["a",""],"rm":[{"name":"x"},{}],"rc":["GREEN",7],"rd":[1e-7,1e21,0],
		  "msi":{"b":2,"a":1},"mis":{"-1":{"n":1},"5":{}},"mbs":{"true":"t","false":"f"},"msc":{"-2":"RED","3":"BLUE"},
		  "mub":{"1":"AA=="},"pm":{"name":"p"},"opt":0,"sub":{"name":"s","n":1},"self":{"i32":1,"self":{"s":"deep"}}}`},
		{"kinds.All", `{"ps":"chosen","d":"NaN","f":"-Infinity","c":9}`},
		{"kinds2.Old", `{"s":"req","m":"B","ms":["A","B"]}`},
		{"kinds2.Old", `{"n":1}`},
	} {
		if !kf.check(t, tc.name, kf.encode(t, tc.name, tc.text)) {
			t.Errorf("%s %s: the fast path stepped aside", tc.name, tc.text)
		}
	}
	// Repeated keys in a map and a scalar sent twice: the last one wins, as in protobuf.
	twice := append(kf.encode(t, "kinds.All", `{"i32":1,"msi":{"k":1}}`), kf.encode(t, "kinds.All", `{"i32":2,"msi":{"k":2}}`)...)
	if !kf.check(t, "kinds.All", twice) {
		t.Error("the fast path stepped aside on repeated fields")
	}
	// A field the schema does not know (field 99, a newer writer) is left out, as protojson does.
	unknown := append(kf.encode(t, "kinds.All", `{"i32":1}`), 0x98, 0x06, 0x05)
	if !kf.check(t, "kinds.All", unknown) {
		t.Error("the fast path stepped aside on an unknown field")
	}
	// Two members of one oneof: the last one set is the one shown.
	both := append(kf.encode(t, "kinds.All", `{"pm":{"name":"first"}}`), kf.encode(t, "kinds.All", `{"ps":"second"}`)...)
	if !kf.check(t, "kinds.All", both) {
		t.Error("the fast path stepped aside on a oneof set twice")
	}
	// A message sent in two parts is merged by protobuf: left to protojson.
	parts := append(kf.encode(t, "kinds.All", `{"sub":{"name":"a"}}`), kf.encode(t, "kinds.All", `{"sub":{"n":3}}`)...)
	if kf.check(t, "kinds.All", parts) {
		t.Error("the fast path decoded a message in two parts itself")
	}
}

// FuzzProtobufFastPath compares the fast path with protojson on mutated messages.
//
//	go test -run '^$' -fuzz FuzzProtobufFastPath -fuzztime 30s ./kafkaops/schemas/
func FuzzProtobufFastPath(f *testing.F) {
	kf := newKindsFixture(f)
	f.Add(true, kf.encode(f, "kinds.All", `{"d":1.5,"i64":"-5","s":"x","ri":[1,2],"rm":[{"name":"x"}],"msi":{"a":1},
	  "mis":{"3":{"n":1}},"mbs":{"true":"t"},"msc":{"-2":"BLUE"},"mub":{"7":"AQ=="},"ps":"p","opt":3,"sub":{"n":1},"self":{"b":true}}`))
	f.Add(false, kf.encode(f, "kinds2.Old", `{"s":"req","m":"B","ms":["A","B"],"n":-1}`))
	f.Fuzz(func(t *testing.T, all bool, b []byte) {
		name := "kinds2.Old"
		if all {
			name = "kinds.All"
		}
		kf.check(t, name, b)
	})
}
