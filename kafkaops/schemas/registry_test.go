package schemas

import (
	"context"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/kafkatui/kafkatui/kafkaops"
)

const avroOrder = `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}`

// newFake starts srfake with one Avro subject "orders-value" (id 1,
// version 1) and closes it when the test ends.
func newFake(t *testing.T, opts ...srfake.Option) *srfake.Registry {
	t.Helper()
	f := srfake.New(opts...)
	t.Cleanup(f.Close)
	f.SeedSchema("orders-value", 1, 1, sr.Schema{Schema: avroOrder, Type: sr.TypeAvro})
	return f
}

func newReg(t *testing.T, cfg RegistryConfig) *Registry {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second // generous: the machine may be loaded
	}
	r, err := NewRegistry(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// countRequests counts the requests the fake gets for paths with prefix.
func countRequests(f *srfake.Registry, prefix string) *atomic.Int64 {
	var n atomic.Int64
	f.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, prefix) {
			n.Add(1)
		}
		return false
	})
	return &n
}

func TestRegistrySchemaByIDCachedAndCollapsed(t *testing.T) {
	f := newFake(t)
	gate := make(chan struct{})
	var entered sync.Once
	in := make(chan struct{})
	f.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			entered.Do(func() { close(in) })
			<-gate
		}
		return false
	})
	n := countRequests(f, "/schemas/ids/")
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx := context.Background()

	const callers = 20
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := r.SchemaByID(ctx, 1)
			if err == nil && s.Schema != avroOrder {
				err = errors.New("wrong schema: " + s.Schema)
			}
			errs <- err
		}()
	}
	select {
	case <-in:
	case <-time.After(time.Minute):
		t.Fatal("no request reached the registry")
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.SchemaByID(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got != 1 {
		t.Fatalf("%d requests for schema id 1 from %d concurrent callers and one later, want 1", got, callers+1)
	}
}

func TestRegistryCallerGivingUpDoesNotFailOthers(t *testing.T) {
	f := newFake(t)
	gate := make(chan struct{})
	in := make(chan struct{})
	var once sync.Once
	f.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			once.Do(func() { close(in) })
			<-gate
		}
		return false
	})
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := r.SchemaByID(ctx, 1)
		first <- err
	}()
	<-in
	second := make(chan error, 1)
	go func() {
		_, err := r.SchemaByID(context.Background(), 1)
		second <- err
	}()
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v, want context.Canceled", err)
	}
	close(gate)
	if err := <-second; err != nil {
		t.Fatalf("the other caller failed with the first one's cancel: %v", err)
	}
}

func TestRegistrySchemaByVersionCache(t *testing.T) {
	f := newFake(t)
	n := countRequests(f, "/subjects/")
	ids := countRequests(f, "/schemas/ids/")
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx := context.Background()
	for range 3 {
		s, err := r.SchemaByVersion(ctx, "orders-value", 1)
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != 1 || s.Version != 1 || s.Schema.Schema != avroOrder {
			t.Fatalf("got %+v", s)
		}
	}
	if got := n.Load(); got != 1 {
		t.Fatalf("%d requests for version 1, want 1", got)
	}
	// The latest is asked for each time, and fills the id cache.
	for range 2 {
		if _, err := r.SchemaByVersion(ctx, "orders-value", -1); err != nil {
			t.Fatal(err)
		}
	}
	if got := n.Load(); got != 3 {
		t.Fatalf("%d requests after two for the latest, want 3", got)
	}
	if _, err := r.SchemaByID(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := ids.Load(); got != 0 {
		t.Fatalf("schema id 1 fetched %d times, want 0: known from its subject", got)
	}
}

func TestRegistryNotFound(t *testing.T) {
	f := newFake(t)
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx := context.Background()
	_, err := r.SchemaByID(ctx, 42)
	wantErr(t, err, ErrNotFound, "schema id 42 not found")
	_, err = r.SchemaByVersion(ctx, "nope-value", -1)
	wantErr(t, err, ErrNotFound, `subject "nope-value" not found`)
	_, err = r.SchemaByVersion(ctx, "orders-value", 7)
	wantErr(t, err, ErrNotFound, `subject "orders-value" has no version 7`)
}

func wantErr(t *testing.T, err, kind error, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", text)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %q is not %v", err, kind)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not say %q", err, text)
	}
}

func TestRegistryUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := newReg(t, RegistryConfig{URL: "http://" + addr})
	_, err = r.SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrUnreachable, "schema registry http://"+addr+" unreachable")
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("error %q does not say the connection was refused", err)
	}
}

func TestRegistryAuth(t *testing.T) {
	const user, pass, token = "alice", "pa55-Sekr1t-basic", "tok-Sekr1t-bearer"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	ctx := context.Background()

	f := newFake(t, srfake.WithAuth(basic))
	if _, err := newReg(t, RegistryConfig{URL: f.URL(), Username: user, Password: pass}).SchemaByID(ctx, 1); err != nil {
		t.Fatalf("basic auth: %v", err)
	}
	// User information in the URL is basic auth, never shown.
	withUser := strings.Replace(f.URL(), "http://", "http://"+user+":"+pass+"@", 1)
	r := newReg(t, RegistryConfig{URL: withUser})
	if _, err := r.SchemaByID(ctx, 1); err != nil {
		t.Fatalf("basic auth from the URL: %v", err)
	}
	if strings.Contains(r.URL(), pass) {
		t.Fatalf("URL() shows the password: %s", r.URL())
	}
	_, err := newReg(t, RegistryConfig{URL: f.URL()}).SchemaByID(ctx, 1)
	wantErr(t, err, ErrUnauthorized, "needs credentials (401 Unauthorized)")
	_, err = newReg(t, RegistryConfig{URL: f.URL(), Username: user, Password: "wrong-" + pass}).SchemaByID(ctx, 2)
	wantErr(t, err, ErrForbidden, "403 Forbidden")
	noSecret(t, err, pass)

	fb := newFake(t, srfake.WithAuth("Bearer "+token))
	if _, err := newReg(t, RegistryConfig{URL: fb.URL(), Token: token}).SchemaByID(ctx, 1); err != nil {
		t.Fatalf("bearer: %v", err)
	}
	_, err = newReg(t, RegistryConfig{URL: fb.URL(), Token: "x" + token}).SchemaByVersion(ctx, "orders-value", -1)
	wantErr(t, err, ErrForbidden, "403 Forbidden")
	noSecret(t, err, token)
}

// TestRegistry401WithCredentials: a registry that answers 401 to the
// credentials given says they were refused, not missing.
func TestRegistry401WithCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("<html>login</html>"))
	}))
	defer srv.Close()
	_, err := newReg(t, RegistryConfig{URL: srv.URL, Username: "bob", Password: "hunter2-Sekr1t"}).SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrUnauthorized, "refused the credentials (401 Unauthorized)")
	noSecret(t, err, "hunter2-Sekr1t")
}

func noSecret(t *testing.T, err error, secret string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Fatalf("error shows a secret: %q", err)
	}
}

func TestRegistryAnsweringHTML(t *testing.T) {
	// A proxy's login page, reached through a redirect, as SSO proxies do.
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><html><body><form>Sign in</form></body></html>"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r := newReg(t, RegistryConfig{URL: srv.URL})
	_, err := r.SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrNotRegistry, "answered HTML, not a Schema Registry (check the URL)")
	_, err = r.Subjects(context.Background())
	wantErr(t, err, ErrNotRegistry, "answered HTML, not a Schema Registry (check the URL)")
}

func TestRegistryWrongPath(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler()) // text/plain "404 page not found"
	defer srv.Close()
	_, err := newReg(t, RegistryConfig{URL: srv.URL}).SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrNotRegistry, "not a Schema Registry API at this URL")
	json := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("hello, not json"))
	}))
	defer json.Close()
	_, err = newReg(t, RegistryConfig{URL: json.URL}).SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrNotRegistry, "not a Schema Registry (check the URL)")
}

func TestRegistryConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  RegistryConfig
		want string
	}{
		{RegistryConfig{}, "no URL"},
		{RegistryConfig{URL: "localhost:8081"}, "want http://host:port"},
		{RegistryConfig{URL: "ftp://u:Sekr1t@h/"}, "want http://host:port"},
		{RegistryConfig{URL: "http://h:8081", Token: "t", Username: "u"}, "not both"},
		{RegistryConfig{URL: "http://h:8081", TLS: tlsCA("/x.pem")}, "need an https:// URL"},
		{RegistryConfig{URL: "https://h:8081", TLS: tlsCA("/nonexistent/ca.pem")}, "tls ca file"},
	} {
		_, err := NewRegistry(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.cfg, err, tc.want)
		}
		noSecret(t, err, "Sekr1t")
	}
}

func TestRegistrySubjects(t *testing.T) {
	f := newFake(t)
	f.SeedSchema("orders-value", 2, 5, sr.Schema{Schema: `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"n","type":["null","int"],"default":null}]}`})
	f.SeedSchema("users-value", 1, 3, sr.Schema{Schema: `syntax = "proto3"; message User { string name = 1; }`, Type: sr.TypeProtobuf})
	if err := f.SetCompat("users-value", sr.CompatFull); err != nil {
		t.Fatal(err)
	}
	r := newReg(t, RegistryConfig{URL: f.URL()})
	want := []SubjectInfo{
		{Subject: "orders-value", Version: 2, ID: 5, Type: sr.TypeAvro, Compatibility: "BACKWARD"},
		{Subject: "users-value", Version: 1, ID: 3, Type: sr.TypeProtobuf, Compatibility: "FULL"},
	}
	check := func(got []SubjectInfo, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("subject %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	}
	check(r.Subjects(context.Background()))

	// A registry without GET /schemas: one request per subject.
	f.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/schemas" {
			http.NotFound(w, r)
			return true
		}
		return false
	})
	check(newReg(t, RegistryConfig{URL: f.URL()}).Subjects(context.Background()))
}

func TestRegistryRegisterCheckDelete(t *testing.T) {
	f := newFake(t)
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx := context.Background()
	v2 := sr.Schema{Schema: `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}`}
	res, err := r.CheckCompatibility(ctx, "orders-value", v2)
	if err != nil || !res.Is {
		t.Fatalf("check: %+v, %v", res, err)
	}
	ss, err := r.Register(ctx, "orders-value", v2)
	if err != nil {
		t.Fatal(err)
	}
	if ss.Version != 2 || ss.ID <= 1 {
		t.Fatalf("registered %+v, want version 2 with a new id", ss)
	}
	vs, err := r.Versions(ctx, "orders-value")
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions %v, %v", vs, err)
	}
	if err := r.DeleteVersion(ctx, "orders-value", 2, false); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SchemaByVersion(ctx, "orders-value", 2); err == nil {
		t.Fatal("version 2 still served from the cache after its delete")
	}
	deleted, err := r.DeleteSubject(ctx, "orders-value", false)
	if err != nil || len(deleted) == 0 {
		t.Fatalf("delete subject: %v, %v", deleted, err)
	}
	_, err = r.DeleteSubject(ctx, "nope", false)
	wantErr(t, err, ErrNotFound, `subject "nope" not found`)
}

func tlsCA(p string) kafkaops.TLSConfig { return kafkaops.TLSConfig{CAFile: p} }

// TestRegistryHTMLWithoutItsType: a page sent as text/plain, or with no
// type, is still told from JSON by its first character.
func TestRegistryHTMLWithoutItsType(t *testing.T) {
	for _, ctype := range []string{"text/plain", ""} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = []string{ctype}
			_, _ = w.Write([]byte("\n  <html><body>Access denied</body></html>"))
		}))
		_, err := newReg(t, RegistryConfig{URL: srv.URL}).SchemaByID(context.Background(), 1)
		srv.Close()
		wantErr(t, err, ErrNotRegistry, "answered HTML, not a Schema Registry (check the URL)")
	}
}

func TestRegistryTLS(t *testing.T) {
	f := srfake.NewRegistry()
	f.SeedSchema("orders-value", 1, 1, sr.Schema{Schema: avroOrder})
	srv := httptest.NewTLSServer(f.Handler())
	defer srv.Close()
	ctx := context.Background()
	_, err := newReg(t, RegistryConfig{URL: srv.URL}).SchemaByID(ctx, 1)
	wantErr(t, err, ErrUnreachable, "TLS certificate is not trusted (set tls.ca_file)")

	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := newReg(t, RegistryConfig{URL: srv.URL, TLS: tlsCA(ca)}).SchemaByID(ctx, 1); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if _, err := newReg(t, RegistryConfig{URL: srv.URL, TLS: kafkaops.TLSConfig{InsecureSkipVerify: true}}).SchemaByID(ctx, 1); err != nil {
		t.Fatalf("insecure_skip_verify: %v", err)
	}
}

// TestRegistryTimeout: a registry that does not answer fails with its
// timeout named, not a hang.
func TestRegistryTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	_, err := newReg(t, RegistryConfig{URL: srv.URL, Timeout: 200 * time.Millisecond}).SchemaByID(context.Background(), 1)
	wantErr(t, err, ErrUnreachable, "did not answer within 200ms")
}

// TestRegistrySubjectsApicurio: Apicurio's ccompat GET /schemas answers
// with the schemas' text only; the listing asks subject by subject then.
func TestRegistrySubjectsApicurio(t *testing.T) {
	f := newFake(t)
	f.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/schemas" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"schema":"{\"type\":\"string\"}"}]`))
		return true
	})
	got, err := newReg(t, RegistryConfig{URL: f.URL()}).Subjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != (SubjectInfo{Subject: "orders-value", Version: 1, ID: 1, Type: sr.TypeAvro, Compatibility: "BACKWARD"}) {
		t.Fatalf("got %+v", got)
	}
}

// TestRegistryReferencedDelete: the answer Confluent and Apicurio give to
// the delete of a subject other schemas reference (seen from Apicurio 3.3.3).
func TestRegistryReferencedDelete(t *testing.T) {
	f := newFake(t)
	f.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodDelete {
			return false
		}
		w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write([]byte(`{"error_code":42206,"message":"There are subjects referencing orders-value"}`))
		return true
	})
	_, err := newReg(t, RegistryConfig{URL: f.URL()}).DeleteSubject(context.Background(), "orders-value", false)
	wantErr(t, err, ErrInvalid, `subject "orders-value" is referenced by other schemas: delete those first (There are subjects referencing orders-value)`)
}

// The decoder learns a schema's subject and version through the Registry
// (UsageSource), asking the registry once per id.
func TestRegistrySchemaUsagesByIDCached(t *testing.T) {
	f := newFake(t)
	n := countRequests(f, "/schemas/ids/1/versions")
	r := newReg(t, RegistryConfig{URL: f.URL()})
	ctx := context.Background()
	for range 3 {
		u, err := r.SchemaUsagesByID(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(u) != 1 || u[0].Subject != "orders-value" || u[0].Version != 1 {
			t.Fatalf("usages %+v, want orders-value version 1", u)
		}
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests for the usages of id 1, want 1", got)
	}
	d, err := NewDecoder(r).Decode(ctx, []byte{0, 0, 0, 0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != "orders-value" || d.Version != 1 || string(d.JSON) != `{"id":1}` {
		t.Errorf("decoded %+v", d)
	}
	if _, err := r.SchemaUsagesByID(ctx, 99); err == nil || !strings.Contains(err.Error(), "99") {
		t.Errorf("unknown id: %v", err)
	}
}
