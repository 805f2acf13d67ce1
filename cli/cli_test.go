package cli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestNoCommandNeedsBrokers(t *testing.T) {
	r := run(t)
	if r.code != ExitUsage {
		t.Fatalf("exit %d, want %d", r.code, ExitUsage)
	}
	if !strings.Contains(r.stderr, "no brokers given") || r.stdout != "" {
		t.Fatalf("stderr %q stdout %q, want a no-brokers usage error", r.stderr, r.stdout)
	}
}

func TestUIFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"-b", "127.0.0.1:1", "--theme", "purple"},
		{"-b", "127.0.0.1:1", "--refresh", "1ms"},
		{"-b", "127.0.0.1:1", "--tail-buffer", "5"},
	} {
		r := run(t, args...)
		if r.code != ExitUsage || strings.Count(r.stderr, "\n") > 2 {
			t.Errorf("%v: exit %d stderr %q, want a short usage error", args, r.code, r.stderr)
		}
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	for _, args := range [][]string{
		{"topic", "create", "x", "-p", "1"},
		{"topic", "delete", "x"},
		{"produce", "x", "v"},
		{"group", "delete", "g"},
	} {
		r := run(t, append([]string{"-b", "127.0.0.1:1", "--read-only"}, args...)...)
		if r.code != ExitError || !strings.Contains(r.stderr, "refused: read-only mode") {
			t.Errorf("%v: exit %d stderr %q, want a read-only refusal", args, r.code, r.stderr)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	r := run(t, "--help").ok(t)
	for _, c := range []string{"topics", "topic", "brokers", "consume", "produce", "groups", "group", "demo", "completion", "config",
		"--brokers", "--sasl-mechanism", "--tls-ca", "--config", "--cluster", "--sasl-token-url", "--sasl-client-secret", "--aws-region"} {
		if !strings.Contains(r.stdout, c) {
			t.Errorf("--help does not mention %q:\n%s", c, r.stdout)
		}
	}
	r = run(t, "consume", "--help").ok(t)
	for _, s := range []string{"beginning", "s@UNIX-MS", "@-DURATION", "--key-delimiter"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("consume --help does not mention %q", s)
		}
	}
	run(t, "completion", "bash").ok(t)
}

func TestUsageErrors(t *testing.T) {
	b := "127.0.0.1:1"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"topics", "--frobnicate"}, "unknown flag: --frobnicate"},
		{"unknown shorthand", []string{"-b", b, "consume", "t", "-Q"}, "unknown shorthand flag: 'Q'"},
		{"missing topic", []string{"-b", b, "consume"}, "missing TOPIC"},
		{"too many args", []string{"-b", b, "topic", "describe", "a", "b"}, "too many arguments"},
		{"missing group", []string{"-b", b, "group", "describe"}, "missing GROUP"},
		{"bad int flag", []string{"-b", b, "consume", "t", "-c", "many"}, `invalid argument "many"`},
		{"bad partition list", []string{"-b", b, "consume", "t", "-p", "0,x"}, "invalid argument"},
		{"negative count", []string{"-b", b, "consume", "t", "-c", "-1"}, "--count must not be negative"},
		{"json and key delimiter", []string{"-b", b, "consume", "t", "--json", "-K", ":"}, "--json already includes the key"},
		{"bad header", []string{"-b", b, "produce", "t", "-H", "novalue", "v"}, `-H "novalue": want key=value`},
		{"empty header key", []string{"-b", b, "produce", "t", "-H", "=v", "v"}, `want key=value`},
		{"bad acks", []string{"-b", b, "produce", "t", "--acks", "some", "v"}, `--acks "some"`},
		{"bad compression", []string{"-b", b, "produce", "t", "-z", "brotli", "v"}, `--compression "brotli"`},
		{"key twice", []string{"-b", b, "produce", "t", "-k", "a", "-K", ":", "v"}, "-k and -K"},
		{"produce too many args", []string{"-b", b, "produce", "t", "hello", "world"}, "quote a value with spaces"},
		{"missing partitions", []string{"-b", b, "topic", "create", "t"}, `"partitions" not set`},
		{"zero partitions", []string{"-b", b, "topic", "create", "t", "--partitions", "0"}, "--partitions must be at least 1"},
		{"bad config", []string{"-b", b, "topic", "create", "t", "-p", "1", "--config", "retention.ms"}, `--config "retention.ms": want key=value`},
		{"no brokers", []string{"topics"}, "no brokers given"},
		{"bad timeout", []string{"-b", b, "--timeout", "soon", "topics"}, `invalid argument "soon"`},
		{"zero timeout", []string{"-b", b, "--timeout", "0s", "topics"}, "--timeout must be positive"},
		{"sasl user without mechanism", []string{"-b", b, "--sasl-username", "u", "topics"}, "without --sasl-mechanism"},
		{"sasl mechanism without user", []string{"-b", b, "--sasl-mechanism", "PLAIN", "topics"}, "needs --sasl-username"},
		{"args to the root", []string{"stray"}, `unknown command "stray"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run(t, tt.args...).usage(t, tt.want)
		})
	}
}

func TestEnvironment(t *testing.T) {
	r := runWith(t, runOpts{env: map[string]string{"KAFKATUI_TIMEOUT": "soon"}}, "-b", "127.0.0.1:1", "topics")
	r.usage(t, `KAFKATUI_TIMEOUT: invalid value "soon"`)

	// A password in the environment is never echoed, even when invalid.
	r = runWith(t, runOpts{env: map[string]string{"KAFKATUI_TLS": "maybe", "KAFKATUI_SASL_PASSWORD": "hunter2"}}, "-b", "127.0.0.1:1", "topics")
	r.usage(t, "KAFKATUI_TLS")

	// Brokers come from the environment; a flag wins over it.
	b := cluster(t)
	r = runWith(t, runOpts{env: map[string]string{"KAFKATUI_BROKERS": b}}, "brokers").ok(t)
	if !strings.Contains(r.stdout, "Controller:") {
		t.Fatalf("brokers via KAFKATUI_BROKERS: %s", r.stdout)
	}
	r = runWith(t, runOpts{env: map[string]string{"KAFKATUI_BROKERS": b, "KAFKATUI_TIMEOUT": "2s"}}, "-b", "127.0.0.1:1", "brokers")
	r.failed(t, "127.0.0.1:1")
}

func TestConnFlagsToConfig(t *testing.T) {
	c := connFlags{
		brokers: []string{" kafka-1 ", "kafka-2:9093", "", "[::1]"}, timeout: 3 * time.Second, clientID: "me",
		saslMechanism: "scram-sha-512", saslUsername: "alice", saslPassword: "s3cret",
		tls: true, tlsServerName: "kafka.internal",
	}
	all := map[string]bool{}
	for _, n := range envFlagNames {
		all[n] = true
	}
	build := func() (kafkaops.Config, error) {
		var cl config.Cluster
		if err := c.overlay(&cl, all); err != nil {
			return kafkaops.Config{}, err
		}
		if err := check(cl); err != nil {
			return kafkaops.Config{}, err
		}
		cfg, err := cl.Kafka(context.Background(), config.Resolver{})
		if err != nil {
			return kafkaops.Config{}, err
		}
		return cfg, cfg.Validate()
	}
	cfg, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(cfg.Brokers, ","), "kafka-1:9092,kafka-2:9093,[::1]:9092"; got != want {
		t.Errorf("brokers %q, want %q", got, want)
	}
	if cfg.Timeout != 3*time.Second || cfg.ClientID != "me" {
		t.Errorf("timeout %v client id %q", cfg.Timeout, cfg.ClientID)
	}
	if cfg.SASL.Mechanism != "SCRAM-SHA-512" || cfg.SASL.Username != "alice" || cfg.SASL.Password != "s3cret" {
		t.Errorf("sasl %q %q", cfg.SASL.Mechanism, cfg.SASL.Username)
	}
	if !cfg.TLS.Enabled || cfg.TLS.ServerName != "kafka.internal" || cfg.TLS.InsecureSkipVerify {
		t.Errorf("tls %+v", cfg.TLS)
	}
	c.tlsCA = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := build(); err == nil || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("missing CA file: %v", err)
	}
}

// TestUnreachableBroker checks that every command fails with one clear line
// when nothing listens, ended by the request timeout at the latest (not by
// the test's watchdog: how long it took depends on the machine).
func TestUnreachableBroker(t *testing.T) {
	cmds := [][]string{
		{"topics"},
		{"topic", "describe", "orders"},
		{"topic", "create", "orders", "--partitions", "1"},
		{"topic", "delete", "orders", "--yes"},
		{"brokers"},
		{"consume", "orders", "-e"},
		{"consume", "orders"},
		{"produce", "orders", "hello"},
		{"groups"},
		{"group", "describe", "billing"},
		{"group", "delete", "billing"},
	}
	const timeout = 2 * time.Second
	for _, args := range cmds {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			t.Parallel()
			r := run(t, append([]string{"-b", "127.0.0.1:1", "--timeout", timeout.String()}, args...)...)
			r.endedItself(t, "--timeout "+timeout.String())
			r.failed(t, "127.0.0.1:1")
		})
	}
}

// TestSilentBroker checks the same against a broker that accepts
// connections and never answers, the way a hung or firewalled one behaves:
// only the request timeout can end the wait, so the run ending before the
// test's watchdog shows it does.
func TestSilentBroker(t *testing.T) {
	addr := testkafka.Silent(t)
	const timeout = time.Second
	for _, args := range [][]string{
		{"topics"}, {"brokers"}, {"groups"}, {"topic", "describe", "orders"},
		{"consume", "orders", "-e"}, {"produce", "orders", "v"}, {"group", "describe", "g"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			t.Parallel()
			r := run(t, append([]string{"-b", addr, "--timeout", timeout.String()}, args...)...)
			r.endedItself(t, "--timeout "+timeout.String())
			r.failed(t, "")
		})
	}
}

func TestSASLFlags(t *testing.T) {
	c := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "admin", "plain-secret"),
		kfake.Superuser("SCRAM-SHA-256", "scram", "scram-secret"))
	b := strings.Join(c.ListenAddrs(), ",")

	run(t, "-b", b, "--sasl-mechanism", "PLAIN", "--sasl-username", "admin", "--sasl-password", "plain-secret", "brokers").ok(t)
	runWith(t, runOpts{env: map[string]string{"KAFKATUI_SASL_PASSWORD": "scram-secret"}},
		"-b", b, "--sasl-mechanism", "scram-sha-256", "--sasl-username", "scram", "brokers").ok(t)

	r := run(t, "-b", b, "--timeout", "5s", "--sasl-mechanism", "PLAIN", "--sasl-username", "admin", "--sasl-password", "wrong-hunter2", "topics")
	r.failed(t, "")
	if strings.Contains(r.stderr, "hunter2") {
		t.Fatalf("error message shows the password: %q", r.stderr)
	}
}

func TestTLSFlags(t *testing.T) {
	dir := t.TempDir()
	caFile, serverCert := selfSignedCA(t, dir)
	c := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.TLS(&tls.Config{Certificates: []tls.Certificate{serverCert}}))
	b := strings.Join(c.ListenAddrs(), ",")

	r := run(t, "-b", b, "--tls", "--tls-ca", caFile, "brokers").ok(t)
	if !strings.Contains(r.stdout, "Controller:") {
		t.Fatalf("brokers over TLS: %s", r.stdout)
	}
	run(t, "-b", b, "--tls-insecure-skip-verify", "brokers").ok(t)
	// Without the CA the broker's certificate is not trusted.
	run(t, "-b", b, "--timeout", "5s", "--tls", "topics").failed(t, "certificate")
}

// selfSignedCA writes a CA certificate to dir and returns its path and a
// server certificate for 127.0.0.1 signed by it.
func selfSignedCA(t *testing.T, dir string) (string, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kafkatui test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	srv := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srv, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return caFile, tls.Certificate{Certificate: [][]byte{srvDER}, PrivateKey: srvKey}
}

func TestCancelledRunIsClean(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runWith(t, runOpts{ctx: ctx}, "-b", cluster(t), "consume", testkafka.Topic(t, testkafka.Brokers(t), 1), "-o", "end")
	if r.code != 0 {
		t.Fatalf("consume with a cancelled context: exit %d, stderr %q", r.code, r.stderr)
	}
}
