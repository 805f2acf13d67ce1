package tail

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

const orderAvsc = `{"type":"record","name":"Order","namespace":"shop","fields":[
	{"name":"id","type":"string"},{"name":"status","type":"string"},{"name":"amount","type":"long"}]}`

const orderProto = `syntax = "proto3";
package shop;
message Order { string id = 1; string status = 2; int64 amount = 3; }`

// register registers the Avro schema text under subject and returns its id.
func (s *schemaShop) register(t testing.TB, subject, text string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ss, err := s.cl.CreateSchema(ctx, subject, sr.Schema{Schema: text, Type: sr.TypeAvro})
	if err != nil {
		t.Fatal(err)
	}
	return ss.ID
}

// schemaShop is an in-process registry (srfake) with an Avro and a
// Protobuf schema of an order, and a decoder reading it.
type schemaShop struct {
	dec             *schemas.Decoder
	cl              *sr.Client
	avroID, protoID int
	avro            avro.Schema
}

func newSchemaShop(t testing.TB) *schemaShop {
	t.Helper()
	fake := srfake.New()
	t.Cleanup(fake.Close)
	cl, err := sr.NewClient(sr.URLs(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := cl.CreateSchema(ctx, "orders-value", sr.Schema{Schema: orderAvsc, Type: sr.TypeAvro})
	if err != nil {
		t.Fatal(err)
	}
	p, err := cl.CreateSchema(ctx, "orders-proto-value", sr.Schema{Schema: orderProto, Type: sr.TypeProtobuf})
	if err != nil {
		t.Fatal(err)
	}
	return &schemaShop{dec: schemas.NewDecoder(cl), cl: cl, avroID: a.ID, protoID: p.ID, avro: avro.MustParse(orderAvsc)}
}

type shopOrder struct {
	ID     string `avro:"id"`
	Status string `avro:"status"`
	Amount int64  `avro:"amount"`
}

// avroValue is o in Avro, framed for the registry.
func (s *schemaShop) avroValue(t testing.TB, o shopOrder) []byte {
	t.Helper()
	payload, err := avro.Marshal(s.avro, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := new(sr.ConfluentHeader).AppendEncode(nil, s.avroID, nil)
	return append(b, payload...)
}

// protoValue is o in Protobuf (the first message of the schema), framed.
func (s *schemaShop) protoValue(o shopOrder) []byte {
	b, _ := new(sr.ConfluentHeader).AppendEncode(nil, s.protoID, []int{0})
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, o.ID)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendString(b, o.Status)
	b = protowire.AppendTag(b, 3, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(o.Amount))
}

// startedWith is started on a tail that decodes with dec.
func startedWith(t testing.TB, f *fakeConsumer, dec common.RecordDecoder) *Model {
	t.Helper()
	m := New(newCommon(0), f, "orders").WithDecoder(dec)
	m.SetSize(100, 30)
	_, cmd := m.Update(uitest.Key("enter"))
	op, raw, ok := uitest.Result[openedMsg](uitest.RunCmd(t, cmd))
	if !ok || op.err != nil {
		t.Fatal("stream not opened")
	}
	m.Update(raw)
	return m
}

func withValue(p int32, off int64, key string, v []byte) kafkaops.Record {
	r := rec(p, off, key, "")
	r.Value = v
	return r
}

// schemaRecords are an Avro, a Protobuf and a plain JSON record, and one
// framed with an id the registry does not know.
func schemaRecords(t testing.TB, s *schemaShop) []kafkaops.Record {
	unknown, _ := new(sr.ConfluentHeader).AppendEncode(nil, 4242, nil)
	return []kafkaops.Record{
		withValue(0, 0, "avro", s.avroValue(t, shopOrder{"O-1", "paid", 120})),
		withValue(0, 1, "proto", s.protoValue(shopOrder{"O-2", "open", 5})),
		rec(0, 2, "plain", `{"id":"O-3","status":"paid","amount":7}`),
		withValue(0, 3, "unknown", append(unknown, "\x02xyz"...)),
	}
}

func TestSchemaRecordsShownDecoded(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m := startedWith(t, f, s.dec)
	feed(t, m, f, schemaRecords(t, s)...)
	v := view(m)
	mustContain(t, v,
		`{"id":"O-1","status":"paid","amount":120}`,
		`{"id":"O-2","status":"open","amount":"5"}`, // protojson: int64 as a string
		`{"id":"O-3","status":"paid","amount":7}`,
		`\x00\x00\x00\x10\x92\x02xyz`, // the unknown id: raw, made safe
	)
	uitest.Golden(t, "schema_decoded", v)
	// The raw bytes stay with the record, for the inspector's hex view.
	if e := m.entryAt(0); e.rec.Value[0] != 0 || e.dec == nil || e.dec.Value == nil {
		t.Errorf("entry 0: raw %q, decoding %+v", e.rec.Value, e.dec)
	}
}

func TestSchemaRecordsFiltered(t *testing.T) {
	s := newSchemaShop(t)
	cases := []struct {
		filter string
		want   string // keys shown
	}{
		{`jq:.status == "paid"`, "avro,plain"},
		{"O-2", "proto"},
		{"value:re:\"amount\":120", "avro"},
		{"jq:.id", "avro,proto,plain"},
	}
	for _, tc := range cases {
		t.Run(tc.filter, func(t *testing.T) {
			f := newFake()
			m := startedWith(t, f, s.dec)
			recs := schemaRecords(t, s)
			feed(t, m, f, recs[:2]...) // held before the filter
			press(t, m, "/")
			typeText(t, m, tc.filter)
			press(t, m, "enter")
			if m.InputFocused() {
				t.Fatalf("filter not applied: %s", view(m))
			}
			feed(t, m, f, recs[2:]...) // arriving after it
			var got []string
			for i := range m.count() {
				got = append(got, string(m.entryAt(i).rec.Key))
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("shown %v, want %s", got, tc.want)
			}
		})
	}
}

func TestSchemaJQColumn(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m := startedWith(t, f, s.dec)
	feed(t, m, f, schemaRecords(t, s)[:1]...)
	press(t, m, "C")
	typeText(t, m, ".status")
	press(t, m, "enter")
	feed(t, m, f, schemaRecords(t, s)[1:2]...)
	for i, want := range []string{"paid", "open"} {
		if c := m.entryAt(i).cols; len(c) != 1 || c[0] != want {
			t.Errorf("row %d column %q, want %q", i, c, want)
		}
	}
}

func TestSchemaUnknownIDKeepsReasonForInspector(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m := startedWith(t, f, s.dec)
	feed(t, m, f, schemaRecords(t, s)...)
	press(t, m, "G") // the newest: the unknown id
	open, ok := uitest.Has[common.OpenMsg](press(t, m, "enter"))
	if !ok {
		t.Fatal("enter did not open the inspector")
	}
	ins := open.To.(common.OpenInspector)
	if ins.Record.Offset != 3 || ins.Decoding == nil || ins.Decoding.Value != nil || ins.Decoding.ValueErr == nil {
		t.Fatalf("inspector asked on %d with %+v", ins.Record.Offset, ins.Decoding)
	}
	if msg := ins.Decoding.ValueErr.Error(); !strings.Contains(msg, "4242") {
		t.Errorf("reason %q does not name the schema id", msg)
	}
	// Walking back reaches the decoded records with their schemas.
	_, _, dec, ok := ins.Nav.Prev(ins.Record)
	if !ok || dec != nil {
		t.Errorf("prev of 3 is the plain record: decoding %+v", dec)
	}
	_, _, dec, _ = ins.Nav.Prev(schemaRecords(t, s)[2])
	if dec == nil || dec.Value == nil || dec.Value.Format != schemas.FormatProtobuf {
		t.Errorf("prev of 2 is the protobuf record: decoding %+v", dec)
	}
}

// A tail without a registry shows framed records as bytes, as before.
func TestNoRegistryShowsFramedRaw(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, schemaRecords(t, s)[:1]...)
	if e := m.entryAt(0); e.dec != nil {
		t.Errorf("decoded without a decoder: %+v", e.dec)
	}
	if v := view(m); strings.Contains(v, `"O-1"`) || !strings.Contains(v, `\x00`) {
		t.Errorf("framed record not raw:\n%s", v)
	}
}

func TestSchemaCopyIsDecodedJSON(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m := startedWith(t, f, s.dec)
	var copied string
	m.clip = func(s string) tea.Cmd {
		return func() tea.Msg { copied = s; return clipboard.CopiedMsg{Bytes: len(s)} }
	}
	feed(t, m, f, schemaRecords(t, s)[:1]...)
	press(t, m, "y")
	if copied != `{"id":"O-1","status":"paid","amount":120}` {
		t.Errorf("copied %q", copied)
	}
}

// TestSchemaExportIsDecoded: `e` writes decoded records as consume --json
// does (the value as JSON with its schema id and format; an undecodable
// one raw with its reason), not the framed bytes.
func TestSchemaExportIsDecoded(t *testing.T) {
	s := newSchemaShop(t)
	f := newFake()
	m := startedWith(t, f, s.dec)
	feed(t, m, f, schemaRecords(t, s)...)
	path := filepath.Join(t.TempDir(), "out.jsonl")
	press(t, m, "e")
	m.input.SetValue(path)
	for _, msg := range press(t, m, "enter") {
		_, cmd := m.Update(msg)
		uitest.RunCmd(t, cmd)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines exported:\n%s", len(lines), b)
	}
	for i, want := range []string{
		`"value":{"id":"O-1","status":"paid","amount":120},"value_schema_id":`,
		`"value_format":"protobuf"`,
		`"value":"{\"id\":\"O-3\"`,
		`"value_decode_error":"schema 4242: `,
	} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d lacks %s:\n%s", i, want, lines[i])
		}
	}
}
