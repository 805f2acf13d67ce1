package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const registryFile = `clusters:
  - name: prod
    brokers: [b1:9092]
    timeout: 7s
    schema_registry:
      url: https://sr.example.com:8081
      username: alice
      password_cmd: echo sr-Sekr1t-cmd
      tls:
        ca_file: certs/ca.pem
        insecure_skip_verify: false
  - name: cloud
    brokers: [b2:9092]
    schema_registry: {url: "http://sr.cloud:8081/apis/ccompat/v7", token_env: SR_TOKEN}
  - name: plain
    brokers: [b3:9092]
`

func TestParseSchemaRegistry(t *testing.T) {
	f := parse(t, registryFile)
	prod, _ := f.Cluster("prod")
	r := prod.SchemaRegistry
	if r.URL != "https://sr.example.com:8081" || r.Username != "alice" || r.Password.Source() != "command" ||
		r.TLS.CAFile != "/home/u/.config/kafkatui/certs/ca.pem" {
		t.Errorf("prod registry %+v", r)
	}
	if r.Password.where != `/home/u/.config/kafkatui/config.yaml:8: cluster "prod": schema_registry.password_cmd` {
		t.Errorf("where %q", r.Password.where)
	}
	cfg, ok, err := prod.Registry(context.Background(), Resolver{})
	if err != nil || !ok || cfg.Password != "sr-Sekr1t-cmd" || cfg.Timeout.String() != "7s" || cfg.TLS.CAFile == "" {
		t.Errorf("prod resolves to %+v, %v, %v", cfg, ok, err)
	}

	cloud, _ := f.Cluster("cloud")
	_, _, err = cloud.Registry(context.Background(), Resolver{})
	if err == nil || !strings.Contains(err.Error(), `cluster "cloud": schema_registry.token_env: environment variable SR_TOKEN is not set`) {
		t.Errorf("unset token variable: %v", err)
	}
	cfg, _, err = cloud.Registry(context.Background(), Resolver{Getenv: func(k string) string {
		if k == "SR_TOKEN" {
			return "tok-Sekr1t"
		}
		return ""
	}})
	if err != nil || cfg.Token != "tok-Sekr1t" || cfg.URL != "http://sr.cloud:8081/apis/ccompat/v7" {
		t.Errorf("cloud resolves to %+v, %v", cfg, err)
	}
	plain, _ := f.Cluster("plain")
	if _, ok, err := plain.Registry(context.Background(), Resolver{}); ok || err != nil {
		t.Errorf("a cluster without a registry: %v %v", ok, err)
	}
}

func TestParseSchemaRegistryProblems(t *testing.T) {
	head := "clusters:\n  - name: a\n    brokers: [a:9092]\n    schema_registry:\n"
	cases := []problemCase{
		{"no url", head + "      username: u\n      password: p\n", `:5: clusters[0].schema_registry: url is missing`},
		{"bad url", head + "      url: localhost:8081\n", `:5: clusters[0].schema_registry: url "localhost:8081" is not an http(s) URL`},
		{"password in url", head + "      url: http://u:Sekr1t@h:8081\n", `put the user name and password in username and password`},
		{"two password sources", head + "      url: http://h\n      username: u\n      password: x\n      password_cmd: y\n",
			`clusters[0].schema_registry: give the password one way, not password and password_cmd`},
		{"username without password", head + "      url: http://h\n      username: u\n",
			`:6: clusters[0].schema_registry: username needs a password: password, password_env or password_cmd`},
		{"password without username", head + "      url: http://h\n      password_env: P\n", `a password needs a username`},
		{"token and basic", head + "      url: http://h\n      username: u\n      password: p\n      token: t\n", `give username and a password, or a token, not both`},
		{"tls on http", head + "      url: http://h\n      tls: {ca_file: /ca.pem}\n", `tls applies to an https:// url, not "http://h"`},
		{"enabled is not a registry tls key", head + "      url: https://h\n      tls: {enabled: true}\n", `clusters[0].schema_registry.tls: unknown key "enabled"`},
		{"unknown key", head + "      uri: http://h\n", `unknown key "uri" (did you mean "url"?)`},
		{"env with dollar", head + "      url: http://h\n      token_env: $T\n", `schema_registry.token_env: must name an environment variable`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(tc.src), Options{})
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse: %v, want a *config.Error", err)
			}
			if strings.Contains(err.Error(), "Sekr1t") {
				t.Fatalf("the error shows the secret: %v", err)
			}
			for _, p := range ce.Problems {
				if strings.Contains(p.Error(), tc.want) {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one containing %q", ce.Problems, tc.want)
		})
	}
}

func TestSchemaRegistryLiteralSecretWarns(t *testing.T) {
	f := parse(t, "clusters:\n  - name: a\n    brokers: [a:9092]\n    schema_registry: {url: http://h, username: u, password: Sekr1t}\n")
	f.Mode = 0o644
	if w := f.Warning(); !strings.Contains(w, "literal secret") || strings.Contains(w, "Sekr1t") {
		t.Errorf("warning %q", w)
	}
}

const kafRegistryFile = `current-cluster: local
clusters:
  - name: local
    brokers: [localhost:9092]
    schema-registry-url: localhost:8085
  - name: prod
    brokers: [b1:9092]
    schema-registry-url: https://sr.prod:8081
    schema-registry-credentials:
      username: sr-user
      password: sr-Sekr1t
  - name: inurl
    brokers: [b1:9092]
    schema-registry-url: https://bob:url-Sekr1t@sr.prod:8081
`

func TestParseKafSchemaRegistry(t *testing.T) {
	f, err := ParseKaf("/home/u/.kaf/config", []byte(kafRegistryFile), Options{Home: "/home/u"})
	if err != nil {
		t.Fatal(err)
	}
	local, _ := f.Cluster("local")
	if local.SchemaRegistry.URL != "http://localhost:8085" {
		t.Errorf("a URL without a scheme is http: %+v", local.SchemaRegistry)
	}
	prod, _ := f.Cluster("prod")
	cfg, _, err := prod.Registry(context.Background(), Resolver{})
	if err != nil || cfg.Username != "sr-user" || cfg.Password != "sr-Sekr1t" || cfg.URL != "https://sr.prod:8081" {
		t.Errorf("prod %+v %v", cfg, err)
	}
	in, _ := f.Cluster("inurl")
	if in.SchemaRegistry.URL != "https://sr.prod:8081" || in.SchemaRegistry.Username != "bob" || !in.SchemaRegistry.Password.IsLiteral() {
		t.Errorf("credentials in the URL: %+v", in.SchemaRegistry)
	}
	_, err = ParseKaf("k", []byte("clusters:\n  - name: a\n    brokers: [a:9092]\n    schema-registry-credentials: {username: u, password: p}\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "schema-registry-url is missing") {
		t.Errorf("credentials without a URL: %v", err)
	}
}

func TestImportKafSchemaRegistry(t *testing.T) {
	dir := t.TempDir()
	kaf := filepath.Join(dir, "kaf")
	if err := os.WriteFile(kaf, []byte(kafRegistryFile), 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "config.yaml")
	if _, err := ImportKaf(kaf, dest, false, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := Load(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"local": "http://localhost:8085", "prod": "https://sr.prod:8081", "inurl": "https://sr.prod:8081"} {
		c, _ := f.Cluster(name)
		if c.SchemaRegistry.URL != want {
			t.Errorf("%s: registry %+v, want url %s", name, c.SchemaRegistry, want)
		}
	}
	if c, _ := f.Cluster("prod"); c.SchemaRegistry.Username != "sr-user" || !c.SchemaRegistry.Password.IsLiteral() {
		t.Errorf("prod credentials not imported: %+v", c.SchemaRegistry)
	}
}
