package kafkaops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// kfake knows PLAIN and SCRAM only. For OAUTHBEARER and AWS_MSK_IAM these
// tests give a kfake broker the broker's side of the SASL exchange through
// control functions: the handshake accepts one mechanism (refusing others
// with the list, as Kafka does), and every authenticate request goes to
// auth. kfake then serves requests whether or not a connection
// authenticated, so each test also checks that auth saw the exchange. The
// real broker's OAUTHBEARER listener (auth_oauth_real_test.go) is the
// authority; these run everywhere and fast.

// saslExchange is the broker's side of one authenticate request: the
// bytes to answer with, or an error message failing the exchange.
type saslExchange func(authBytes []byte) (answer []byte, failure string)

// saslBroker is a one-broker kfake cluster whose SASL requests are answered
// by mechanism and auth. It records every authenticate payload.
type saslBroker struct {
	*kfake.Cluster
	mu       sync.Mutex
	payloads [][]byte
}

func newSASLBroker(t *testing.T, mechanism string, auth saslExchange, opts ...kfake.Opt) *saslBroker {
	t.Helper()
	b := &saslBroker{Cluster: testkafka.NewCluster(t, append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)}
	b.ControlKey(int16(kmsg.SASLHandshake), func(req kmsg.Request) (kmsg.Response, error, bool) {
		b.KeepControl()
		r := req.(*kmsg.SASLHandshakeRequest)
		resp := r.ResponseKind().(*kmsg.SASLHandshakeResponse)
		resp.SupportedMechanisms = []string{mechanism}
		if r.Mechanism != mechanism {
			resp.ErrorCode = kerr.UnsupportedSaslMechanism.Code
		}
		return resp, nil, true
	})
	b.ControlKey(int16(kmsg.SASLAuthenticate), func(req kmsg.Request) (kmsg.Response, error, bool) {
		b.KeepControl()
		r := req.(*kmsg.SASLAuthenticateRequest)
		b.mu.Lock()
		b.payloads = append(b.payloads, append([]byte(nil), r.SASLAuthBytes...))
		b.mu.Unlock()
		resp := r.ResponseKind().(*kmsg.SASLAuthenticateResponse)
		answer, failure := auth(r.SASLAuthBytes)
		if failure != "" {
			resp.ErrorCode = kerr.SaslAuthenticationFailed.Code
			resp.ErrorMessage = &failure
		}
		resp.SASLAuthBytes = answer
		return resp, nil, true
	})
	return b
}

func (b *saslBroker) seen() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.payloads)
}

// oauthBrokerSide is Kafka's OAuthBearerSaslServer in small: it parses
// the client's first message by RFC 7628 and accepts tokens valid says
// yes to, answering anything else with an invalid_token challenge, the
// client's \x01 acknowledgement with the failure, as Kafka does.
func oauthBrokerSide(t *testing.T, valid func(token string, ext map[string]string) bool) saslExchange {
	const challenge = `{"status":"invalid_token"}`
	return func(b []byte) ([]byte, string) {
		s := string(b)
		if s == "\x01" {
			return nil, challenge
		}
		rest, ok := strings.CutPrefix(s, "n,,\x01")
		if !ok || !strings.HasSuffix(rest, "\x01\x01") {
			t.Errorf("first message %q is not n,,\\x01...\\x01\\x01", s)
			return nil, "Invalid OAUTHBEARER client first message"
		}
		ext := map[string]string{}
		var tok string
		for _, kv := range strings.Split(strings.TrimSuffix(rest, "\x01\x01"), "\x01") {
			k, v, _ := strings.Cut(kv, "=")
			if k == "auth" {
				tok, ok = strings.CutPrefix(v, "Bearer ")
				if !ok {
					return nil, "Invalid OAUTHBEARER client first message"
				}
				continue
			}
			ext[k] = v
		}
		if !valid(tok, ext) {
			return []byte(challenge), ""
		}
		return []byte{}, ""
	}
}

func TestOAuthBearerAgainstKfake(t *testing.T) {
	const id, secret = "kafkatui-it", "client-secret-value"
	var mu sync.Mutex
	expired := false
	claims := func() map[string]any {
		mu.Lock()
		defer mu.Unlock()
		exp := time.Now().Add(time.Hour)
		if expired {
			exp = time.Now().Add(-time.Minute)
		}
		return map[string]any{"sub": "kafkatui", "iat": time.Now().Add(-2 * time.Minute).Unix(), "exp": exp.Unix()}
	}
	endpoint := newTokenEndpoint(t, id, secret, func() (int, any) {
		return http.StatusOK, map[string]any{"access_token": unsignedJWT(t, claims()), "token_type": "Bearer", "expires_in": 3600}
	})
	b := newSASLBroker(t, "OAUTHBEARER", oauthBrokerSide(t, func(tok string, ext map[string]string) bool {
		c, ok := parseJWTClaims(tok)
		return ok && time.Now().Before(c.exp) && ext["logicalCluster"] == "lkc-test"
	}), kfake.SeedTopics(1, "oauth-topic"))
	addr := b.ListenAddrs()[0]
	withOAuth := func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.SASL = SASLConfig{Mechanism: "OAUTHBEARER", OAuth: OAuthConfig{
			TokenURL: endpoint.URL + "/token", ClientID: id, ClientSecret: secret,
			Extensions: map[string]string{"logicalCluster": "lkc-test"},
		}}
	}

	c := topicsCluster(t, b.ListenAddrs(), withOAuth)
	authCheckList(t, c, "oauth-topic")
	if len(b.seen()) == 0 {
		t.Fatal("the broker saw no SASL authenticate request")
	}
	if n := endpoint.hits.Load(); n != 1 {
		t.Errorf("token endpoint called %d times for one cluster, want 1", n)
	}

	// An expired token: the broker's challenge is acknowledged and the
	// failure says the broker rejected the token, and why.
	mu.Lock()
	expired = true
	mu.Unlock()
	err := authFailure(t, topicsCluster(t, b.ListenAddrs(), withOAuth),
		fmt.Sprintf("sasl OAUTHBEARER authentication failed on %s: the broker rejected the token (status invalid_token); the token expired at", addr))
	t.Logf("expired token: %v", err)
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error shows the client secret: %v", err)
	}
	acked := false
	for _, p := range b.seen() {
		acked = acked || string(p) == "\x01"
	}
	if !acked {
		t.Error("the client never acknowledged the broker's error challenge with \\x01")
	}

	// A token endpoint that does not answer in time is named, not taken
	// for a silent broker. The token wait ends a tenth of the timeout (at
	// most 1s) before the request's own deadline, so that its error is the
	// one returned: with a 1s timeout that margin was 100ms, which a
	// loaded machine can take to hand the error back, and the request's
	// "no answer within 1s" won. A 10s timeout gives the full second; one
	// operation is enough to show it, since all share the connection path.
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(hang) // before Close, which waits for the handler
	slowC := topicsCluster(t, b.ListenAddrs(), func(cfg *Config) {
		withOAuth(cfg)
		cfg.Timeout = 10 * time.Second
		cfg.SASL.OAuth.TokenURL = slow.URL + "/token"
	})
	err = endsItself(t, "ListTopics", func(ctx context.Context) error { _, err := slowC.ListTopics(ctx); return err })
	if want := "sasl OAUTHBEARER: no token from token endpoint " + slow.URL + "/token yet"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ListTopics with a token endpoint that hangs: %v, want it to contain %q", err, want)
	}

	// A token endpoint that refuses the client fails before the broker is
	// asked, and says so.
	authFailure(t, topicsCluster(t, b.ListenAddrs(), func(cfg *Config) {
		withOAuth(cfg)
		cfg.SASL.OAuth.ClientSecret = "wrong-secret"
	}), "sasl OAUTHBEARER: token endpoint "+endpoint.URL+"/token answered HTTP 401 Unauthorized: invalid_client")
}

func TestAWSMSKIAMAgainstKfake(t *testing.T) {
	var mu sync.Mutex
	deny := ""
	b := newSASLBroker(t, "AWS_MSK_IAM", func(p []byte) ([]byte, string) {
		var m map[string]string
		if err := json.Unmarshal(p, &m); err != nil || m["action"] != "kafka-cluster:Connect" {
			return nil, "invalid payload"
		}
		mu.Lock()
		defer mu.Unlock()
		if deny != "" {
			return nil, deny
		}
		return []byte(`{"version":"2020_10_22","request-id":"r1"}`), ""
	}, kfake.SeedTopics(1, "iam-topic"))
	addr := b.ListenAddrs()[0]
	withIAM := func(cfg *Config) {
		cfg.Timeout = authTimeout
		cfg.SASL = SASLConfig{Mechanism: "AWS_MSK_IAM", AWS: AWSConfig{Region: "eu-west-1"}}
	}

	// No credentials: Open works, the first request fails with the reason.
	clearAWSEnvironment(t)
	err := authFailure(t, topicsCluster(t, b.ListenAddrs(), withIAM), "AWS_MSK_IAM: no AWS credentials found (environment, shared config, SSO, instance role)")
	t.Logf("no credentials: %v", err)
	if len(b.seen()) != 0 {
		t.Errorf("the broker got %d authenticate requests without credentials", len(b.seen()))
	}

	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDKAFKATUI")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-value")
	authCheckList(t, topicsCluster(t, b.ListenAddrs(), withIAM), "iam-topic")
	seen := b.seen()
	if len(seen) == 0 {
		t.Fatal("the broker saw no SASL authenticate request")
	}
	var p map[string]string
	if err := json.Unmarshal(seen[0], &p); err != nil {
		t.Fatal(err)
	}
	if p["host"] != "127.0.0.1" || !strings.HasPrefix(p["x-amz-credential"], "AKIDKAFKATUI/") || !strings.Contains(p["x-amz-credential"], "/eu-west-1/kafka-cluster/") {
		t.Errorf("payload %v: want host 127.0.0.1 and a credential scope in eu-west-1", p)
	}
	if strings.Contains(string(seen[0]), "aws-secret-value") {
		t.Error("the payload carries the secret key")
	}

	// The broker's refusal is passed on with the mechanism and broker.
	mu.Lock()
	deny = "[a1b2c3] Access denied"
	mu.Unlock()
	err = authFailure(t, topicsCluster(t, b.ListenAddrs(), withIAM),
		fmt.Sprintf("sasl AWS_MSK_IAM authentication failed on %s: [a1b2c3] Access denied", addr))
	t.Logf("denied: %v", err)
	if err != nil && strings.Contains(err.Error(), "aws-secret-value") {
		t.Errorf("error shows the secret key: %v", err)
	}
}

func TestSASLMechanismNotEnabled(t *testing.T) {
	// A mechanism the listener does not enable: the message lists the
	// ones it does (kafka-go itself only says UnsupportedSASLMechanism).
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "u", "p"))
	addr := kc.ListenAddrs()[0]
	for _, mech := range []SASLConfig{
		{Mechanism: "OAUTHBEARER", OAuth: OAuthConfig{Token: "abc"}},
		{Mechanism: "AWS_MSK_IAM", AWS: AWSConfig{Region: "eu-west-1"}},
	} {
		t.Run(mech.Mechanism, func(t *testing.T) {
			t.Setenv("AWS_ACCESS_KEY_ID", "AKIDKAFKATUI")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-value")
			err := authFailure(t, topicsCluster(t, kc.ListenAddrs(), func(cfg *Config) { cfg.Timeout = authTimeout; cfg.SASL = mech }),
				fmt.Sprintf("sasl %s is not enabled on broker %s (it offers: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)", mech.Mechanism, addr))
			if err != nil && !errors.Is(err, kafka.UnsupportedSASLMechanism) {
				t.Errorf("%v does not wrap kafka.UnsupportedSASLMechanism", err)
			}
		})
	}
}
