package kafkaops

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
)

// TestRealOAuthBearer authenticates with OAUTHBEARER against the real
// single node's OAUTHBEARER listener, whose validator is Kafka's unsecured
// one: it accepts unsigned JWTs with a sub claim and an exp in the future.
// Tokens come from a token endpoint started here. It skips on kfake and on
// the 3-node cluster, which have no such listener.
func TestRealOAuthBearer(t *testing.T) {
	brokers, ok := testkafka.OAuth()
	if !ok {
		t.Skip("no real OAUTHBEARER listener (" + testkafka.EnvOAuthBootstrap + ")")
	}
	topic := testkafka.Topic(t, testkafka.Brokers(t), 2)
	addr := brokers[0]

	const id, secret = "kafkatui-it", "it-client-secret"
	var mu sync.Mutex
	claims := map[string]any{} // overrides of the next tokens' claims
	lifetime := time.Hour
	setToken := func(c map[string]any, l time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		claims, lifetime = c, l
	}
	endpoint := newTokenEndpoint(t, id, secret, func() (int, any) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		c := map[string]any{"sub": "kafkatui", "iat": now.Add(-time.Minute).Unix(), "exp": now.Add(lifetime).Unix()}
		for k, v := range claims {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return http.StatusOK, map[string]any{"access_token": unsignedJWT(t, c), "token_type": "Bearer", "expires_in": int(lifetime.Seconds())}
	})
	withOAuth := func(o OAuthConfig) func(*Config) {
		return func(cfg *Config) {
			cfg.Timeout = authTimeout
			cfg.SASL = SASLConfig{Mechanism: "OAUTHBEARER", OAuth: o}
		}
	}
	fromEndpoint := OAuthConfig{TokenURL: endpoint.URL + "/token", ClientID: id, ClientSecret: secret, Scopes: []string{"kafka"}}

	t.Run("token endpoint", func(t *testing.T) {
		c := topicsCluster(t, brokers, withOAuth(fromEndpoint))
		authCheckList(t, c, topic)
		d, err := c.DescribeTopic(topicsCtx(t), topic)
		if err != nil || len(d.Partitions) != 2 {
			t.Fatalf("DescribeTopic over OAUTHBEARER: %v, %+v", err, d)
		}
		info, err := c.DescribeCluster(topicsCtx(t))
		if err != nil || len(info.Brokers) == 0 || net.JoinHostPort(info.Brokers[0].Host, strconv.Itoa(info.Brokers[0].Port)) != addr {
			t.Fatalf("DescribeCluster over OAUTHBEARER: %v, %+v; want the OAUTHBEARER listener %s advertised", err, info, addr)
		}
		if n := endpoint.hits.Load(); n != 1 {
			t.Errorf("token endpoint called %d times, want 1 (the token is shared by all connections)", n)
		}
	})
	t.Run("extensions", func(t *testing.T) {
		o := fromEndpoint
		o.Extensions = map[string]string{"traceId": "kafkatui-1", "tenant": "acme"}
		authCheckList(t, topicsCluster(t, brokers, withOAuth(o)), topic)
	})
	t.Run("token command", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "token")
		tok := unsignedJWT(t, map[string]any{"sub": "kafkatui", "exp": time.Now().Add(time.Hour).Unix()})
		if err := os.WriteFile(f, []byte(tok+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		authCheckList(t, topicsCluster(t, brokers, withOAuth(OAuthConfig{TokenCmd: "cat " + f})), topic)
	})
	t.Run("static token", func(t *testing.T) {
		tok := unsignedJWT(t, map[string]any{"sub": "kafkatui", "exp": time.Now().Add(time.Hour).Unix()})
		authCheckList(t, topicsCluster(t, brokers, withOAuth(OAuthConfig{Token: tok})), topic)
	})

	t.Run("expired token", func(t *testing.T) {
		setToken(nil, -time.Minute)
		defer setToken(nil, time.Hour)
		err := authFailure(t, topicsCluster(t, brokers, withOAuth(fromEndpoint)),
			fmt.Sprintf("sasl OAUTHBEARER authentication failed on %s: the broker rejected the token (status invalid_token); the token expired at", addr))
		t.Logf("expired token: %v", err)
		if err != nil && !errors.Is(err, kafka.SASLAuthenticationFailed) {
			t.Errorf("%v does not wrap kafka.SASLAuthenticationFailed", err)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("the error shows the client secret: %v", err)
		}
	})
	t.Run("token without sub", func(t *testing.T) {
		setToken(map[string]any{"sub": nil}, time.Hour)
		defer setToken(nil, time.Hour)
		err := authFailure(t, topicsCluster(t, brokers, withOAuth(fromEndpoint)),
			fmt.Sprintf("sasl OAUTHBEARER authentication failed on %s: the broker rejected the token (status invalid_token); the broker's log says why", addr))
		t.Logf("token without sub: %v", err)
	})
	t.Run("token endpoint refuses the client", func(t *testing.T) {
		o := fromEndpoint
		o.ClientSecret = "not-the-secret"
		err := authFailure(t, topicsCluster(t, brokers, withOAuth(o)),
			"sasl OAUTHBEARER: token endpoint "+endpoint.URL+"/token answered HTTP 401 Unauthorized: invalid_client")
		if err != nil && strings.Contains(err.Error(), "not-the-secret") {
			t.Errorf("the error shows the client secret: %v", err)
		}
	})

	t.Run("SCRAM on the OAUTHBEARER listener", func(t *testing.T) {
		err := authFailure(t, topicsCluster(t, brokers, func(cfg *Config) {
			cfg.Timeout = authTimeout
			cfg.SASL = SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "kafkatui", Password: "kafkatui-secret"}
		}), fmt.Sprintf("sasl SCRAM-SHA-512 is not enabled on broker %s (it offers: OAUTHBEARER)", addr))
		if err != nil && !errors.Is(err, kafka.UnsupportedSASLMechanism) {
			t.Errorf("%v does not wrap kafka.UnsupportedSASLMechanism", err)
		}
	})
	t.Run("OAUTHBEARER on the SCRAM listener", func(t *testing.T) {
		s, ok := testkafka.SASL()
		if !ok {
			t.Skip("no real SASL listener")
		}
		authFailure(t, topicsCluster(t, s.Brokers, withOAuth(fromEndpoint)),
			fmt.Sprintf("sasl OAUTHBEARER is not enabled on broker %s (it offers: %s)", s.Brokers[0], strings.Join(s.Mechanisms, ", ")))
	})
	t.Run("no SASL configured", func(t *testing.T) {
		authFailure(t, topicsCluster(t, brokers, func(cfg *Config) { cfg.Timeout = authTimeout }),
			fmt.Sprintf("broker %s closed the connection on the first request: the listener requires SASL authentication (it offers OAUTHBEARER), which is not configured", addr))
	})
}
