package schemas

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

const smallAvro = `{"type":"record","name":"Small","namespace":"t","fields":[{"name":"n","type":"long"}]}`

func smallRecord(t testing.TB, n int64) []byte {
	t.Helper()
	b, err := avro.Marshal(avro.MustParse(smallAvro), map[string]any{"n": n})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeNotFramed(t *testing.T) {
	d := NewDecoder(newTestRegistry(t).cl)
	for _, b := range [][]byte{nil, []byte("hello"), {0, 0, 0, 1}, {1, 0, 0, 0, 1, 2}} {
		if _, err := d.Decode(testCtx(t), b); !errors.Is(err, ErrNotFramed) {
			t.Errorf("Decode(%q) = %v, want ErrNotFramed", b, err)
		}
	}
}

func TestDecodeUnknownID(t *testing.T) {
	d := NewDecoder(newTestRegistry(t).cl)
	_, err := d.Decode(testCtx(t), frame(4242, nil, []byte{2}))
	if err == nil || err.Error() != "schema 4242: not found in the registry" {
		t.Fatalf("error %v, want schema 4242: not found in the registry", err)
	}
}

func TestDecodeUnknownReference(t *testing.T) {
	reg := newTestRegistry(t)
	reg.register(t, "dep", sr.Schema{Schema: smallAvro})
	id := reg.register(t, "main-value", sr.Schema{Schema: `{"type":"record","name":"M","fields":[{"name":"s","type":"t.Small"}]}`,
		References: []sr.SchemaReference{{Name: "t.Small", Subject: "dep", Version: 1}}})
	src := mapSource{ids: map[int]sr.Schema{}}
	s, err := reg.cl.SchemaByID(testCtx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	src.ids[id] = s // the reference's subject is missing from this source
	_, err = NewDecoder(src).Decode(testCtx(t), frame(id, nil, smallRecord(t, 1)))
	want := `reference "t.Small" (subject dep version 1): not found in the registry`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want it to contain %q", err, want)
	}
}

// A registry that cannot be reached gives a reason, and schemas fetched before it went away
// keep decoding from the cache.
func TestDecodeRegistryDown(t *testing.T) {
	reg := newTestRegistry(t)
	known := reg.register(t, "small-value", sr.Schema{Schema: smallAvro})
	other := reg.register(t, "other-value", sr.Schema{Schema: `"string"`})
	d := NewDecoder(reg.cl)
	mustDecode(t, d, frame(known, nil, smallRecord(t, 1)))
	reg.fake.Close()

	got := mustDecode(t, d, frame(known, nil, smallRecord(t, 2)))
	if string(got.JSON) != `{"n":2}` {
		t.Fatalf("cached schema decoded %s", got.JSON)
	}
	_, err := d.Decode(testCtx(t), frame(other, nil, []byte{2, 'x'}))
	want := "schema " + itoa(other) + ": cannot reach the registry: "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want it to start with %q", err, want)
	}
}

// Concurrent first uses of an id share one request; later records ask nothing.
func TestDecodeFetchesEachSchemaOnce(t *testing.T) {
	reg := newTestRegistry(t)
	id := reg.register(t, "small-value", sr.Schema{Schema: smallAvro})
	d := NewDecoder(reg.cl)
	rec := frame(id, nil, smallRecord(t, 5))
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got, err := d.Decode(testCtx(t), rec)
				if err == nil && string(got.JSON) != `{"n":5}` {
					err = errors.New("decoded " + string(got.JSON))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := reg.byID.Load(); n != 1 {
		t.Fatalf("%d requests for the schema by id, want 1", n)
	}
}

// A failed lookup is remembered for a while (no request per record of an unknown id), then
// asked again, so a schema registered later is used.
func TestDecodeRetriesAFailedSchemaLater(t *testing.T) {
	reg := newTestRegistry(t)
	d := NewDecoder(reg.cl)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d.now = func() time.Time { return now }
	rec := frame(77, nil, smallRecord(t, 3))
	for range 3 {
		if _, err := d.Decode(testCtx(t), rec); err == nil {
			t.Fatal("decoded an unknown id")
		}
	}
	if n := reg.byID.Load(); n != 1 {
		t.Fatalf("%d requests while the failure is remembered, want 1", n)
	}
	reg.fake.SeedSchema("late-value", 1, 77, sr.Schema{Schema: smallAvro})
	now = now.Add(retryAfter)
	got := mustDecode(t, d, rec)
	if string(got.JSON) != `{"n":3}` {
		t.Fatalf("decoded %s", got.JSON)
	}
}

func TestDecodeJSONSchema(t *testing.T) {
	reg := newTestRegistry(t)
	id := reg.register(t, "events-value", sr.Schema{Type: sr.TypeJSON,
		Schema: `{"type":"object","properties":{"n":{"type":"integer"}}}`})
	d := NewDecoder(reg.cl)
	got := mustDecode(t, d, frame(id, nil, []byte("{\n  \"n\": 1,\n  \"s\": \"a b\"\n}\n")))
	if string(got.JSON) != `{"n":1,"s":"a b"}` || got.Format != FormatJSONSchema {
		t.Fatalf("decoded %s as %s", got.JSON, got.Format)
	}
	_, err := d.Decode(testCtx(t), frame(id, nil, []byte("{\"n\": ")))
	want := "json-schema: the payload of schema " + itoa(id) + " is not JSON: "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want it to start with %q", err, want)
	}
}

func TestSchemaWithoutRecord(t *testing.T) {
	reg := newTestRegistry(t)
	id := reg.register(t, "small-value", sr.Schema{Schema: smallAvro})
	got, err := NewDecoder(reg.cl).Schema(testCtx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != FormatAvro || got.Type != "t.Small" || !strings.Contains(got.Schema, `"Small"`) {
		t.Fatalf("schema %+v", got)
	}
}

// Through our Registry, an unreachable registry is said once, with its
// URL ("cannot reach the registry: schema registry … unreachable" said it
// twice).
func TestDecodeRegistryDownSaidOnce(t *testing.T) {
	reg, err := NewRegistry(RegistryConfig{URL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewDecoder(reg).Decode(testCtx(t), frame(7, nil, []byte{2, 'x'}))
	if err == nil || !strings.HasPrefix(err.Error(), "schema 7: schema registry http://127.0.0.1:1 unreachable") ||
		strings.Contains(err.Error(), "cannot reach the registry") || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("error %v", err)
	}
}
