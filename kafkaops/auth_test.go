package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/internal/testkafka/testtls"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

// These tests use private kfake clusters with SASL or TLS listeners; they
// run the same with or without KAFKATUI_TEST_BROKERS.

const authTimeout = 5 * time.Second

// authCheckList lists topics through c and checks that seeded is there.
func authCheckList(t *testing.T, c *Cluster, seeded string) {
	t.Helper()
	got, err := c.ListTopics(topicsCtx(t))
	if err != nil {
		t.Fatalf("ListTopics: %v", err)
	}
	if _, ok := findSummary(got, seeded); !ok {
		t.Fatalf("ListTopics = %v, want %s in it", got, seeded)
	}
}

// authFailure runs every operation through c and checks that each fails
// within the timeout with an error containing want.
func authFailure(t *testing.T, c *Cluster, want string) error {
	t.Helper()
	var last error
	for name, op := range topicsOps(c) {
		err := endsItself(t, name, op)
		if err == nil {
			t.Errorf("%s succeeded", name)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q, want it to contain %q", name, err, want)
		}
		last = err
	}
	return last
}

func TestSASL(t *testing.T) {
	for _, mech := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		t.Run(mech, func(t *testing.T) {
			const user, pass = "kafkatui", "s3cret"
			kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(), kfake.Superuser(mech, user, pass), kfake.SeedTopics(2, "auth-"+strings.ToLower(mech)))
			addr := kc.ListenAddrs()[0]
			withSASL := func(p string) func(*Config) {
				return func(cfg *Config) {
					cfg.Timeout = authTimeout
					cfg.SASL = SASLConfig{Mechanism: strings.ToLower(mech), Username: user, Password: p}
				}
			}

			authCheckList(t, topicsCluster(t, kc.ListenAddrs(), withSASL(pass)), "auth-"+strings.ToLower(mech))

			// A wrong password names the mechanism, the user and the
			// broker, on every path (direct requests and kafka-go's).
			want := fmt.Sprintf("sasl %s authentication failed for user %q on %s", mech, user, addr)
			const wrong = "wr0ng-Pa55"
			err := authFailure(t, topicsCluster(t, kc.ListenAddrs(), withSASL(wrong)), want)
			if err != nil && !errors.Is(err, kafka.SASLAuthenticationFailed) {
				t.Errorf("%v does not wrap kafka.SASLAuthenticationFailed", err)
			}
			if err != nil && strings.Contains(err.Error(), wrong) {
				t.Errorf("the error shows the password: %v", err)
			}

			// No SASL at all against a SASL listener says what is missing,
			// and what the listener offers.
			authFailure(t, topicsCluster(t, kc.ListenAddrs(), func(cfg *Config) { cfg.Timeout = authTimeout }),
				fmt.Sprintf("broker %s closed the connection on the first request: the listener requires SASL authentication (it offers PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), which is not configured", addr))
		})
	}
}

func TestSASLOverTLS(t *testing.T) {
	// SASL_SSL, the usual production listener.
	certs := testtls.New(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.TLS(certs.Server), kfake.EnableSASL(),
		kfake.Superuser("SCRAM-SHA-512", "app", "pw"), kfake.SeedTopics(1, "sasl-ssl"))
	cfg := func(pass string) func(*Config) {
		return func(cfg *Config) {
			cfg.Timeout = authTimeout
			cfg.TLS = TLSConfig{CAFile: certs.CAFile}
			cfg.SASL = SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "app", Password: pass}
		}
	}
	authCheckList(t, topicsCluster(t, kc.ListenAddrs(), cfg("pw")), "sasl-ssl")
	authFailure(t, topicsCluster(t, kc.ListenAddrs(), cfg("nope")),
		fmt.Sprintf("sasl SCRAM-SHA-512 authentication failed for user %q on %s", "app", kc.ListenAddrs()[0]))
}

func TestTLS(t *testing.T) {
	certs := testtls.New(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(2), kfake.TLS(certs.Server), kfake.SeedTopics(3, "tls-topic"))
	brokers := kc.ListenAddrs()
	tlsCfg := func(tc TLSConfig) func(*Config) {
		return func(cfg *Config) { cfg.Timeout = authTimeout; cfg.TLS = tc }
	}

	t.Run("CA file", func(t *testing.T) {
		c := topicsCluster(t, brokers, tlsCfg(TLSConfig{CAFile: certs.CAFile}))
		authCheckList(t, c, "tls-topic")
		d, err := c.DescribeTopic(topicsCtx(t), "tls-topic")
		if err != nil || len(d.Partitions) != 3 {
			t.Fatalf("DescribeTopic over TLS: %v, %+v", err, d)
		}
	})
	t.Run("skip verify", func(t *testing.T) {
		authCheckList(t, topicsCluster(t, brokers, tlsCfg(TLSConfig{InsecureSkipVerify: true})), "tls-topic")
	})
	t.Run("server name", func(t *testing.T) {
		authCheckList(t, topicsCluster(t, brokers, tlsCfg(TLSConfig{CAFile: certs.CAFile, ServerName: "localhost"})), "tls-topic")
	})
	t.Run("no CA", func(t *testing.T) {
		err := authFailure(t, topicsCluster(t, brokers, tlsCfg(TLSConfig{Enabled: true})), "is signed by an unknown authority")
		if err != nil && !strings.Contains(err.Error(), "set the CA file") {
			t.Errorf("%v: want a hint to set the CA file", err)
		}
	})
	t.Run("wrong CA", func(t *testing.T) {
		other := testtls.New(t)
		authFailure(t, topicsCluster(t, brokers, tlsCfg(TLSConfig{CAFile: other.CAFile})),
			fmt.Sprintf("is signed by an unknown authority (it is not signed by the CA in %s)", other.CAFile))
	})
	t.Run("name mismatch", func(t *testing.T) {
		authFailure(t, topicsCluster(t, brokers, tlsCfg(TLSConfig{CAFile: certs.CAFile, ServerName: "kafka.example.com"})),
			"does not match its name")
	})
	t.Run("plaintext client", func(t *testing.T) {
		c := topicsCluster(t, []string{brokers[0]}, func(cfg *Config) { cfg.Timeout = authTimeout })
		authFailure(t, c, fmt.Sprintf("broker %s expects TLS, which is not enabled", brokers[0]))
	})
}

func TestTLSAgainstPlaintextListener(t *testing.T) {
	// A TLS client on a plaintext port: kfake, like some proxies, waits for
	// the rest of a "request" that is really a ClientHello. The error must
	// come within the timeout and point at TLS.
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1))
	const timeout = time.Second
	c := topicsCluster(t, kc.ListenAddrs(), func(cfg *Config) {
		cfg.Timeout = timeout
		cfg.TLS = TLSConfig{Enabled: true}
	})
	err := endsItself(t, "ListTopics", func(ctx context.Context) error { _, err := c.ListTopics(ctx); return err })
	if err == nil {
		t.Fatal("ListTopics succeeded")
	}
	if !strings.Contains(err.Error(), "a listener without TLS never completes a TLS handshake") {
		t.Errorf("error %q does not point at TLS", err)
	}
}

func TestMutualTLS(t *testing.T) {
	certs := testtls.New(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.TLS(certs.ServerMTLS), kfake.SeedTopics(1, "mtls-topic"))
	brokers := kc.ListenAddrs()

	withCert := topicsCluster(t, brokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: certs.CAFile, CertFile: certs.ClientCertFile, KeyFile: certs.ClientKeyFile}
	})
	authCheckList(t, withCert, "mtls-topic")

	noCert := topicsCluster(t, brokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: certs.CAFile}
	})
	authFailure(t, noCert, fmt.Sprintf("tls: broker %s requires a client certificate, and none is configured", brokers[0]))

	// A certificate from another CA is refused, and the message names it.
	other := testtls.New(t)
	wrongCert := topicsCluster(t, brokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: certs.CAFile, CertFile: other.ClientCertFile, KeyFile: other.ClientKeyFile}
	})
	authFailure(t, wrongCert, fmt.Sprintf("tls: broker %s rejected the client certificate %s", brokers[0], other.ClientCertFile))
}

func TestConnErrKeepsOtherErrors(t *testing.T) {
	// Errors that are not about the connection pass through, minus
	// kafka-go's method prefix, and stay matchable.
	c := topicsCluster(t, []string{"127.0.0.1:1"})
	ctx := context.Background()
	in := fmt.Errorf("kafka.(*Client).Produce: %w", kafka.MessageSizeTooLarge)
	out := c.connErr(ctx, in)
	if !errors.Is(out, kafka.MessageSizeTooLarge) || strings.Contains(out.Error(), "kafka.(") {
		t.Errorf("connErr(%v) = %v", in, out)
	}
	if c.connErr(ctx, nil) != nil {
		t.Error("connErr(nil) != nil")
	}
	canceled := c.connErr(ctx, fmt.Errorf("kafka.(*Client).Metadata: %w", context.Canceled))
	if !errors.Is(canceled, context.Canceled) {
		t.Errorf("connErr(canceled) = %v", canceled)
	}
	be := &brokerError{code: kafka.TopicAlreadyExists, msg: "Topic 'x' already exists."}
	if got := c.connErr(ctx, be); got != be {
		t.Errorf("connErr re-explained %v as %v", be, got)
	}
	if got := be.Error(); got != "topic already exists: Topic 'x' already exists." {
		t.Errorf("brokerError = %q", got)
	}
	if !slices.Contains([]string{"kafka error code 32767"}, brokerCodeError(32767, "").Error()) {
		t.Errorf("unknown code: %q", brokerCodeError(32767, ""))
	}
}
