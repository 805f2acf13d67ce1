package schemas

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

const listAvro = `{"type":"record","name":"Node","fields":[
  {"name":"v","type":"int"},{"name":"next","type":["null","Node"]},
  {"name":"m","type":{"type":"map","values":{"type":"array","items":"null"}}}]}`

// fuzzSource holds one schema of each kind under fixed ids: 1 every Avro type, 2 a recursive
// Avro type, 3 the Protobuf orders schema with its reference, 4 a JSON Schema.
func fuzzSource() mapSource {
	return mapSource{
		ids: map[int]sr.Schema{
			1: {Schema: everyAvroType},
			2: {Schema: listAvro},
			3: {Schema: protoOrders, Type: sr.TypeProtobuf,
				References: []sr.SchemaReference{{Name: "acme/common.proto", Subject: "acme-common", Version: 1}}},
			4: {Schema: `{"type":"object"}`, Type: sr.TypeJSON},
		},
		refs: map[string]sr.SubjectSchema{
			"acme-common/1": {Subject: "acme-common", Version: 1, ID: 9,
				Schema: sr.Schema{Schema: protoCommon, Type: sr.TypeProtobuf}},
		},
	}
}

// FuzzDecode feeds hostile bytes through the framing, Avro and Protobuf paths: no input may
// panic or hang, and whatever decodes must be valid JSON.
//
//	go test -run '^$' -fuzz FuzzDecode -fuzztime 30s ./kafkaops/schemas/
func FuzzDecode(f *testing.F) {
	every, err := avro.Marshal(avro.MustParse(everyAvroType), everyAvroValue())
	if err != nil {
		f.Fatal(err)
	}
	list, err := avro.Marshal(avro.MustParse(listAvro), map[string]any{"v": int32(1),
		"next": map[string]any{"Node": map[string]any{"v": int32(2), "next": nil, "m": map[string]any{}}},
		"m":    map[string]any{"k": []any{nil, nil}}})
	if err != nil {
		f.Fatal(err)
	}
	pf := newProtoFixture(f)
	order := pf.encode(f, "acme.orders.Order", `{"id":"o-1","lines":[{"sku":"A","qty":2,"price":{"units":"3"}}],
	  "status":"STATUS_OPEN","placed_at":"2024-01-01T00:00:00Z","ttl":"1s","note":"n",
	  "extra":{"@type":"type.googleapis.com/acme.common.Money","units":"1"},"counts":{"a":1},"left":"l"}`)
	line := pf.encode(f, "acme.orders.Order.Line", `{"sku":"B","qty":1}`)
	f.Add(frame(1, nil, every))
	f.Add(frame(2, nil, list))
	f.Add(frame(3, []int{1}, order))
	f.Add(frame(3, []int{1, 0}, line))
	f.Add(frame(3, []int{0}, []byte{0x0a, 0x01, 'x'}))
	f.Add(frame(4, nil, []byte(`{"a":[1,2,{"b":null}]}`)))
	f.Add(frame(1, nil, every[:len(every)/2]))
	f.Add([]byte("plain text"))

	d := NewDecoder(fuzzSource())
	ctx := context.Background()
	// Check the seeds decode, so the fuzzer starts from records that reach deep.
	for _, id := range []int{1, 2, 3} {
		if _, err := d.Schema(ctx, id); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := d.Decode(ctx, b)
		if err != nil {
			if errors.Is(err, ErrNotFramed) && len(b) >= 5 && b[0] == 0 {
				t.Fatalf("framed bytes reported as not framed: %x", b)
			}
			return
		}
		if !json.Valid(got.JSON) {
			t.Fatalf("invalid JSON from %x: %s", b, got.JSON)
		}
	})
}
