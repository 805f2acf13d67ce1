package kafkaops

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/internal/testkafka/testtls"
	"github.com/twmb/franz-go/pkg/kfake"
)

// envSystemRootsBroker tells the child process of TestTLSSystemRoots which
// broker to reach.
const envSystemRootsBroker = "KAFKATUI_TEST_SYSTEM_ROOTS_BROKER"

func TestTLSSystemRoots(t *testing.T) {
	// TLS without a CA file trusts the system roots. Go reads them once
	// per process, from SSL_CERT_FILE when set: a child process with the
	// test CA as its system roots must connect, where this one (TestTLS,
	// "no CA") is refused.
	if addr := os.Getenv(envSystemRootsBroker); addr != "" {
		c := topicsCluster(t, []string{addr}, func(cfg *Config) { cfg.Timeout = authTimeout; cfg.TLS = TLSConfig{Enabled: true} })
		authCheckList(t, c, "system-roots")
		return
	}
	certs := testtls.New(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.TLS(certs.Server), kfake.SeedTopics(1, "system-roots"))
	cmd := exec.Command(os.Args[0], "-test.run=^TestTLSSystemRoots$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), envSystemRootsBroker+"="+kc.ListenAddrs()[0], "SSL_CERT_FILE="+certs.CAFile, "SSL_CERT_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestTLSSystemRoots") {
		t.Fatalf("child with the test CA as system roots: %v\n%s", err, out)
	}
}

func TestConfigWarnings(t *testing.T) {
	cases := []struct {
		name     string
		cfg      Config
		insecure bool
		want     []string // substrings, one per warning, in order
	}{
		{"plain", Config{Brokers: []string{"kafka:9092"}}, false, nil},
		{"verified TLS", Config{Brokers: []string{"kafka:9093"}, TLS: TLSConfig{Enabled: true}}, false, nil},
		{"skip verify", Config{Brokers: []string{"kafka:9093"}, TLS: TLSConfig{InsecureSkipVerify: true}}, true, []string{"TLS certificate verification is off"}},
		{"PLAIN in clear", Config{Brokers: []string{"kafka:9092"}, SASL: SASLConfig{Mechanism: "plain", Username: "u"}}, false, []string{"SASL PLAIN without TLS"}},
		{"PLAIN on loopback", Config{Brokers: []string{"localhost:9092", "127.0.0.1:9093"}, SASL: SASLConfig{Mechanism: "PLAIN", Username: "u"}}, false, nil},
		{"PLAIN over TLS", Config{Brokers: []string{"kafka:9093"}, TLS: TLSConfig{Enabled: true}, SASL: SASLConfig{Mechanism: "PLAIN", Username: "u"}}, false, nil},
		{"token endpoint in clear", Config{Brokers: []string{"kafka:9093"}, TLS: TLSConfig{Enabled: true, InsecureSkipVerify: true},
			SASL: SASLConfig{Mechanism: "OAUTHBEARER", OAuth: OAuthConfig{TokenURL: "http://idp.corp/token"}}}, true,
			[]string{"TLS certificate verification is off", "token endpoint is plain HTTP"}},
		{"token endpoint on loopback", Config{Brokers: []string{"kafka:9093"}, SASL: SASLConfig{Mechanism: "OAUTHBEARER", OAuth: OAuthConfig{TokenURL: "http://127.0.0.1:8080/token"}}}, false, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cfg.Insecure(); got != tc.insecure {
				t.Errorf("Insecure = %v, want %v", got, tc.insecure)
			}
			got := tc.cfg.Warnings()
			if len(got) != len(tc.want) || !slices.EqualFunc(got, tc.want, strings.Contains) {
				t.Errorf("Warnings = %q, want %q", got, tc.want)
			}
		})
	}
}
