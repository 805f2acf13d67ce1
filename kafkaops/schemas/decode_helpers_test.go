package schemas

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

// testRegistry is an in-process registry with a client, counting the schema-by-id requests it
// serves.
type testRegistry struct {
	fake  *srfake.Registry
	cl    *sr.Client
	byID  atomic.Int64 // GET /schemas/ids/{id} requests
	calls atomic.Int64 // all requests
}

func newTestRegistry(t testing.TB) *testRegistry {
	t.Helper()
	reg := &testRegistry{fake: srfake.New()}
	t.Cleanup(reg.fake.Close)
	reg.fake.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		reg.calls.Add(1)
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") && !strings.HasSuffix(r.URL.Path, "/versions") {
			reg.byID.Add(1)
		}
		return false
	})
	cl, err := sr.NewClient(sr.URLs(reg.fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	reg.cl = cl
	return reg
}

// register registers s under subject and returns its id.
func (reg *testRegistry) register(t testing.TB, subject string, s sr.Schema) int {
	t.Helper()
	ss, err := reg.cl.CreateSchema(context.Background(), subject, s)
	if err != nil {
		t.Fatalf("register %s: %v", subject, err)
	}
	return ss.ID
}

// frame puts the Confluent header (and for Protobuf the message indexes) before payload.
func frame(id int, indexes []int, payload []byte) []byte {
	b, _ := new(sr.ConfluentHeader).AppendEncode(nil, id, indexes)
	return append(b, payload...)
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// mustDecode decodes b and fails the test on an error or output that is not JSON.
func mustDecode(t testing.TB, d *Decoder, b []byte) Decoded {
	t.Helper()
	got, err := d.Decode(testCtx(t), b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !json.Valid(got.JSON) {
		t.Fatalf("decode gave invalid JSON: %s", got.JSON)
	}
	return got
}

// sameJSON compares two JSON texts as values.
func sameJSON(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v: %s", err, want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Fatalf("decoded value differs\n got: %s\nwant: %s", got, want)
	}
}

// mapSource is a Source held in memory, for the fuzz test and benchmarks (no HTTP).
type mapSource struct {
	ids  map[int]sr.Schema
	refs map[string]sr.SubjectSchema // "subject/version"
}

func (m mapSource) SchemaByID(_ context.Context, id int) (sr.Schema, error) {
	s, ok := m.ids[id]
	if !ok {
		return s, &sr.ResponseError{StatusCode: http.StatusNotFound, Message: "Schema not found"}
	}
	return s, nil
}

func (m mapSource) SchemaByVersion(_ context.Context, subject string, version int) (sr.SubjectSchema, error) {
	s, ok := m.refs[subject+"/"+strconv.Itoa(version)]
	if !ok {
		return s, &sr.ResponseError{StatusCode: http.StatusNotFound, Message: "Subject not found"}
	}
	return s, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
