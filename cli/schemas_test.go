package cli

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
)

const (
	orderV1 = `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}`
	orderV2 = `{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},{"name":"note","type":"string","default":""}]}`
	userPB  = "syntax = \"proto3\";\nmessage User { string name = 1; }\n"
)

// fakeRegistry is srfake with an Avro subject (two versions) and a
// Protobuf one at FULL compatibility.
func fakeRegistry(t *testing.T, opts ...srfake.Option) *srfake.Registry {
	t.Helper()
	f := srfake.New(opts...)
	t.Cleanup(f.Close)
	f.SeedSchema("orders-value", 1, 1, sr.Schema{Schema: orderV1})
	f.SeedSchema("orders-value", 2, 2, sr.Schema{Schema: orderV2})
	f.SeedSchema("users-value", 1, 3, sr.Schema{Schema: userPB, Type: sr.TypeProtobuf})
	if err := f.SetCompat("users-value", sr.CompatFull); err != nil {
		t.Fatal(err)
	}
	return f
}

func schemaFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSchemasList(t *testing.T) {
	f := fakeRegistry(t)
	r := run(t, "--schema-registry", f.URL(), "schemas").ok(t)
	for _, want := range []string{"SUBJECT", "orders-value", "users-value", "protobuf", "FULL", "BACKWARD"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, "--schema-registry", f.URL(), "schemas", "--json").ok(t)
	var got []subjectJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	want := []subjectJSON{{"orders-value", 2, 2, "avro", "BACKWARD"}, {"users-value", 1, 3, "protobuf", "FULL"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestSchemaGet(t *testing.T) {
	f := fakeRegistry(t)
	env := map[string]string{"KAFKATUI_SCHEMA_REGISTRY": f.URL()}
	r := runWith(t, runOpts{env: env}, "schema", "get", "orders-value").ok(t)
	if !strings.Contains(r.stdout, "Version:    2") || !strings.Contains(r.stdout, "ID:         2") || !strings.Contains(r.stdout, `"name": "note"`) {
		t.Errorf("latest version, pretty printed:\n%s", r.stdout)
	}
	r = runWith(t, runOpts{env: env}, "schema", "get", "orders-value", "--version", "1", "--json").ok(t)
	var got schemaJSON
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.ID != 1 || got.Format != "avro" || got.Schema != orderV1 || got.References == nil {
		t.Errorf("got %+v", got)
	}
	runWith(t, runOpts{env: env}, "schema", "get", "nope-value").failed(t, `subject "nope-value" not found in the schema registry `+f.URL())
	runWith(t, runOpts{env: env}, "schema", "get", "orders-value", "--version", "9").failed(t, `subject "orders-value" has no version 9`)
	runWith(t, runOpts{env: env}, "schema", "get", "orders-value", "--version", "0").usage(t, "--version must be a version number")
	runWith(t, runOpts{env: env}, "schema", "get").usage(t, "missing SUBJECT")
	runWith(t, runOpts{env: env}, "schema", "frob").usage(t, `unknown command "frob" for "kafkatui schema"`)
}

func TestSchemaRegisterAndCheck(t *testing.T) {
	f := fakeRegistry(t)
	v3 := strings.Replace(orderV2, `]}`, `,{"name":"qty","type":"int","default":1}]}`, 1)
	avsc := schemaFile(t, "order.avsc", v3)
	r := run(t, "--schema-registry", f.URL(), "schema", "check", "orders-value", avsc).ok(t)
	if !strings.Contains(r.stdout, "compatible with the latest version of subject orders-value") {
		t.Errorf("check: %q", r.stdout)
	}
	r = run(t, "--schema-registry", f.URL(), "schema", "register", "orders-value", avsc).ok(t)
	if !strings.Contains(r.stdout, "registered avro schema in subject orders-value: version 3, id 4") {
		t.Errorf("register: %q", r.stdout)
	}
	if s, ok := f.GetSchema("orders-value", 3); !ok || s.Type != sr.TypeAvro {
		t.Errorf("version 3 not registered as Avro: %+v", s)
	}
	proto := schemaFile(t, "user.proto", userPB+"message Other { int32 x = 1; }\n")
	run(t, "--schema-registry", f.URL(), "schema", "register", "users-value", proto).ok(t)
	if s, ok := f.GetSchema("users-value", 2); !ok || s.Type != sr.TypeProtobuf {
		t.Errorf("a .proto file is registered as Protobuf: %+v", s)
	}

	// The format from the name, or --type.
	run(t, "--schema-registry", f.URL(), "schema", "register", "x-value", schemaFile(t, "order.txt", orderV1)).
		usage(t, "cannot tell the format of")
	run(t, "--schema-registry", f.URL(), "schema", "register", "x-value", schemaFile(t, "order.json", orderV1)).
		usage(t, "looks like an Avro schema: give --type avro")
	run(t, "--schema-registry", f.URL(), "schema", "register", "x-value", schemaFile(t, "order.txt", orderV1), "--type", "avro").ok(t)
	run(t, "--schema-registry", f.URL(), "schema", "register", "x-value", avsc, "--type", "xml").usage(t, `--type "xml"`)
	// Read-only mode refuses before reaching the registry.
	run(t, "--schema-registry", f.URL(), "--read-only", "schema", "register", "y-value", avsc).failed(t, "schema register refused: read-only mode")
	if f.SubjectExists("y-value") {
		t.Error("registered in read-only mode")
	}
}

func TestSchemaCheckIncompatible(t *testing.T) {
	f := fakeRegistry(t)
	// srfake answers every check compatible; a real registry's answer
	// for an incompatible schema, with verbose messages:
	f.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/compatibility/") {
			return false
		}
		if r.URL.Query().Get("verbose") != "true" {
			t.Error("the check does not ask for the registry's reasons (verbose=true)")
		}
		w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		_, _ = w.Write([]byte(`{"is_compatible":false,"messages":["{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field \u001b[31mqty\u001b[0m at path '/fields/2' has no default value'}"]}`))
		return true
	})
	r := run(t, "--schema-registry", f.URL(), "schema", "check", "orders-value", schemaFile(t, "o.avsc", orderV1))
	if r.code != ExitError {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "not compatible with the latest version of subject orders-value") ||
		!strings.Contains(r.stdout, "READER_FIELD_MISSING_DEFAULT_VALUE") || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("the registry's reasons, escaped:\n%q", r.stdout)
	}
	if !strings.Contains(r.stderr, "is not compatible with subject orders-value") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestSchemaDelete(t *testing.T) {
	f := fakeRegistry(t)
	url := f.URL()
	run(t, "--schema-registry", url, "schema", "delete", "orders-value").usage(t, "add --yes")
	r := runWith(t, runOpts{stdin: "orders\n", terminal: true}, "--schema-registry", url, "schema", "delete", "orders-value", "--version", "2")
	if r.code != ExitError || !strings.Contains(r.stderr, "This deletes version 2 of subject orders-value (soft). Type its name") {
		t.Fatalf("wrong name typed: exit %d %q", r.code, r.stderr)
	}
	if _, ok := f.GetSchema("orders-value", 2); !ok {
		t.Fatal("deleted without the name typed")
	}
	run(t, "--schema-registry", url, "--read-only", "schema", "delete", "orders-value", "--yes").failed(t, "schema delete refused: read-only mode")
	runWith(t, runOpts{stdin: "orders-value\n", terminal: true}, "--schema-registry", url, "schema", "delete", "orders-value", "--version", "2").ok(t)
	run(t, "--schema-registry", url, "schema", "get", "orders-value", "--version", "2").failed(t, "no version 2")
	r = run(t, "--schema-registry", url, "schema", "delete", "orders-value", "--yes").ok(t)
	if !strings.Contains(r.stdout, "deleted subject orders-value (soft): versions 1") {
		t.Errorf("stdout %q", r.stdout)
	}
	run(t, "--schema-registry", url, "schema", "delete", "nope", "--yes").failed(t, `subject "nope" not found`)
	run(t, "--schema-registry", url, "schema", "delete", "users-value", "--version", "0", "--yes").usage(t, "--version must be")
}

func TestSchemaRegistryFromConfig(t *testing.T) {
	const pass, token = "sr-Sekr1t-pass", "sr-Sekr1t-token"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+pass))
	f := fakeRegistry(t, srfake.WithAuth(basic))
	env := configHome(t, "current_cluster: prod\nclusters:\n  - name: prod\n    brokers: [127.0.0.1:1]\n"+
		"    schema_registry: {url: \""+f.URL()+"\", username: alice, password_env: SR_PASS}\n")
	env["SR_PASS"] = pass
	r := runWith(t, runOpts{env: env}, "schemas").ok(t)
	if !strings.Contains(r.stdout, "orders-value") {
		t.Errorf("stdout %q", r.stdout)
	}
	// Wrong credentials from the environment: named, never shown.
	env["SR_PASS"] = "wrong-" + pass
	r = runWith(t, runOpts{env: env}, "schema", "get", "orders-value")
	r.failed(t, "403 Forbidden")
	noSecretIn(t, r, pass)
	// No credentials at all.
	r = run(t, "--schema-registry", f.URL(), "schemas")
	r.failed(t, "needs credentials (401 Unauthorized)")
	// --schema-registry replaces the cluster's registry, credentials
	// included: they are not sent to another URL.
	other := fakeRegistry(t, srfake.WithAuth(basic))
	env["SR_PASS"] = pass
	runWith(t, runOpts{env: env}, "--schema-registry", other.URL(), "schemas").failed(t, "needs credentials")
	// Flags and variables give credentials; a bad one is not echoed.
	env["KAFKATUI_SCHEMA_REGISTRY_PASSWORD"] = pass
	runWith(t, runOpts{env: env}, "--schema-registry", other.URL(), "--schema-registry-username", "alice", "schemas").ok(t)
	ft := fakeRegistry(t, srfake.WithAuth("Bearer "+token))
	r = runWith(t, runOpts{env: map[string]string{"KAFKATUI_SCHEMA_REGISTRY_TOKEN": "x" + token}}, "--schema-registry", ft.URL(), "schemas")
	r.failed(t, "403 Forbidden")
	noSecretIn(t, r, token)
	runWith(t, runOpts{env: map[string]string{"KAFKATUI_SCHEMA_REGISTRY_TOKEN": token}}, "--schema-registry", ft.URL(), "schemas").ok(t)
}

func noSecretIn(t *testing.T, r result, secret string) {
	t.Helper()
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Fatalf("a secret is shown:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
}

func TestSchemaRegistryMissingOrWrong(t *testing.T) {
	run(t, "schemas").usage(t, "no Schema Registry: give --schema-registry URL or set KAFKATUI_SCHEMA_REGISTRY")
	env := configHome(t, "current_cluster: prod\nclusters:\n  - name: prod\n    brokers: [127.0.0.1:1]\n")
	runWith(t, runOpts{env: env}, "schemas").usage(t, `or schema_registry in cluster "prod" of the config file`)
	run(t, "--schema-registry", "localhost:8081", "schemas").usage(t, "want an http:// or https:// URL")
	run(t, "--schema-registry", "http://h:1", "--schema-registry-username", "u", "schemas").usage(t, "has no password")
	run(t, "--schema-registry-username", "u", "schemas").usage(t, "without --schema-registry URL")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	run(t, "--schema-registry", "http://"+addr, "schemas").failed(t, "schema registry http://"+addr+" unreachable")

	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>Please sign in</body></html>"))
	}))
	defer html.Close()
	run(t, "--schema-registry", html.URL, "schema", "get", "orders-value").failed(t, "answered HTML, not a Schema Registry (check the URL)")

	// A password in the URL is used, never shown.
	r := run(t, "--schema-registry", "http://bob:url-Sekr1t@"+addr, "schemas")
	r.failed(t, "unreachable")
	noSecretIn(t, r, "url-Sekr1t")
}

// TestSchemaRegistryPrecedence: a flag wins over its variable, the
// variable over the file; the debug log names secrets by their source.
func TestSchemaRegistryPrecedence(t *testing.T) {
	const pass = "sr-Sekr1t-log"
	f := fakeRegistry(t)
	env := configHome(t, "current_cluster: prod\nclusters:\n  - name: prod\n    brokers: [127.0.0.1:1]\n"+
		"    schema_registry: {url: \"http://127.0.0.1:1\", username: alice, password_env: SR_PASS}\n")
	env["SR_PASS"] = pass
	env["KAFKATUI_SCHEMA_REGISTRY"] = f.URL()
	log := filepath.Join(t.TempDir(), "debug.log")
	runWith(t, runOpts{env: env}, "--debug", log, "schemas").ok(t)
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "schema registry: url="+f.URL()) || strings.Contains(string(b), pass) {
		t.Errorf("debug log:\n%s", b)
	}
	env["KAFKATUI_SCHEMA_REGISTRY_PASSWORD"] = pass
	runWith(t, runOpts{env: env}, "--debug", log, "--schema-registry-username", "bob", "schemas").ok(t)
	if b, _ = os.ReadFile(log); strings.Contains(string(b), pass) {
		t.Errorf("debug log shows the password:\n%s", b)
	}
	// A user name given on the command line replaces the file's token.
	tok := fakeRegistry(t, srfake.WithAuth("Basic "+base64.StdEncoding.EncodeToString([]byte("bob:"+pass))))
	envTok := configHome(t, "current_cluster: prod\nclusters:\n  - name: prod\n    brokers: [127.0.0.1:1]\n"+
		"    schema_registry: {url: \""+tok.URL()+"\", token: file-token}\n")
	envTok["KAFKATUI_SCHEMA_REGISTRY_PASSWORD"] = pass
	runWith(t, runOpts{env: envTok}, "--schema-registry-username", "bob", "schemas").ok(t)
	delete(env, "KAFKATUI_SCHEMA_REGISTRY_PASSWORD")
	runWith(t, runOpts{env: env}, "--schema-registry", "http://127.0.0.1:1", "schemas").failed(t, "schema registry http://127.0.0.1:1 unreachable")
}

func TestSchemaRegisterReferences(t *testing.T) {
	f := fakeRegistry(t)
	u := f.URL()
	run(t, "--schema-registry", u, "schema", "register", "common-value",
		schemaFile(t, "common.proto", "syntax = \"proto3\";\nmessage Money { int64 units = 1; }\n")).ok(t)
	pay := schemaFile(t, "pay.proto", "syntax = \"proto3\";\nimport \"common.proto\";\nmessage Pay { Money amount = 1; }\n")
	run(t, "--schema-registry", u, "schema", "register", "pay-value", pay, "--reference", "common.proto=common-value:1").ok(t)
	s, ok := f.GetSchema("pay-value", 1)
	if !ok || len(s.References) != 1 || s.References[0] != (sr.SchemaReference{Name: "common.proto", Subject: "common-value", Version: 1}) {
		t.Fatalf("registered %+v", s)
	}
	r := run(t, "--schema-registry", u, "schema", "get", "pay-value").ok(t)
	if !strings.Contains(r.stdout, "References: common.proto -> subject common-value version 1") {
		t.Errorf("get:\n%s", r.stdout)
	}
	// Confluent and Apicurio answer 42206, srfake 409 with 42201: either
	// way the message says why, and not that a schema is incompatible.
	r = run(t, "--schema-registry", u, "schema", "delete", "common-value", "--yes")
	r.failed(t, `referenced`)
	if strings.Contains(r.stderr, "incompatible") {
		t.Errorf("a referenced subject's delete reported as incompatible: %q", r.stderr)
	}
	for _, bad := range []string{"common.proto", "common.proto=common-value", "=common-value:1", "x=common-value:0", "x=:1"} {
		run(t, "--schema-registry", u, "schema", "register", "pay-value", pay, "--reference", bad).usage(t, "want NAME=SUBJECT:VERSION")
	}
}
