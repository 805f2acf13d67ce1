package schemas

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// everyAvroType is a record with every Avro type and logical type hamba/avro knows, fields in
// an order that is not alphabetical (the output must keep the schema's).
const everyAvroType = `{
  "type": "record", "name": "Every", "namespace": "test.avro",
  "fields": [
    {"name": "zNull", "type": "null"},
    {"name": "bool", "type": "boolean"},
    {"name": "int", "type": "int"},
    {"name": "long", "type": "long"},
    {"name": "float", "type": "float"},
    {"name": "double", "type": "double"},
    {"name": "bytes", "type": "bytes"},
    {"name": "string", "type": "string"},
    {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "counts", "type": {"type": "map", "values": "long"}},
    {"name": "maybe", "type": ["null", "string"]},
    {"name": "maybeNot", "type": ["null", "string"], "default": null},
    {"name": "either", "type": ["null", "long", "string"]},
    {"name": "nested", "type": {"type": "record", "name": "Inner", "fields": [
      {"name": "b", "type": "int"}, {"name": "a", "type": "string"}]}},
    {"name": "again", "type": "Inner"},
    {"name": "md5", "type": {"type": "fixed", "name": "MD5", "size": 4}},
    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
    {"name": "negPrice", "type": {"type": "fixed", "name": "Dec", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 3}},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tMillis", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tMicros", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsMillis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "ltsMillis", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "ltsMicros", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "wait", "type": {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}}
  ]
}`

func everyAvroValue() map[string]any {
	ts := time.Date(2024, 3, 5, 7, 8, 9, 123456000, time.UTC)
	return map[string]any{
		"zNull":     nil,
		"bool":      true,
		"int":       int32(-42),
		"long":      int64(1) << 40,
		"float":     float32(1.5),
		"double":    2.25,
		"bytes":     []byte{0, 1, 2, 0xff},
		"string":    "héllo \"quoted\"\n\x01",
		"color":     "GREEN",
		"tags":      []any{"a", "b"},
		"counts":    map[string]any{"x": int64(7)},
		"maybe":     "here",
		"maybeNot":  nil,
		"either":    map[string]any{"long": int64(99)},
		"nested":    map[string]any{"b": int32(1), "a": "one"},
		"again":     map[string]any{"b": int32(2), "a": "two"},
		"md5":       [4]byte{0xde, 0xad, 0xbe, 0xef},
		"price":     big.NewRat(123456, 100),
		"negPrice":  big.NewRat(-5, 1000),
		"day":       time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		"tMillis":   13*time.Hour + 45*time.Minute + 1*time.Second + 7*time.Millisecond,
		"tMicros":   time.Hour + 2*time.Microsecond,
		"tsMillis":  ts.Truncate(time.Millisecond),
		"tsMicros":  ts,
		"ltsMillis": ts.Truncate(time.Millisecond),
		"ltsMicros": ts,
		"id":        "0b7c5f3e-8a0c-4d55-9a52-6c9b8a4d2f10",
		"wait":      avro.LogicalDuration{Months: 1, Days: 2, Milliseconds: 3},
	}
}

// The whole record is compared as text: it checks every value's JSON form and that fields come
// in the schema's order (zNull first, nested b before a), which a map would lose.
const everyAvroJSON = `{"zNull":null,"bool":true,"int":-42,"long":1099511627776,"float":1.5,"double":2.25,` +
	`"bytes":"AAEC/w==","string":"héllo \"quoted\"\n\u0001","color":"GREEN","tags":["a","b"],` +
	`"counts":{"x":7},"maybe":"here","maybeNot":null,"either":99,"nested":{"b":1,"a":"one"},` +
	`"again":{"b":2,"a":"two"},"md5":"3q2+7w==","price":1234.56,"negPrice":-0.005,"day":"2024-03-05",` +
	`"tMillis":"13:45:01.007","tMicros":"01:00:00.000002","tsMillis":"2024-03-05T07:08:09.123Z",` +
	`"tsMicros":"2024-03-05T07:08:09.123456Z","ltsMillis":"2024-03-05T07:08:09.123",` +
	`"ltsMicros":"2024-03-05T07:08:09.123456","id":"0b7c5f3e-8a0c-4d55-9a52-6c9b8a4d2f10",` +
	`"wait":{"months":1,"days":2,"milliseconds":3}}`

func TestDecodeAvroEveryType(t *testing.T) {
	reg := newTestRegistry(t)
	id := reg.register(t, "every-value", sr.Schema{Schema: everyAvroType})
	payload, err := avro.Marshal(avro.MustParse(everyAvroType), everyAvroValue())
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(reg.cl)
	got := mustDecode(t, d, frame(id, nil, payload))
	if string(got.JSON) != everyAvroJSON {
		t.Fatalf("decoded\n got: %s\nwant: %s", got.JSON, everyAvroJSON)
	}
	if got.Format != FormatAvro || got.SchemaID != id || got.Type != "test.avro.Every" {
		t.Errorf("format %q id %d type %q, want avro %d test.avro.Every", got.Format, got.SchemaID, got.Type, id)
	}
	if got.Schema != everyAvroType && !strings.Contains(got.Schema, `"test.avro"`) {
		t.Errorf("schema text not carried: %q", got.Schema)
	}
	if got.Subject != "every-value" || got.Version != 1 {
		t.Errorf("subject %q version %d, want every-value 1", got.Subject, got.Version)
	}
}

// A decimal keeps its exact digits whatever the size of its unscaled value.
func TestAvroDecimalForms(t *testing.T) {
	for _, tc := range []struct {
		b     []byte
		scale int
		want  string
	}{
		{nil, 2, "0.00"},
		{[]byte{0x04, 0xd2}, 2, "12.34"},
		{[]byte{0xfb, 0x2e}, 2, "-12.34"},
		{[]byte{0x05}, 3, "0.005"},
		{[]byte{0xff}, 0, "-1"},
		{[]byte{0x80, 0, 0, 0, 0, 0, 0, 0}, 0, "-9223372036854775808"},
		{[]byte{0x01, 0, 0, 0, 0, 0, 0, 0, 0}, 1, "1844674407370955161.6"},
		{[]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 0}, 0, "-18446744073709551616"},
	} {
		if got := string(appendDecimal(nil, tc.b, tc.scale)); got != tc.want {
			t.Errorf("appendDecimal(%x, %d) = %s, want %s", tc.b, tc.scale, got, tc.want)
		}
	}
}

// A union whose branch is a named record decodes to the record, and a recursive type (a linked
// list) decodes to its nested form.
func TestDecodeAvroRecursiveAndUnionOfRecords(t *testing.T) {
	const schema = `{"type":"record","name":"Node","fields":[
	  {"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}`
	reg := newTestRegistry(t)
	id := reg.register(t, "list-value", sr.Schema{Schema: schema})
	payload, err := avro.Marshal(avro.MustParse(schema), map[string]any{"v": int32(1),
		"next": map[string]any{"Node": map[string]any{"v": int32(2), "next": nil}}})
	if err != nil {
		t.Fatal(err)
	}
	got := mustDecode(t, NewDecoder(reg.cl), frame(id, nil, payload))
	if want := `{"v":1,"next":{"v":2,"next":null}}`; string(got.JSON) != want {
		t.Fatalf("got %s, want %s", got.JSON, want)
	}
}

// A schema that names a type from another subject is parsed with that subject's schema, fetched
// by subject and version; references of references are followed too.
func TestDecodeAvroReferences(t *testing.T) {
	const currency = `{"type":"enum","name":"Currency","namespace":"acme","symbols":["EUR","USD"]}`
	const money = `{"type":"record","name":"Money","namespace":"acme","fields":[
	  {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
	  {"name":"currency","type":"acme.Currency"}]}`
	const payment = `{"type":"record","name":"Payment","namespace":"acme.pay","fields":[
	  {"name":"id","type":"string"},{"name":"price","type":"acme.Money"}]}`
	reg := newTestRegistry(t)
	reg.register(t, "currency", sr.Schema{Schema: currency})
	reg.register(t, "money", sr.Schema{Schema: money,
		References: []sr.SchemaReference{{Name: "acme.Currency", Subject: "currency", Version: 1}}})
	id := reg.register(t, "payments-value", sr.Schema{Schema: payment,
		References: []sr.SchemaReference{{Name: "acme.Money", Subject: "money", Version: 1}}})

	cache := &avro.SchemaCache{}
	for _, s := range []string{currency, money} {
		if _, err := avro.ParseWithCache(s, "", cache); err != nil {
			t.Fatal(err)
		}
	}
	full, err := avro.ParseWithCache(payment, "", cache)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := avro.Marshal(full, map[string]any{"id": "p-1",
		"price": map[string]any{"amount": big.NewRat(1999, 100), "currency": "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	got := mustDecode(t, NewDecoder(reg.cl), frame(id, nil, payload))
	if want := `{"id":"p-1","price":{"amount":19.99,"currency":"USD"}}`; string(got.JSON) != want {
		t.Fatalf("got %s, want %s", got.JSON, want)
	}
	if len(got.References) != 1 || got.References[0].Subject != "money" {
		t.Errorf("references %+v, want the one to money", got.References)
	}
}

// Bytes that do not fit the schema give an error naming the schema, the type and where.
func TestDecodeAvroMismatch(t *testing.T) {
	const schema = `{"type":"record","name":"Order","namespace":"orders","fields":[
	  {"name":"id","type":"string"},{"name":"lines","type":{"type":"array","items":
	    {"type":"record","name":"Line","fields":[{"name":"qty","type":"int"},
	      {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}}]}}}]}`
	reg := newTestRegistry(t)
	id := reg.register(t, "orders-value", sr.Schema{Schema: schema})
	d := NewDecoder(reg.cl)
	good, err := avro.Marshal(avro.MustParse(schema), map[string]any{"id": "o-1",
		"lines": []any{map[string]any{"qty": int32(1), "kind": "A"}, map[string]any{"qty": int32(2), "kind": "B"}}})
	if err != nil {
		t.Fatal(err)
	}
	mustDecode(t, d, frame(id, nil, good))

	badEnum := append([]byte(nil), good...)
	badEnum[len(badEnum)-2] = 0x0a // second line's kind: symbol 5
	for _, tc := range []struct {
		name    string
		payload []byte
		want    string
	}{
		{"cut short", good[:len(good)-3], "avro: bytes do not match schema " + itoa(id) + " (record orders.Order): at .lines[1].qty: the data ends early"},
		{"bad enum", badEnum, "at .lines[1].kind: enum orders.Kind has no symbol 5"},
		{"left over", append(append([]byte(nil), good...), 1, 2), "2 bytes left over after the record orders.Order"},
		{"length past the end", []byte{0x7e}, "at .id: a length of 63 does not fit the 0 bytes left"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.Decode(testCtx(t), frame(id, nil, tc.payload))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
