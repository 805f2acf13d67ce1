package cli

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestRealConfigFileClusters reaches the real node's SCRAM and mutual-TLS
// listeners through named clusters of a config file, switching between
// them with --cluster, as a user with several clusters does. It skips on
// kfake and on the 3-node cluster, which have no such listeners.
func TestRealConfigFileClusters(t *testing.T) {
	t.Parallel()
	s, okSASL := testkafka.SASL()
	tl, okTLS := testkafka.TLS()
	if !okSASL || !okTLS || len(tl.MTLSBrokers) == 0 {
		t.Skip("no real SASL and mTLS listeners (" + testkafka.EnvSASLBootstrap + ", " + testkafka.EnvMTLSBootstrap + ")")
	}
	mech := s.Mechanisms[len(s.Mechanisms)-1]
	env := configHome(t, `current_cluster: scram
defaults: {timeout: 10s}
clusters:
  - name: scram
    brokers: [`+strings.Join(s.Brokers, ", ")+`]
    sasl: {mechanism: `+mech+`, username: `+s.User+`, password_env: REAL_KAFKA_PASSWORD}
  - name: mtls
    brokers: [`+strings.Join(tl.MTLSBrokers, ", ")+`]
    tls: {ca_file: `+tl.CAFile+`, cert_file: `+tl.ClientCertFile+`, key_file: `+tl.ClientKeyFile+`}
`)
	env["REAL_KAFKA_PASSWORD"] = s.Password
	topic := testkafka.Topic(t, testkafka.Brokers(t), 1)
	runWith(t, runOpts{env: env}, "produce", topic, "-k", "via", "scram").ok(t)
	r := runWith(t, runOpts{env: env}, "--cluster", "mtls", "consume", topic, "-e", "-K", "=").ok(t)
	if r.stdout != "via=scram\n" {
		t.Errorf("consume over mTLS: %q", r.stdout)
	}
	// The wrong password from the environment wins over the file's source
	// and fails naming the mechanism and the user, never the password.
	r = runWith(t, runOpts{env: with(env, "KAFKATUI_SASL_PASSWORD", "wrong-hunter2")}, "topics")
	r.failed(t, "sasl "+mech+" authentication failed for user \""+s.User+"\"")
	if strings.Contains(r.stderr, "hunter2") {
		t.Errorf("the error shows the password: %q", r.stderr)
	}
}
