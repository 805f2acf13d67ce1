package config

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kafkatui/kafkatui/kafkaops"
)

const hunter = "hunter2-Zq9"

func resolveOne(t *testing.T, src string, env map[string]string) (kafkaops.Config, error) {
	t.Helper()
	f := parse(t, "clusters:\n  - name: prod\n    brokers: [k:9092]\n"+src)
	c, _ := f.Cluster("prod")
	return c.Kafka(context.Background(), Resolver{Getenv: func(k string) string { return env[k] }, CommandTimeout: 5 * time.Second})
}

func TestSecretSources(t *testing.T) {
	sasl := "    sasl:\n      mechanism: PLAIN\n      username: u\n"
	for _, tc := range []struct {
		name, src string
		env       map[string]string
	}{
		{"literal", sasl + "      password: " + hunter + "\n", nil},
		{"env", sasl + "      password_env: KAFKA_PASS\n", map[string]string{"KAFKA_PASS": hunter}},
		{"command", sasl + "      password_cmd: printf '  " + hunter + "\\n'\n", nil},
		{"multi-line command", sasl + "      password_cmd: |\n        x=" + hunter + "\n        echo \"$x\"\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := resolveOne(t, tc.src, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.SASL.Password != hunter || cfg.SASL.Username != "u" || cfg.SASL.Mechanism != "PLAIN" {
				t.Errorf("sasl %q %q, password right: %v", cfg.SASL.Mechanism, cfg.SASL.Username, cfg.SASL.Password == hunter)
			}
		})
	}
}

func TestSecretFailures(t *testing.T) {
	sasl := "    sasl:\n      mechanism: SCRAM-SHA-256\n      username: u\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"env not set", sasl + "      password_env: KAFKA_PASS\n",
			`config.yaml:7: cluster "prod": sasl.password_env: environment variable KAFKA_PASS is not set`},
		{"command fails", sasl + "      password_cmd: " + yq("echo "+hunter+"; echo 'gpg: decryption failed' >&2; echo second >&2; exit 3") + "\n",
			`config.yaml:7: cluster "prod": sasl.password_cmd: command failed (exit status 3): gpg: decryption failed`},
		{"command fails repeating the secret", sasl + "      password_cmd: echo " + hunter + "; echo \"bad " + hunter + "\" >&2; exit 1\n",
			`sasl.password_cmd: command failed (exit status 1): bad <redacted>`},
		{"command prints nothing", sasl + "      password_cmd: \"true\"\n", `sasl.password_cmd: command printed nothing on standard output`},
		{"command prints lines", sasl + "      password_cmd: " + yq("printf '"+hunter+"\\nuser: u\\n'") + "\n", `sasl.password_cmd: command printed more than one line`},
		{"client secret", "    sasl:\n      mechanism: OAUTHBEARER\n      token_url: https://idp/t\n      client_id: c\n      client_secret_cmd: exit 1\n",
			`cluster "prod": sasl.client_secret_cmd: command failed (exit status 1) and printed nothing on standard error`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := resolveOne(t, tc.src, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), hunter) {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
}

// yq quotes s as a single-quoted YAML scalar.
func yq(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// hangFor is how long the hanging commands below would run on their own.
// Resolve returning well before it (a third of it: room for a machine many
// times slower than usual) shows the 300ms timeout ended them; how soon
// after 300ms is the machine's speed, not the code's.
const hangFor = 30 * time.Second

func TestSecretCommandTimeout(t *testing.T) {
	s := CommandSecret("sleep 30", `c.yaml:3: cluster "x": sasl.password_cmd`)
	start := time.Now()
	_, err := s.Resolve(context.Background(), Resolver{CommandTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 300ms") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > hangFor/3 {
		t.Errorf("took %s: the timeout did not end the command", d)
	}
	// A command whose child keeps the output open ends too.
	s = CommandSecret("sleep 30 & echo x; wait", "w")
	start = time.Now()
	if _, err := s.Resolve(context.Background(), Resolver{CommandTimeout: 300 * time.Millisecond}); err == nil {
		t.Fatal("no error")
	}
	if d := time.Since(start); d > hangFor/3 {
		t.Errorf("took %s with a child holding the pipe: the timeout did not end the command", d)
	}
}

func TestKafkaConfig(t *testing.T) {
	f := parse(t, fullExample)
	cloud, _ := f.Cluster("cloud")
	cfg, err := cloud.Kafka(context.Background(), Resolver{Getenv: mapEnv{"CLOUD_SECRET": hunter}.get})
	if err != nil {
		t.Fatal(err)
	}
	want := kafkaops.Config{
		Brokers: []string{"pkc-1.example.com:9092"}, Timeout: 10 * time.Second, TLS: kafkaops.TLSConfig{Enabled: true},
		SASL: kafkaops.SASLConfig{Mechanism: "OAUTHBEARER", OAuth: kafkaops.OAuthConfig{
			TokenURL: "https://idp.example.com/oauth2/token", ClientID: "kafkatui", ClientSecret: hunter,
			Scopes: []string{"kafka", "openid"}, Extensions: map[string]string{"logicalCluster": "lkc-1", "identityPoolId": "pool-2"},
		}},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("cloud:\n%#v\nwant\n%#v", cfg, want)
	}
	// token_cmd is passed on as a command, never run here.
	f = parse(t, "clusters:\n  - name: t\n    brokers: [k:9092]\n    sasl:\n      mechanism: OAUTHBEARER\n      token_cmd: exit 1\n")
	c, _ := f.Cluster("t")
	cfg, err = c.Kafka(context.Background(), Resolver{})
	if err != nil || cfg.SASL.OAuth.TokenCmd != "exit 1" || cfg.SASL.OAuth.Token != "" {
		t.Errorf("token_cmd: %v %q", err, cfg.SASL.OAuth.TokenCmd)
	}
	f = parse(t, "clusters:\n  - name: t\n    brokers: [k:9092]\n    sasl:\n      mechanism: OAUTHBEARER\n      token_env: TOK\n")
	c, _ = f.Cluster("t")
	cfg, err = c.Kafka(context.Background(), Resolver{Getenv: mapEnv{"TOK": "eyJ.x.y"}.get})
	if err != nil || cfg.SASL.OAuth.Token != "eyJ.x.y" {
		t.Errorf("token_env: %v %q", err, cfg.SASL.OAuth.Token)
	}
	msk, _ := parse(t, fullExample).Cluster("msk")
	cfg, err = msk.Kafka(context.Background(), Resolver{})
	if err != nil || cfg.SASL.AWS != (kafkaops.AWSConfig{Region: "eu-west-1", Profile: "prod"}) {
		t.Errorf("msk: %v %+v", err, cfg.SASL.AWS)
	}
}

// mapEnv is an environment for Resolver.Getenv.
type mapEnv map[string]string

func (m mapEnv) get(k string) string { return m[k] }

// TestSecretsNeverPrinted prints the loaded structures every way a log or
// a careless error might and looks for the secrets.
func TestSecretsNeverPrinted(t *testing.T) {
	src := "clusters:\n  - name: a\n    brokers: [k:9092]\n    sasl:\n      mechanism: PLAIN\n      username: u\n      password: " + hunter + "\n" +
		"  - name: b\n    brokers: [k:9092]\n    sasl:\n      mechanism: OAUTHBEARER\n      token_url: https://i/t\n      client_id: c\n      client_secret: " + hunter + "-cs\n" +
		"  - name: c\n    brokers: [k:9092]\n    sasl:\n      mechanism: OAUTHBEARER\n      token: " + hunter + "-tok\n"
	f := parse(t, src)
	js, _ := json.Marshal(f)
	ys, _ := yaml.Marshal(f)
	var out strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T"} {
		fmt.Fprintf(&out, verb+"\n", f)
		fmt.Fprintf(&out, verb+"\n", *f)
		fmt.Fprintf(&out, verb+"\n", f.Clusters)
		fmt.Fprintf(&out, verb+"\n", f.Clusters[0].SASL.Password)
		fmt.Fprintf(&out, verb+"\n", &f.Clusters[1].SASL.ClientSecret)
	}
	all := out.String() + string(js) + string(ys)
	if strings.Contains(all, hunter) || strings.Contains(all, fmt.Sprintf("%x", hunter)) || strings.Contains(all, fmt.Sprintf("%X", hunter)) {
		t.Fatalf("a secret was printed:\n%s", all)
	}
	if !strings.Contains(all, "<secret: literal>") {
		t.Errorf("secrets should print as their source:\n%s", all[:min(len(all), 400)])
	}
}

func TestPermissionWarning(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	literal := "clusters:\n  - name: a\n    brokers: [k:9092]\n    sasl: {mechanism: PLAIN, username: u, password: " + hunter + "}\n"
	fromEnv := "clusters:\n  - name: a\n    brokers: [k:9092]\n    sasl: {mechanism: PLAIN, username: u, password_env: P}\n"
	for _, tc := range []struct {
		name, src string
		mode      os.FileMode
		warn      bool
	}{
		{"literal 0644", literal, 0o644, true},
		{"literal 0640", literal, 0o640, true},
		{"literal 0600", literal, 0o600, false},
		{"env 0644", fromEnv, 0o644, false},
	} {
		p := write(strings.ReplaceAll(tc.name, " ", "-")+".yaml", tc.src, tc.mode)
		f, err := Load(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w := f.Warning()
		if tc.warn {
			want := fmt.Sprintf("%s holds a literal secret and is readable by others (mode %04o): chmod 600 %s", p, tc.mode, p)
			if w != want {
				t.Errorf("%s: warning %q, want %q", tc.name, w, want)
			}
		} else if w != "" {
			t.Errorf("%s: unexpected warning %q", tc.name, w)
		}
		if strings.Contains(w, hunter) {
			t.Errorf("the warning shows the secret")
		}
	}
}
