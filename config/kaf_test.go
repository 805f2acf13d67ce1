package config

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// kafFile is ~/.kaf/config as kaf writes it (yaml.v3, 4-space indent,
// every field of its Cluster struct, nulls included), plus hand-written
// clusters in the shorter forms users type.
const kafFile = `current-cluster: prod
clusters:
    - name: local
      version: ""
      brokers:
        - localhost:9092
      SASL: null
      TLS: null
      security-protocol: ""
      schema-registry-url: http://localhost:8081
      schema-registry-credentials: null
    - name: prod
      version: 3.9.0
      brokers:
        - b1.prod:9094
        - b2.prod:9094
      SASL:
        mechanism: SCRAM-SHA-512
        username: alice
        password: ` + hunter + `
        clientID: ""
        clientSecret: ""
        tokenURL: ""
        scopes: []
        token: ""
        version: 0
      TLS:
        cafile: ~/certs/prod-ca.pem
        clientfile: certs/client.pem
        clientkeyfile: certs/client-key.pem
        insecure: false
      security-protocol: SASL_SSL
      schema-registry-url: ""
      schema-registry-credentials: null
    - name: cloud
      brokers: [pkc.example.cloud:9092]
      SASL:
        mechanism: OAUTHBEARER
        clientID: kafkatui
        clientSecret: cs-` + hunter + `
        tokenURL: https://idp.example.com/token
        scopes: [kafka]
      security-protocol: SASL_SSL
    - name: msk
      brokers: [b-1.msk.example:9098]
      SASL: {mechanism: AWS_MSK_IAM}
      security-protocol: SASL_SSL
    - name: ssl-only
      brokers: [s:9093]
      security-protocol: SSL
    - name: legacy-plain
      brokers: [l:9092]
      SASL: {username: bob, password: pw}
      security-protocol: SASL_PLAINTEXT
`

func TestParseKaf(t *testing.T) {
	f, err := ParseKaf("/home/u/.kaf/config", []byte(kafFile), Options{Home: "/home/u"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Format != FormatKaf || f.Current != "prod" {
		t.Errorf("format %v current %q", f.Format, f.Current)
	}
	if got := f.Names(); !reflect.DeepEqual(got, []string{"local", "prod", "cloud", "msk", "ssl-only", "legacy-plain"}) {
		t.Fatalf("names %v", got)
	}
	local, _ := f.Cluster("local")
	if local.TLS.Enabled || local.SASL.Mechanism != "" || local.Brokers[0] != "localhost:9092" {
		t.Errorf("local %+v", local)
	}
	prod, _ := f.Cluster("prod")
	if !reflect.DeepEqual(prod.Brokers, []string{"b1.prod:9094", "b2.prod:9094"}) || prod.SASL.Mechanism != "SCRAM-SHA-512" ||
		prod.SASL.Username != "alice" || !prod.SASL.Password.IsLiteral() {
		t.Errorf("prod %+v", prod)
	}
	// ~ is expanded; relative paths stay relative to the working
	// directory, as kaf reads them.
	if !prod.TLS.Enabled || prod.TLS.CAFile != "/home/u/certs/prod-ca.pem" || prod.TLS.CertFile != "certs/client.pem" || prod.TLS.KeyFile != "certs/client-key.pem" {
		t.Errorf("prod tls %+v", prod.TLS)
	}
	cloud, _ := f.Cluster("cloud")
	if cloud.SASL.TokenURL != "https://idp.example.com/token" || cloud.SASL.ClientID != "kafkatui" || !cloud.SASL.ClientSecret.IsLiteral() ||
		!reflect.DeepEqual(cloud.SASL.Scopes, []string{"kafka"}) || !cloud.TLS.Enabled {
		t.Errorf("cloud %+v", cloud)
	}
	if msk, _ := f.Cluster("msk"); msk.SASL.Mechanism != "AWS_MSK_IAM" || !msk.TLS.Enabled {
		t.Errorf("msk %+v", msk)
	}
	if s, _ := f.Cluster("ssl-only"); !s.TLS.Enabled || s.SASL.Mechanism != "" {
		t.Errorf("ssl-only %+v", s)
	}
	if l, _ := f.Cluster("legacy-plain"); l.SASL.Mechanism != "PLAIN" || l.TLS.Enabled {
		t.Errorf("legacy-plain: a SASL section without a mechanism is PLAIN: %+v", l)
	}
	cfg, err := prod.Kafka(context.Background(), Resolver{})
	if err != nil || cfg.SASL.Password != hunter {
		t.Errorf("prod resolves: %v", err)
	}
	if prod.SASL.Password.where != `/home/u/.kaf/config:20: cluster "prod": SASL.password` {
		t.Errorf("where %q", prod.SASL.Password.where)
	}
}

func TestParseKafProblems(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n    SASL:\n      mechanism: KERBEROS\n", `kaf:5: clusters[0].SASL: "KERBEROS" is not a SASL mechanism`},
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n    SASL:\n      mechanism: OAUTHBEARER\n", `kaf:5: clusters[0].SASL: OAUTHBEARER needs tokenURL (with clientID and clientSecret), or token`},
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n    SASL:\n      mechanism: SCRAM-SHA-256\n      tokenURL: https://x/t\n", `kaf:6: clusters[0].SASL: tokenURL is for OAUTHBEARER, not SCRAM-SHA-256`},
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n    security-protocol: TLS\n", `kaf:2: clusters[0].security-protocol: "TLS" is not PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL`},
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n    TLS: [x]\n", `kaf:4: clusters[0]: cannot unmarshal !!seq into config.kafTLS`},
		{"current-cluster: b\nclusters:\n  - name: a\n    brokers: [a:9092]\n", `kaf:1: current-cluster: current cluster "b" is not one of the clusters (a)`},
		{"clusters:\n  - name: a\n    brokers: [a:9092]\n  - name: a\n    brokers: [a:9092]\n", `kaf:4: clusters[1].name: cluster name "a" is already used on line 2`},
	} {
		_, err := ParseKaf("kaf", []byte(tc.src), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
	// Keys kaf does not know are ignored, as kaf ignores them.
	if _, err := ParseKaf("kaf", []byte("foo: 1\nclusters:\n  - name: a\n    brokers: [a:9092]\n    colour: red\n"), Options{}); err != nil {
		t.Errorf("unknown keys: %v", err)
	}
}

func TestLocate(t *testing.T) {
	home := t.TempDir()
	env := mapEnv{"HOME": home}
	own := filepath.Join(home, ".config", "kafkatui", "config.yaml")
	kaf := filepath.Join(home, ".kaf", "config")

	loc, err := Locate("", env.get, false)
	if err != nil || loc.Path != "" || loc.Own != own {
		t.Fatalf("nothing there: %+v %v", loc, err)
	}
	mkfile(t, kaf, kafFile)
	if loc, _ = Locate("", env.get, false); loc.Path != kaf || loc.Format != FormatKaf || loc.Own != own {
		t.Errorf("kaf's file offered: %+v", loc)
	}
	mkfile(t, own, "clusters: []\n")
	if loc, _ = Locate("", env.get, false); loc.Path != own || loc.Format != FormatKafkatui {
		t.Errorf("kafkatui's file wins over kaf's: %+v", loc)
	}
	xdg := t.TempDir()
	env["XDG_CONFIG_HOME"] = xdg
	if loc, _ = Locate("", env.get, false); loc.Own != filepath.Join(xdg, "kafkatui", "config.yaml") || loc.Path != kaf {
		t.Errorf("XDG_CONFIG_HOME: %+v", loc)
	}
	env["XDG_CONFIG_HOME"] = "relative/dir" // invalid per XDG: ignored
	if loc, _ = Locate("", env.get, false); loc.Own != own {
		t.Errorf("relative XDG_CONFIG_HOME: %+v", loc)
	}
	if loc, err = Locate("~/.config/kafkatui/config.yaml", env.get, false); err != nil || loc.Path != own || !loc.Explicit {
		t.Errorf("explicit: %+v %v", loc, err)
	}
	if _, err = Locate(filepath.Join(home, "nope.yaml"), env.get, false); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("explicit missing: %v", err)
	}
	if loc, err = Locate(filepath.Join(home, "nope.yaml"), env.get, true); err != nil || loc.Own != filepath.Join(home, "nope.yaml") {
		t.Errorf("explicit missing allowed: %+v %v", loc, err)
	}
	if loc, _ = Locate("", nil, false); loc.Path != "" || loc.Own != "" {
		t.Errorf("no environment: %+v", loc)
	}
}

func mkfile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestMisplacedSecretNotEchoed: a secret written where a section belongs
// is reported without its value, in both formats.
func TestMisplacedSecretNotEchoed(t *testing.T) {
	for _, tc := range []struct {
		parse func(string, []byte, Options) (*File, error)
		src   string
	}{
		{Parse, "clusters:\n  - name: a\n    brokers: [a:9092]\n    sasl: " + hunter + "\n"},
		{Parse, "clusters:\n  - name: a\n    brokers: [a:9092]\n    tls: " + hunter + "\n"},
		{Parse, "clusters: " + hunter + "\n"},
		{Parse, "clusters:\n  - name: a\n    brokers: [a:9092]\n    sasl:\n      mechanism: PLAIN\n      username: u\n      password: [" + hunter + "]\n"},
		{ParseKaf, "clusters:\n  - name: a\n    brokers: [a:9092]\n    SASL: " + hunter + "\n"},
		{ParseKaf, "clusters:\n  - name: a\n    brokers: [a:9092]\n    SASL:\n      password: {x: " + hunter + "}\n"},
	} {
		_, err := tc.parse("c", []byte(tc.src), Options{})
		if err == nil {
			t.Errorf("%q loaded", tc.src)
		} else if strings.Contains(err.Error(), hunter) {
			t.Errorf("the error shows the value: %v", err)
		}
	}
}
