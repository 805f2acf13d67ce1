package inspector

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

const orderAvsc = `{"type":"record","name":"Order","namespace":"shop","fields":[
	{"name":"id","type":"string"},{"name":"amount","type":"long"},{"name":"paid","type":"boolean"}]}`

// decoded is a record whose value is an Avro order framed for an
// in-process registry (srfake), and what the registry makes of it;
// unknownID frames the value with an id the registry does not know.
func decoded(t *testing.T, unknownID bool) (kafkaops.Record, *common.Decoding) {
	t.Helper()
	fake := srfake.New()
	t.Cleanup(fake.Close)
	cl, err := sr.NewClient(sr.URLs(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ss, err := cl.CreateSchema(ctx, "orders-value", sr.Schema{Schema: orderAvsc, Type: sr.TypeAvro})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := avro.Marshal(avro.MustParse(orderAvsc), map[string]any{"id": "O-1", "amount": int64(120), "paid": true})
	if err != nil {
		t.Fatal(err)
	}
	id := ss.ID
	if unknownID {
		id = 4242
	}
	v, _ := new(sr.ConfluentHeader).AppendEncode(nil, id, nil)
	rec := record("C-1", "")
	rec.Value = append(v, payload...)
	return rec, common.Decode(ctx, schemas.NewDecoder(cl), &rec)
}

func TestDecodedValueShownAsJSONWithSchema(t *testing.T) {
	rec, dec := decoded(t, false)
	if dec == nil || dec.Value == nil {
		t.Fatalf("not decoded: %+v", dec)
	}
	m := New(newCommon(themes.Plain()), rec, nil).WithDecoding(dec)
	m.SetSize(100, 30)
	v := view(t, m, 100, 30)
	for _, want := range []string{
		"Schema value: avro, id 1, orders-value v1, shop.Order",
		`"id": "O-1"`, `"amount": 120`, `"paid": true`,
		"[auto: JSON]",
		"Value 12 B", // the size is the bytes'
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	uitest.Golden(t, "schema_decoded", v)
	// The hex view is about the bytes: the header and the Avro payload.
	press(t, m, uitest.Key("tab"), uitest.Key("tab"), uitest.Key("tab"))
	if v := view(t, m, 100, 30); !strings.Contains(v, "[hex]") || !strings.Contains(v, "00 00 00 00 01") {
		t.Errorf("hex view lacks the framing:\n%s", v)
	}
	// tab once more shows the schema, as JSON.
	press(t, m, uitest.Key("tab"))
	v = view(t, m, 100, 30)
	if !strings.Contains(v, "[schema]") || !strings.Contains(v, `"name": "Order"`) || !strings.Contains(v, `"namespace": "shop"`) {
		t.Errorf("schema view:\n%s", v)
	}
	uitest.Golden(t, "schema_view", v)
	// and once more is back to auto.
	press(t, m, uitest.Key("tab"))
	if v := view(t, m, 100, 30); !strings.Contains(v, "[auto: JSON]") {
		t.Errorf("tab after the schema view:\n%s", v)
	}
}

func TestUndecodableValueShownRawWithReason(t *testing.T) {
	rec, dec := decoded(t, true)
	if dec == nil || dec.ValueErr == nil {
		t.Fatalf("want a reason: %+v", dec)
	}
	m := New(newCommon(themes.Plain()), rec, nil).WithDecoding(dec)
	m.SetSize(100, 30)
	v := view(t, m, 100, 30)
	if !strings.Contains(v, "Schema value not decoded, shown as bytes: schema 4242") {
		t.Errorf("view lacks the reason:\n%s", v)
	}
	if strings.Contains(v, `"O-1"`) || strings.Contains(v, "hex schema") {
		t.Errorf("undecodable value shown decoded, or with a schema view:\n%s", v)
	}
	// Without a schema, tab cycles the four views as before.
	press(t, m, uitest.Key("shift+tab"))
	if v := view(t, m, 100, 30); !strings.Contains(v, "[hex]") {
		t.Errorf("shift+tab from auto:\n%s", v)
	}
	uitest.Golden(t, "schema_unknown", v)
}
