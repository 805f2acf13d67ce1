package kafkaops

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/internal/testkafka/testtls"
	"github.com/segmentio/kafka-go"
)

// These tests run the auth checks of auth_test.go against the SASL and TLS
// listeners of a real Apache Kafka node (scripts/integration.sh starts one);
// they skip on kfake and on the 3-node cluster, which has no such listeners.
// Topics are made through the PLAINTEXT listener and read through the
// secured one, so a success is the real broker answering.

func TestRealSASL(t *testing.T) {
	s, ok := testkafka.SASL()
	if !ok {
		t.Skip("no real SASL listener (" + testkafka.EnvSASLBootstrap + ")")
	}
	topic := testkafka.Topic(t, testkafka.Brokers(t), 2)
	addr := s.Brokers[0]
	if len(s.Mechanisms) == 0 {
		t.Fatalf("%s lists no mechanisms", testkafka.EnvSASLMechs)
	}
	for _, mech := range s.Mechanisms {
		t.Run(mech, func(t *testing.T) {
			withSASL := func(user, pass string) func(*Config) {
				return func(cfg *Config) {
					cfg.Timeout = authTimeout
					cfg.SASL = SASLConfig{Mechanism: strings.ToLower(mech), Username: user, Password: pass}
				}
			}
			c := topicsCluster(t, s.Brokers, withSASL(s.User, s.Password))
			authCheckList(t, c, topic)
			d, err := c.DescribeTopic(topicsCtx(t), topic)
			if err != nil || len(d.Partitions) != 2 {
				t.Fatalf("DescribeTopic over SASL %s: %v, %+v", mech, err, d)
			}
			info, err := c.DescribeCluster(topicsCtx(t))
			if err != nil || len(info.Brokers) == 0 || net.JoinHostPort(info.Brokers[0].Host, strconv.Itoa(info.Brokers[0].Port)) != addr {
				t.Fatalf("DescribeCluster over SASL %s: %v, %+v; want the SASL listener %s advertised", mech, err, info, addr)
			}

			// A wrong password names the mechanism, the user and the
			// broker on every path, and stays matchable.
			want := fmt.Sprintf("sasl %s authentication failed for user %q on %s", mech, s.User, addr)
			err = authFailure(t, topicsCluster(t, s.Brokers, withSASL(s.User, "wrong-"+s.Password)), want)
			t.Logf("wrong password: %v", err)
			if err != nil && !errors.Is(err, kafka.SASLAuthenticationFailed) {
				t.Errorf("%v does not wrap kafka.SASLAuthenticationFailed", err)
			}
			if err != nil && strings.Contains(err.Error(), "wrong-"+s.Password) {
				t.Errorf("the error shows the password: %v", err)
			}
			// So does a user the broker does not know.
			authFailure(t, topicsCluster(t, s.Brokers, withSASL("nobody", s.Password)),
				fmt.Sprintf("sasl %s authentication failed for user %q on %s", mech, "nobody", addr))
		})
	}

	t.Run("no SASL configured", func(t *testing.T) {
		// A SCRAM listener spoken to without SASL: the broker answers API
		// versions, then closes the connection. The failure comes within
		// the timeout (authFailure checks) and says what the listener wants.
		err := authFailure(t, topicsCluster(t, s.Brokers, func(cfg *Config) { cfg.Timeout = authTimeout }),
			fmt.Sprintf("broker %s closed the connection on the first request: the listener requires SASL authentication (it offers %s), which is not configured",
				addr, strings.Join(s.Mechanisms, ", ")))
		t.Logf("no SASL: %v", err)
	})
}

func TestRealTLS(t *testing.T) {
	s, ok := testkafka.TLS()
	if !ok {
		t.Skip("no real TLS listener (" + testkafka.EnvTLSBootstrap + ")")
	}
	topic := testkafka.Topic(t, testkafka.Brokers(t), 3)
	addr := s.Brokers[0]
	tlsCfg := func(tc TLSConfig) func(*Config) {
		return func(cfg *Config) { cfg.Timeout = authTimeout; cfg.TLS = tc }
	}

	t.Run("CA file", func(t *testing.T) {
		c := topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{CAFile: s.CAFile}))
		authCheckList(t, c, topic)
		d, err := c.DescribeTopic(topicsCtx(t), topic)
		if err != nil || len(d.Partitions) != 3 {
			t.Fatalf("DescribeTopic over TLS: %v, %+v", err, d)
		}
		if _, err := c.TopicConfigs(topicsCtx(t), topic); err != nil {
			t.Fatalf("TopicConfigs over TLS: %v", err)
		}
	})
	t.Run("skip verify", func(t *testing.T) {
		authCheckList(t, topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{InsecureSkipVerify: true})), topic)
	})
	t.Run("server name", func(t *testing.T) {
		authCheckList(t, topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{CAFile: s.CAFile, ServerName: "localhost"})), topic)
	})
	t.Run("no CA", func(t *testing.T) {
		err := authFailure(t, topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{Enabled: true})), "is signed by an unknown authority")
		if err != nil && !strings.Contains(err.Error(), "set the CA file") {
			t.Errorf("%v: want a hint to set the CA file", err)
		}
	})
	t.Run("wrong CA", func(t *testing.T) {
		other := testtls.New(t)
		authFailure(t, topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{CAFile: other.CAFile})),
			fmt.Sprintf("is signed by an unknown authority (it is not signed by the CA in %s)", other.CAFile))
	})
	t.Run("name mismatch", func(t *testing.T) {
		authFailure(t, topicsCluster(t, s.Brokers, tlsCfg(TLSConfig{CAFile: s.CAFile, ServerName: "kafka.example.com"})),
			"does not match its name")
	})
	t.Run("plaintext client", func(t *testing.T) {
		authFailure(t, topicsCluster(t, s.Brokers, func(cfg *Config) { cfg.Timeout = authTimeout }),
			fmt.Sprintf("broker %s expects TLS, which is not enabled", addr))
	})
	t.Run("TLS client on the plaintext listener", func(t *testing.T) {
		plain := testkafka.Brokers(t)
		t.Logf("TLS on plaintext: %v", authFailure(t, topicsCluster(t, plain, tlsCfg(TLSConfig{CAFile: s.CAFile})), "TLS"))
	})
}

func TestRealMutualTLS(t *testing.T) {
	s, ok := testkafka.TLS()
	if !ok || len(s.MTLSBrokers) == 0 {
		t.Skip("no real mTLS listener (" + testkafka.EnvMTLSBootstrap + ")")
	}
	topic := testkafka.Topic(t, testkafka.Brokers(t), 1)
	addr := s.MTLSBrokers[0]

	withCert := topicsCluster(t, s.MTLSBrokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: s.CAFile, CertFile: s.ClientCertFile, KeyFile: s.ClientKeyFile}
	})
	authCheckList(t, withCert, topic)

	noCert := topicsCluster(t, s.MTLSBrokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: s.CAFile}
	})
	authFailure(t, noCert, fmt.Sprintf("tls: broker %s requires a client certificate, and none is configured", addr))

	// A certificate from another CA is refused, and the message names it.
	other := testtls.New(t)
	wrongCert := topicsCluster(t, s.MTLSBrokers, func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.TLS = TLSConfig{CAFile: s.CAFile, CertFile: other.ClientCertFile, KeyFile: other.ClientKeyFile}
	})
	authFailure(t, wrongCert, fmt.Sprintf("tls: broker %s rejected the client certificate %s", addr, other.ClientCertFile))
}
