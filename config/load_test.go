package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// fullExample is the README's example, every setting used once.
const fullExample = `# clusters I work with
current_cluster: staging
defaults:            # all optional
  timeout: 10s
  refresh: 5s
  tail_buffer: 20_000
  theme: dark
  isolation: read_committed
clusters:
  - name: staging
    brokers: [b1:9092, b2]
    client_id: kafkatui-me
    timeout: 15s
    read_only: true
    color: "#D75F00"
    sasl:
      mechanism: scram-sha-512
      username: alice
      password_cmd: "pass show kafka/staging"
    tls:
      enabled: true
      ca_file: ~/certs/ca.pem
      cert_file: certs/client.pem
      key_file: /abs/client-key.pem
      server_name: kafka.internal
      insecure_skip_verify: false
  - name: cloud
    brokers: pkc-1.example.com:9092
    color: 208
    sasl:
      mechanism: OAUTHBEARER
      token_url: https://idp.example.com/oauth2/token
      client_id: kafkatui
      client_secret_env: CLOUD_SECRET
      scopes: [kafka, "openid"]
      extensions: {logicalCluster: lkc-1, identityPoolId: pool-2}
    tls: {enabled: true}
  - name: msk
    brokers:
      - b-1.msk.amazonaws.com:9098
    sasl: {mechanism: AWS_MSK_IAM, aws_region: eu-west-1, aws_profile: prod}
    tls: {enabled: true}
  - name: local
    brokers: [localhost:9092]
`

func parse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse("/home/u/.config/kafkatui/config.yaml", []byte(src), Options{Home: "/home/u"})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func TestParseFullExample(t *testing.T) {
	f := parse(t, fullExample)
	if f.Current != "staging" || f.Format != FormatKafkatui {
		t.Errorf("current %q format %v", f.Current, f.Format)
	}
	wantDef := Defaults{Timeout: 10 * time.Second, Refresh: 5 * time.Second, TailBuffer: 20000, Theme: "dark", Isolation: "committed"}
	if f.Defaults != wantDef {
		t.Errorf("defaults %+v, want %+v", f.Defaults, wantDef)
	}
	if got := f.Names(); !reflect.DeepEqual(got, []string{"staging", "cloud", "msk", "local"}) {
		t.Fatalf("names %v: the file's order must be kept", got)
	}
	st, _ := f.Cluster("staging")
	if !reflect.DeepEqual(st.Brokers, []string{"b1:9092", "b2:9092"}) || st.ClientID != "kafkatui-me" ||
		st.Timeout != 15*time.Second || !st.ReadOnly || st.Color != "#d75f00" || st.Line != 10 {
		t.Errorf("staging %+v", st)
	}
	if st.SASL.Mechanism != "SCRAM-SHA-512" || st.SASL.Username != "alice" || st.SASL.Password.Source() != "command" {
		t.Errorf("staging sasl %+v", st.SASL)
	}
	wantTLS := kafkaops.TLSConfig{Enabled: true, CAFile: "/home/u/certs/ca.pem", CertFile: "/home/u/.config/kafkatui/certs/client.pem",
		KeyFile: "/abs/client-key.pem", ServerName: "kafka.internal"}
	if st.TLS != wantTLS {
		t.Errorf("staging tls %+v, want %+v (~ expanded, relative to the file's directory)", st.TLS, wantTLS)
	}
	cloud, _ := f.Cluster("cloud")
	if cloud.Timeout != 10*time.Second || cloud.Color != "208" || cloud.ReadOnly {
		t.Errorf("cloud takes the default timeout: %+v", cloud)
	}
	s := cloud.SASL
	if s.TokenURL != "https://idp.example.com/oauth2/token" || s.ClientID != "kafkatui" || s.ClientSecret.Source() != "$CLOUD_SECRET" ||
		!reflect.DeepEqual(s.Scopes, []string{"kafka", "openid"}) ||
		!reflect.DeepEqual(s.Extensions, map[string]string{"logicalCluster": "lkc-1", "identityPoolId": "pool-2"}) {
		t.Errorf("cloud sasl %+v", s)
	}
	msk, _ := f.Cluster("msk")
	if msk.SASL.AWSRegion != "eu-west-1" || msk.SASL.AWSProfile != "prod" || !msk.TLS.Enabled {
		t.Errorf("msk %+v", msk)
	}
	if l, _ := f.Cluster("local"); l.SASL.Mechanism != "" || l.TLS.Enabled {
		t.Errorf("local %+v", l)
	}
}

func TestParseEmptyAndMinimal(t *testing.T) {
	for _, src := range []string{"", "\n# nothing yet\n", "---\n", "clusters: []\n", "clusters:\n"} {
		f := parse(t, src)
		if len(f.Clusters) != 0 || f.Current != "" {
			t.Errorf("%q: %+v", src, f)
		}
	}
	f := parse(t, "clusters:\n  - name: x\n    brokers: kafka\n")
	if c, _ := f.Cluster("x"); !reflect.DeepEqual(c.Brokers, []string{"kafka:9092"}) {
		t.Errorf("bare host gets :9092: %v", c.Brokers)
	}
}

func TestParseMergeKeysAndAnchors(t *testing.T) {
	f := parse(t, `
x-corp: &corp
  mechanism: SCRAM-SHA-256
  username: svc
  password_env: CORP_PASS
clusters:
  - &base
    name: a
    brokers: [a:9092]
    read_only: true
    sasl: *corp
  - <<: *base
    name: b
    brokers: [b:9092]
    read_only: false
`)
	a, _ := f.Cluster("a")
	b, _ := f.Cluster("b")
	if a.SASL.Mechanism != "SCRAM-SHA-256" || a.SASL.Password.Source() != "$CORP_PASS" || !a.ReadOnly {
		t.Errorf("a %+v", a)
	}
	// b takes a's settings through <<, its own keys winning.
	if b.SASL.Username != "svc" || b.ReadOnly || !reflect.DeepEqual(b.Brokers, []string{"b:9092"}) {
		t.Errorf("b %+v", b)
	}
}

// problemCase is a bad file and the one problem it must report.
type problemCase struct {
	name string
	src  string
	want string // "line: path: message" after the file name
}

func TestParseProblems(t *testing.T) {
	head := "clusters:\n  - name: a\n    brokers: [a:9092]\n"
	cases := []problemCase{
		{"unknown key with suggestion", head + "    sasl:\n      mechanism: PLAIN\n      username: u\n      pasword: x\n",
			`:7: clusters[0].sasl: unknown key "pasword" (did you mean "password"?)`},
		{"kaf spelling", "current-cluster: a\n" + head, `:1: unknown key "current-cluster" (did you mean "current_cluster"?)`},
		{"unknown top key", "colour: red\n" + head, `:1: unknown key "colour"`},
		{"bad duration", "defaults:\n  refresh: 5x\n" + head, `:2: defaults.refresh: "5x" is not a duration`},
		{"negative timeout", head + "    timeout: -1s\n", `:4: clusters[0].timeout: "-1s" must be positive`},
		{"refresh too fast", "defaults:\n  refresh: 10ms\n", `:2: defaults.refresh: must be at least 500ms`},
		{"tail buffer", "defaults:\n  tail_buffer: 5\n", `:2: defaults.tail_buffer: must be between 100 and 10000000, got 5`},
		{"tail buffer not a number", "defaults:\n  tail_buffer: lots\n", `:2: defaults.tail_buffer: "lots" is not a whole number`},
		{"theme", "defaults:\n  theme: purple\n", `:2: defaults.theme: theme "purple" is not one of auto, dark, light, none`},
		{"isolation", "defaults:\n  isolation: serializable\n", `:2: defaults.isolation: isolation "serializable": use committed or uncommitted`},
		{"bad bool", head + "    read_only: maybe\n", `:4: clusters[0].read_only: "maybe" is not true or false`},
		{"bad colour", head + "    color: blurple\n", `:4: clusters[0].color: "blurple" is not a colour`},
		{"bad mechanism", head + "    sasl:\n      mechanism: GSSAPI\n", `:5: clusters[0].sasl: "GSSAPI" is not a SASL mechanism: want one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM`},
		{"no mechanism", head + "    sasl:\n      username: u\n", `:5: clusters[0].sasl: mechanism is missing`},
		{"two password sources", head + "    sasl:\n      mechanism: PLAIN\n      username: u\n      password: x\n      password_env: P\n",
			`clusters[0].sasl: give the password one way, not password and password_env`},
		{"three token sources", head + "    sasl:\n      mechanism: OAUTHBEARER\n      token: x\n      token_cmd: y\n",
			`clusters[0].sasl: give the token one way, not token and token_cmd`},
		{"no username", head + "    sasl:\n      mechanism: SCRAM-SHA-256\n      password_env: P\n", `:5: clusters[0].sasl: SCRAM-SHA-256 needs a username`},
		{"oauth without source", head + "    sasl:\n      mechanism: OAUTHBEARER\n",
			`:5: clusters[0].sasl: OAUTHBEARER needs token_url (with client_id and client_secret), or token, token_env or token_cmd`},
		{"oauth url and token", head + "    sasl:\n      mechanism: OAUTHBEARER\n      token_url: https://idp/t\n      client_id: c\n      token_env: T\n",
			`:6: clusters[0].sasl: give token_url or token, token_env or token_cmd, not both`},
		{"oauth url without client", head + "    sasl:\n      mechanism: OAUTHBEARER\n      token_url: https://idp/t\n", `token_url needs a client_id`},
		{"oauth bad url", head + "    sasl:\n      mechanism: OAUTHBEARER\n      token_url: idp/t\n      client_id: c\n", `token_url "idp/t" is not an http(s) URL`},
		{"client id with a token", head + "    sasl:\n      mechanism: OAUTHBEARER\n      token_cmd: t\n      client_id: c\n",
			`:7: clusters[0].sasl: client_id goes with token_url (client credentials), not with a token`},
		{"field of another mechanism", head + "    sasl:\n      mechanism: SCRAM-SHA-512\n      username: u\n      token_url: https://x/t\n",
			`:7: clusters[0].sasl: token_url is for OAUTHBEARER, not SCRAM-SHA-512`},
		{"aws field on plain", head + "    sasl:\n      mechanism: PLAIN\n      username: u\n      aws_region: x\n", `aws_region is for AWS_MSK_IAM, not PLAIN`},
		{"env with dollar", head + "    sasl:\n      mechanism: PLAIN\n      username: u\n      password_env: $PASS\n",
			`:7: clusters[0].sasl.password_env: must name an environment variable`},
		{"duplicate names", head + "  - name: a\n    brokers: [b:9092]\n", `:4: clusters[1].name: cluster name "a" is already used on line 2`},
		{"empty name", "clusters:\n  - name: \"\"\n    brokers: [a:9092]\n", `:2: clusters[0]: a cluster needs a name`},
		{"no brokers", "clusters:\n  - name: a\n", `:2: clusters[0]: cluster "a" needs brokers (host:port)`},
		{"bad broker", "clusters:\n  - name: a\n    brokers: [\"a:port\"]\n", `:3: clusters[0].brokers: broker "a:port": port "port" is not a number from 1 to 65535`},
		{"broker with scheme", "clusters:\n  - name: a\n    brokers: [SASL_SSL://a:9093]\n", `without a scheme`},
		{"missing current", "current_cluster: prod\n" + head, `:1: current_cluster: current cluster "prod" is not one of the clusters (a)`},
		{"repeated key", head + "    timeout: 1s\n    timeout: 2s\n", `:5: clusters[0]: key "timeout" given twice (first on line 4)`},
		{"cert without key", head + "    tls:\n      cert_file: c.pem\n", `:5: clusters[0].tls: a client certificate needs both cert_file and key_file`},
		{"clusters as a map", "clusters:\n  a: {brokers: [x]}\n", `:2: clusters: want a list of clusters`},
		{"not yaml", "clusters: [\n", `: not valid YAML`},
		{"top is a list", "- a\n- b\n", `:1: want a mapping`},
		{"control characters", "clusters:\n  - name: \"a\\x1b[2J\"\n    brokers: [a:9092]\n", `:2: clusters[0].name: must not contain control characters`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(tc.src), Options{})
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse: %v, want a *config.Error", err)
			}
			for _, p := range ce.Problems {
				if strings.Contains(p.Error(), tc.want) && strings.HasPrefix(p.Error(), "config.yaml") {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one containing %q", ce.Problems, tc.want)
		})
	}
}

func TestErrorCountsTheRest(t *testing.T) {
	_, err := Parse("c.yaml", []byte("a: 1\nb: 2\nc: 3\n"), Options{})
	if err == nil || err.Error() != `c.yaml:1: unknown key "a" (and 2 more problems)` {
		t.Errorf("err = %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte("clusters:\n  - name: a\n    brokers: [a:9092]\n    tls: {ca_file: ca.pem}\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != p || f.Mode != 0o640 {
		t.Errorf("path %q mode %o", f.Path, f.Mode)
	}
	if c, _ := f.Cluster("a"); c.TLS.CAFile != filepath.Join(dir, "ca.pem") {
		t.Errorf("ca file %q, want it next to the config", c.TLS.CAFile)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), Options{}); err == nil {
		t.Error("a missing file loaded")
	}
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory: %v", err)
	}
}

// TestReadmeExample parses the README's example, so it stays true.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "## Configuration")
	if i < 0 {
		t.Fatal("README has no Configuration section")
	}
	s = s[i:]
	start := strings.Index(s, "```yaml\n")
	end := strings.Index(s[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no yaml example in the Configuration section")
	}
	f := parse(t, s[start+8:start+8+end])
	if f.Current != "staging" || len(f.Clusters) != 4 {
		t.Errorf("current %q clusters %v", f.Current, f.Names())
	}
	if c, _ := f.Cluster("confluent"); c.SASL.Extensions["logicalCluster"] != "lkc-1" {
		t.Errorf("confluent %+v", c.SASL)
	}
}
