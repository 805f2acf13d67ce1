package cli

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// These tests run the commands through the SASL and TLS listeners of a real
// Apache Kafka node (scripts/integration.sh starts one), as a user with a
// secured production cluster would; they skip on kfake and on the 3-node
// cluster, which has no such listeners. The topic is made through the
// PLAINTEXT listener, so every success is the secured listener answering.

// securedRoundTrip produces one message through the secured listener with
// the connection flags conn and reads it back, and checks that brokers and
// topic describe work too.
func securedRoundTrip(t *testing.T, conn []string, advertised string) {
	t.Helper()
	topic := testkafka.Topic(t, testkafka.Brokers(t), 2)
	r := run(t, append(conn, "brokers")...).ok(t)
	host, port, _ := net.SplitHostPort(advertised)
	if !regexp.MustCompile(`(?m)^\s*\d+\s+` + regexp.QuoteMeta(host) + `\s+` + port + `\s`).MatchString(r.stdout) {
		t.Errorf("brokers does not show the secured listener %s:\n%s", advertised, r.stdout)
	}
	r = run(t, append(conn, "topic", "describe", topic)...).ok(t)
	if !strings.Contains(r.stdout, "Partitions:         2") {
		t.Errorf("topic describe:\n%s", r.stdout)
	}
	value := "secured-" + topic
	r = run(t, append(conn, "produce", topic, "-k", "k1", value)...).ok(t)
	if f := strings.Fields(r.stdout); len(f) != 2 {
		t.Fatalf("produce printed %q, want \"partition offset\"", r.stdout)
	}
	r = run(t, append(conn, "consume", topic, "-e", "-K", "=")...).ok(t)
	if r.stdout != "k1="+value+"\n" {
		t.Errorf("consume printed %q, want %q", r.stdout, "k1="+value+"\n")
	}
}

func TestRealSASLCommands(t *testing.T) {
	t.Parallel()
	s, ok := testkafka.SASL()
	if !ok {
		t.Skip("no real SASL listener (" + testkafka.EnvSASLBootstrap + ")")
	}
	b := strings.Join(s.Brokers, ",")
	for _, mech := range s.Mechanisms {
		t.Run(mech, func(t *testing.T) {
			conn := []string{"-b", b, "--timeout", "5s", "--sasl-mechanism", mech, "--sasl-username", s.User, "--sasl-password", s.Password}
			securedRoundTrip(t, conn, s.Brokers[0])

			// The password from the environment, the way the help recommends.
			runWith(t, runOpts{env: map[string]string{"KAFKATUI_SASL_PASSWORD": s.Password}},
				"-b", b, "--sasl-mechanism", strings.ToLower(mech), "--sasl-username", s.User, "topics").ok(t)

			// A wrong password: one line naming the mechanism and the user,
			// without the password.
			wrong := "wrong-hunter2"
			for _, args := range [][]string{{"topics"}, {"brokers"}, {"groups"}, {"group", "describe", "g"}, {"consume", "orders", "-e"}, {"produce", "orders", "v"}} {
				t.Run("wrong password "+args[0], func(t *testing.T) {
					r := run(t, append([]string{"-b", b, "--timeout", "5s", "--sasl-mechanism", mech, "--sasl-username", s.User, "--sasl-password", wrong}, args...)...)
					if strings.Contains(r.stderr, wrong) {
						t.Errorf("the error shows the password: %q", r.stderr)
					}
					r.failed(t, fmt.Sprintf("sasl %s authentication failed for user %q", mech, s.User))
				})
			}
		})
	}
	t.Run("no SASL", func(t *testing.T) {
		run(t, "-b", b, "--timeout", "5s", "topics").failed(t, "requires SASL authentication")
	})
}

func TestRealTLSCommands(t *testing.T) {
	t.Parallel()
	s, ok := testkafka.TLS()
	if !ok {
		t.Skip("no real TLS listener (" + testkafka.EnvTLSBootstrap + ")")
	}
	b := strings.Join(s.Brokers, ",")
	t.Run("CA", func(t *testing.T) {
		securedRoundTrip(t, []string{"-b", b, "--timeout", "5s", "--tls-ca", s.CAFile}, s.Brokers[0])
	})
	t.Run("CA from the environment", func(t *testing.T) {
		runWith(t, runOpts{env: map[string]string{"KAFKATUI_TLS": "true", "KAFKATUI_TLS_CA": s.CAFile}}, "-b", b, "topics").ok(t)
	})
	t.Run("no CA", func(t *testing.T) {
		run(t, "-b", b, "--timeout", "5s", "--tls", "topics").failed(t, "signed by an unknown authority")
	})
	t.Run("plaintext client", func(t *testing.T) {
		run(t, "-b", b, "--timeout", "5s", "topics").failed(t, "expects TLS")
	})
	if len(s.MTLSBrokers) == 0 {
		return
	}
	mb := strings.Join(s.MTLSBrokers, ",")
	t.Run("client certificate", func(t *testing.T) {
		securedRoundTrip(t, []string{"-b", mb, "--timeout", "5s", "--tls-ca", s.CAFile, "--tls-cert", s.ClientCertFile, "--tls-key", s.ClientKeyFile}, s.MTLSBrokers[0])
	})
	t.Run("no client certificate", func(t *testing.T) {
		run(t, "-b", mb, "--timeout", "5s", "--tls-ca", s.CAFile, "topics").failed(t, "requires a client certificate")
	})
}
