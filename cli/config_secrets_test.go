package cli

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/internal/testkafka/testtls"
)

func randomSecret(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// TestConfigClusterSCRAM connects through a config-file cluster with SCRAM
// (password from a command) to a kfake cluster that requires it, and
// produces and consumes through it.
func TestConfigClusterSCRAM(t *testing.T) {
	pass := randomSecret(t, "scram-")
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(),
		kfake.Superuser("SCRAM-SHA-512", "app", pass), kfake.SeedTopics(2, "cfg-scram"))
	home := t.TempDir()
	pwFile := filepath.Join(home, "pw")
	if err := os.WriteFile(pwFile, []byte(pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := configHome(t, `current_cluster: secured
clusters:
  - name: plain-local
    brokers: [127.0.0.1:1]
  - name: secured
    brokers: [`+kc.ListenAddrs()[0]+`]
    timeout: 5s
    sasl:
      mechanism: SCRAM-SHA-512
      username: app
      password_cmd: cat '`+pwFile+`'
`)
	r := runWith(t, runOpts{env: env}, "topics").ok(t)
	if !strings.Contains(r.stdout, "cfg-scram") {
		t.Fatalf("topics through the config cluster:\n%s", r.stdout)
	}
	r = runWith(t, runOpts{env: env}, "produce", "cfg-scram", "-k", "k1", "-p", "1", "through the config").ok(t)
	if r.stdout != "1 0\n" {
		t.Errorf("produce: %q", r.stdout)
	}
	r = runWith(t, runOpts{env: env}, "consume", "cfg-scram", "-e", "-K", "=").ok(t)
	if r.stdout != "k1=through the config\n" {
		t.Errorf("consume: %q", r.stdout)
	}
	// A wrong password from the environment overrides the command, and
	// fails naming the mechanism and user.
	r = runWith(t, runOpts{env: with(env, "KAFKATUI_SASL_PASSWORD", "nope")}, "topics")
	r.failed(t, `sasl SCRAM-SHA-512 authentication failed for user "app"`)
}

// TestConfigClusterSASLOverTLS uses a SASL_SSL cluster whose CA file is
// named relative to the config file.
func TestConfigClusterSASLOverTLS(t *testing.T) {
	certs := testtls.New(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.TLS(certs.Server), kfake.EnableSASL(),
		kfake.Superuser("SCRAM-SHA-256", "app", "tls-pw"), kfake.SeedTopics(1, "cfg-tls"))
	env := configHome(t, `current_cluster: tls
clusters:
  - name: tls
    brokers: [`+kc.ListenAddrs()[0]+`]
    timeout: 5s
    sasl: {mechanism: SCRAM-SHA-256, username: app, password_env: TLS_PW}
    tls: {ca_file: certs/ca.pem}
`)
	ca, err := os.ReadFile(certs.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	writeConfig(t, filepath.Join(filepath.Dir(ownConfig(env)), "certs", "ca.pem"), string(ca))
	r := runWith(t, runOpts{env: with(env, "TLS_PW", "tls-pw")}, "topics").ok(t)
	if !strings.Contains(r.stdout, "cfg-tls") {
		t.Errorf("topics:\n%s", r.stdout)
	}
	// --tls-ca on the command line is relative to the working directory
	// and replaces the file's.
	run := runWith(t, runOpts{env: with(env, "TLS_PW", "tls-pw")}, "--tls-ca", filepath.Join(t.TempDir(), "none.pem"), "topics")
	run.failed(t, "none.pem")
}

// TestKafClusterEndToEnd reads kaf's file as it is and connects with it.
func TestKafClusterEndToEnd(t *testing.T) {
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "admin", "kaf-secret"), kfake.SeedTopics(1, "from-kaf"))
	home := t.TempDir()
	writeConfig(t, filepath.Join(home, ".kaf", "config"), kafConfig(kc.ListenAddrs()[0], "kaf-secret"))
	r := runWith(t, runOpts{env: map[string]string{"HOME": home}}, "--timeout", "5s", "topics").ok(t)
	if !strings.Contains(r.stdout, "from-kaf") {
		t.Errorf("topics through kaf's current cluster:\n%s", r.stdout)
	}
}

func with(env map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range env {
		m[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestSecretsNeverShown runs every path a password travels (a config
// file, the flag, the environment, a command; success and failure) with
// --debug, and looks for the passwords in all output and the debug log.
func TestSecretsNeverShown(t *testing.T) {
	good := randomSecret(t, "Good-")
	wrong := randomSecret(t, "Wrong-")
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "admin", good), kfake.SeedTopics(1, "secret-topic"))
	addr := kc.ListenAddrs()[0]
	env := configHome(t, `current_cluster: right
clusters:
  - name: right
    brokers: [`+addr+`]
    timeout: 5s
    sasl: {mechanism: PLAIN, username: admin, password: `+good+`}
  - name: bad
    brokers: [`+addr+`]
    timeout: 5s
    sasl: {mechanism: PLAIN, username: admin, password: `+wrong+`}
  - name: failing-cmd
    brokers: [`+addr+`]
    sasl: {mechanism: PLAIN, username: admin, password_cmd: "echo `+wrong+`; echo denied `+wrong+` >&2; exit 1"}
  - name: oauth
    brokers: [`+addr+`]
    sasl: {mechanism: OAUTHBEARER, token_url: "https://idp.example/t", client_id: c, client_secret: `+wrong+`}
`)
	// Readable by others: the warning must not show the secret either.
	if err := os.Chmod(ownConfig(env), 0o644); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "debug.log")
	flagConn := []string{"-b", addr, "--timeout", "5s", "--sasl-mechanism", "PLAIN", "--sasl-username", "admin"}
	runs := []struct {
		env  map[string]string
		args []string
		ok   bool
	}{
		{env, []string{"topics"}, true},
		{env, []string{"--cluster", "bad", "topics"}, false},
		{env, []string{"--cluster", "bad", "brokers"}, false},
		{env, []string{"--cluster", "failing-cmd", "topics"}, false},
		{env, []string{"--cluster", "oauth", "--timeout", "2s", "topics"}, false},
		{env, append(append([]string{}, flagConn...), "--sasl-password", good, "topics"), true},
		{env, append(append([]string{}, flagConn...), "--sasl-password", wrong, "groups"), false},
		{with(env, "KAFKATUI_SASL_PASSWORD", wrong), append(append([]string{}, flagConn...), "consume", "secret-topic", "-e"), false},
		{with(env, "KAFKATUI_SASL_PASSWORD", wrong, "KAFKATUI_TLS", "maybe"), []string{"topics"}, false},
		{with(env, "KAFKATUI_SASL_CLIENT_SECRET", wrong), []string{"--cluster", "oauth", "--sasl-client-id", "x", "topics"}, false},
		{env, []string{"config", "list"}, true},
		{env, []string{"config", "list", "--json"}, true},
	}
	var all strings.Builder
	for _, rn := range runs {
		r := runWith(t, runOpts{env: rn.env}, append([]string{"--debug", log}, rn.args...)...)
		if (r.code == 0) != rn.ok {
			t.Errorf("%v: exit %d\n%s", rn.args, r.code, r.stderr)
		}
		warned := strings.Count(r.stderr, "holds a literal secret and is readable by others (mode 0644): chmod 600 "+ownConfig(env))
		// A bad variable is refused before the file is read.
		if n := warned; n != 1 && rn.env["KAFKATUI_TLS"] == "" {
			t.Errorf("%v: the permission warning appears %d times:\n%s", rn.args, n, r.stderr)
		}
		all.WriteString(r.stdout + r.stderr)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	debug := string(b)
	if !strings.Contains(debug, "connect: cluster right") || !strings.Contains(debug, "password=<secret: literal>") ||
		!strings.Contains(debug, "exit 1: ") {
		t.Fatalf("the debug log lacks what a secret could hide in:\n%s", debug)
	}
	all.WriteString(debug)
	for _, s := range []string{good, wrong} {
		if i := strings.Index(all.String(), s); i >= 0 {
			t.Errorf("a password appears in the output or the debug log: ...%s...", all.String()[max(0, i-200):i])
		}
	}
}
