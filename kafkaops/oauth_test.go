package kafkaops

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// unsignedJWT makes a token Kafka's unsecured validator accepts: header
// {"alg":"none"}, the claims, and an empty signature.
func unsignedJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc(b) + "."
}

// tokenEndpoint is an OAuth 2 token endpoint for tests: it checks the
// client-credentials request and answers with what issue returns.
type tokenEndpoint struct {
	*httptest.Server
	id, secret string
	hits       atomic.Int64
	mu         sync.Mutex
	scopes     []string // scope parameter of the last request
	issue      func() (status int, body any)
}

func newTokenEndpoint(t testing.TB, id, secret string, issue func() (int, any)) *tokenEndpoint {
	t.Helper()
	e := &tokenEndpoint{id: id, secret: secret, issue: issue}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

func (e *tokenEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	e.hits.Add(1)
	w.Header().Set("Content-Type", "application/json")
	id, secret, ok := r.BasicAuth()
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/token":
		w.WriteHeader(http.StatusNotFound)
		return
	case r.ParseForm() != nil || r.PostForm.Get("grant_type") != "client_credentials":
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"unsupported_grant_type"}`)
		return
	case !ok || id != e.id || secret != e.secret:
		w.WriteHeader(http.StatusUnauthorized)
		// Some servers echo what they were sent; the client must not
		// pass that on.
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"bad credentials for %s (got %s)"}`, id, secret)
		return
	}
	e.mu.Lock()
	e.scopes = strings.Fields(r.PostForm.Get("scope"))
	e.mu.Unlock()
	status, body := e.issue()
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func TestOAuthFirstMessage(t *testing.T) {
	m, err := newOAuthMechanism(OAuthConfig{Token: "abc.def.ghi", Extensions: map[string]string{"traceId": "123", "logicalCluster": "lkc-1"}}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	sess, ir, err := m.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := "n,,\x01auth=Bearer abc.def.ghi\x01logicalCluster=lkc-1\x01traceId=123\x01\x01"
	if string(ir) != want {
		t.Errorf("first message %q, want %q", ir, want)
	}
	done, resp, err := sess.Next(context.Background(), nil)
	if !done || resp != nil || err != nil {
		t.Errorf("Next(empty) = %v, %q, %v; want done", done, resp, err)
	}

	// No extensions: the token is followed by the two separators only.
	m, _ = newOAuthMechanism(OAuthConfig{Token: "t0k3n"}, time.Second)
	if _, ir, _ := m.Start(context.Background()); string(ir) != "n,,\x01auth=Bearer t0k3n\x01\x01" {
		t.Errorf("first message %q", ir)
	}
}

func TestOAuthErrorChallenge(t *testing.T) {
	expired := unsignedJWT(t, map[string]any{"sub": "alice", "iat": time.Now().Add(-2 * time.Hour).Unix(), "exp": time.Now().Add(-time.Hour).Unix()})
	m, err := newOAuthMechanism(OAuthConfig{Token: expired}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	sess, _, err := m.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	challenge := `{"status":"invalid_token","scope":"kafka","openid-configuration":"https://idp/.well-known/openid-configuration"}`
	done, resp, err := sess.Next(context.Background(), []byte(challenge))
	if done || string(resp) != "\x01" || err != nil {
		t.Fatalf("Next(error challenge) = %v, %q, %v; want the \\x01 acknowledgement", done, resp, err)
	}
	got := sess.(*oauthSession).explainFailure(challenge)
	for _, want := range []string{"the broker rejected the token", "status invalid_token", "scope needed: kafka", "https://idp/.well-known/openid-configuration", "the token expired at"} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, expired) {
		t.Errorf("explanation shows the token: %q", got)
	}
	// A broker that goes on after the acknowledgement is refused.
	if _, _, err := sess.Next(context.Background(), []byte("more")); err == nil || !strings.Contains(err.Error(), "rejected the token") {
		t.Errorf("Next after the error = %v", err)
	}
	// A refusal without a challenge (a bad extension) keeps the broker's words.
	sess2, _, _ := m.Start(context.Background())
	if got := sess2.(*oauthSession).explainFailure("Authentication failed: 1 extensions are invalid!"); !strings.Contains(got, "extensions are invalid") {
		t.Errorf("explanation %q lacks the broker's message", got)
	}
}

func TestOAuthConfigErrors(t *testing.T) {
	ok := []string{"127.0.0.1:9092"}
	oauth := func(o OAuthConfig) Config {
		return Config{Brokers: ok, SASL: SASLConfig{Mechanism: "oauthbearer", OAuth: o}}
	}
	cases := []struct {
		name string
		cfg  Config
		want string // empty: valid
	}{
		{"endpoint", oauth(OAuthConfig{TokenURL: "https://idp.example.com/token", ClientID: "id", ClientSecret: "s"}), ""},
		{"command", oauth(OAuthConfig{TokenCmd: "echo x"}), ""},
		{"static", oauth(OAuthConfig{Token: "abc"}), ""},
		{"none", oauth(OAuthConfig{}), "sasl OAUTHBEARER needs a token source"},
		{"two", oauth(OAuthConfig{TokenURL: "https://idp/token", ClientID: "i", ClientSecret: "s", TokenCmd: "x"}), "needs one token source, not a token endpoint and a token command"},
		{"three", oauth(OAuthConfig{TokenURL: "https://idp/token", TokenCmd: "x", Token: "t"}), "not a token endpoint and a token command and a static token"},
		{"no secret", oauth(OAuthConfig{TokenURL: "https://idp/token", ClientID: "i"}), "needs a client id and a client secret"},
		{"not a URL", oauth(OAuthConfig{TokenURL: "idp/token", ClientID: "i", ClientSecret: "s"}), "want an http or https URL"},
		{"URL with secrets", oauth(OAuthConfig{TokenURL: "ftp://user:pw@idp/token?key=k1", ClientID: "i", ClientSecret: "s"}), `token endpoint "ftp://idp/token": want an http or https URL`},
		{"bearer prefix", oauth(OAuthConfig{Token: "Bearer abc"}), "the token is not a bearer token"},
		{"reserved extension", oauth(OAuthConfig{Token: "t", Extensions: map[string]string{"auth": "x"}}), `the extension name "auth" is reserved`},
		{"bad extension name", oauth(OAuthConfig{Token: "t", Extensions: map[string]string{"trace_id": "x"}}), `extension name "trace_id": want letters only`},
		{"bad extension value", oauth(OAuthConfig{Token: "t", Extensions: map[string]string{"trace": "a\x01b"}}), `extension "trace": the value must be printable ASCII`},
		{"aws", Config{Brokers: ok, SASL: SASLConfig{Mechanism: "aws_msk_iam"}}, ""},
		{"plain without user", Config{Brokers: ok, SASL: SASLConfig{Mechanism: "PLAIN", Password: "p"}}, "sasl PLAIN needs a username"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), "pw@") || strings.Contains(err.Error(), "k1")) {
				t.Errorf("Validate shows a secret of the URL: %v", err)
			}
		})
	}
}

func TestSCRAMPasswordNotInValidateError(t *testing.T) {
	// The SCRAM library quotes a password it cannot SASLprep.
	const pass = "hunter2\u0007bell"
	err := Config{Brokers: []string{"h:1"}, SASL: SASLConfig{Mechanism: "SCRAM-SHA-256", Username: "u", Password: pass}}.Validate()
	if err == nil {
		t.Fatal("Validate accepted a password SASLprep refuses")
	}
	if strings.Contains(err.Error(), pass) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Validate shows the password: %v", err)
	}
	t.Logf("Validate: %v", err)
}

func TestOAuthTokenEndpoint(t *testing.T) {
	const id, secret = "kafkatui-client", "s3cr3t-value"
	tok := unsignedJWT(t, map[string]any{"sub": "svc", "exp": time.Now().Add(time.Hour).Unix()})
	e := newTokenEndpoint(t, id, secret, func() (int, any) {
		return http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 600}
	})
	m, err := newOAuthMechanism(OAuthConfig{TokenURL: e.URL + "/token", ClientID: id, ClientSecret: secret, Scopes: []string{"kafka", "read"}}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// kafka-go authenticates connections concurrently: one fetch serves all.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, ir, err := m.Start(context.Background())
			if err != nil {
				t.Errorf("Start: %v", err)
				return
			}
			if !strings.Contains(string(ir), "auth=Bearer "+tok+"\x01") {
				t.Errorf("first message %q does not carry the endpoint's token", ir)
			}
		})
	}
	wg.Wait()
	if n := e.hits.Load(); n != 1 {
		t.Errorf("token endpoint called %d times, want 1", n)
	}
	e.mu.Lock()
	if strings.Join(e.scopes, " ") != "kafka read" {
		t.Errorf("scope sent %q, want \"kafka read\"", e.scopes)
	}
	e.mu.Unlock()
	// expires_in (10 min) wins over the JWT's exp (1 h): the earlier one.
	got := m.tokens.tok
	if d := time.Until(got.expiry); d > 10*time.Minute || d < 9*time.Minute {
		t.Errorf("expiry in %v, want about 10m (expires_in)", d)
	}
	if d := got.expiry.Sub(got.refreshAt); d < 119*time.Second || d > 121*time.Second {
		t.Errorf("refresh %v before expiry, want a fifth of the lifetime (2m)", d)
	}
}

func TestOAuthTokenRefresh(t *testing.T) {
	var n atomic.Int64
	src := &countingSource{next: func() token {
		i := n.Add(1)
		return token{value: fmt.Sprintf("tok%d", i)}
	}}
	now := time.Unix(1_700_000_000, 0)
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	c := newTokenCache(src, time.Second)
	c.now = func() time.Time { return time.Unix(0, clock.Load()) }
	src.stamp = func(t token) token { return newToken(t.value, c.now().Add(100*time.Second), c.now(), true) }

	ctx := context.Background()
	first, err := c.get(ctx)
	if err != nil || first.value != "tok1" {
		t.Fatalf("get = %v, %v", first, err)
	}
	// Before the refresh point (80 s into 100 s), the same token.
	clock.Store(now.Add(79 * time.Second).UnixNano())
	if got, _ := c.get(ctx); got.value != "tok1" || n.Load() != 1 {
		t.Fatalf("at 79s: %q after %d fetches", got.value, n.Load())
	}
	// Due but still valid: the old token at once, a new one fetched behind.
	clock.Store(now.Add(85 * time.Second).UnixNano())
	if got, _ := c.get(ctx); got.value != "tok1" {
		t.Fatalf("at 85s: %q, want the still valid tok1", got.value)
	}
	c.mu.Lock()
	f := c.fetch
	c.mu.Unlock()
	if f != nil { // else it is already done
		<-f.done
	}
	c.mu.Lock()
	refreshed := c.tok.value
	c.mu.Unlock()
	if refreshed != "tok2" || n.Load() != 2 {
		t.Fatalf("refreshed to %q after %d fetches, want tok2", refreshed, n.Load())
	}
	// Expired and due: callers wait for the new one.
	clock.Store(now.Add(500 * time.Second).UnixNano())
	if got, _ := c.get(ctx); got.value != "tok3" {
		t.Fatalf("after expiry: %q, want tok3", got.value)
	}
	// A rejected token is dropped; the next caller fetches.
	c.invalidate("tok3")
	if got, _ := c.get(ctx); got.value != "tok4" {
		t.Fatalf("after invalidate: %q, want tok4", got.value)
	}
	// invalidate of a token no longer cached changes nothing.
	c.invalidate("tok3")
	if got, _ := c.get(ctx); got.value != "tok4" {
		t.Fatalf("after a stale invalidate: %q, want tok4", got.value)
	}
}

// countingSource hands out tokens from next, stamped with an expiry.
type countingSource struct {
	next  func() token
	stamp func(token) token
}

func (s *countingSource) fetch(context.Context) (token, error) { return s.stamp(s.next()), nil }
func (s *countingSource) String() string                       { return "the test source" }

func TestOAuthTokenEndpointFailures(t *testing.T) {
	const id, secret = "kafkatui-client", "s3cr3t-value"
	fail := func(status int, body any) func() (int, any) { return func() (int, any) { return status, body } }
	start := func(t *testing.T, cfg OAuthConfig) error {
		t.Helper()
		m, err := newOAuthMechanism(cfg, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _, err = m.Start(ctx)
		if err == nil {
			t.Fatal("Start succeeded")
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows the client secret: %v", err)
		}
		return err
	}
	check := func(t *testing.T, err error, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}

	t.Run("wrong secret", func(t *testing.T) {
		e := newTokenEndpoint(t, id, "other", fail(200, nil))
		err := start(t, OAuthConfig{TokenURL: e.URL + "/token?tenant=t1", ClientID: id, ClientSecret: secret})
		check(t, err, "sasl OAUTHBEARER: token endpoint "+e.URL+"/token answered HTTP 401 Unauthorized: invalid_client (bad credentials for "+id)
		if strings.Contains(err.Error(), "tenant=t1") {
			t.Errorf("error shows the URL's query: %v", err)
		}
	})
	t.Run("server error without JSON", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "upstream down", http.StatusBadGateway)
		}))
		defer srv.Close()
		err := start(t, OAuthConfig{TokenURL: srv.URL, ClientID: id, ClientSecret: secret})
		check(t, err, "token endpoint "+srv.URL+" answered HTTP 502 Bad Gateway")
	})
	t.Run("no access token", func(t *testing.T) {
		e := newTokenEndpoint(t, id, secret, fail(200, map[string]any{"token_type": "Bearer"}))
		check(t, start(t, OAuthConfig{TokenURL: e.URL + "/token", ClientID: id, ClientSecret: secret}), "answered without an access_token")
	})
	t.Run("unreachable", func(t *testing.T) {
		err := start(t, OAuthConfig{TokenURL: "http://127.0.0.1:1/token", ClientID: id, ClientSecret: secret})
		check(t, err, "cannot reach token endpoint http://127.0.0.1:1/token", "connection refused")
	})
	t.Run("slow", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		// With a fetch timeout of an hour only the caller's context can end
		// the wait before the test's watchdog, however slow the machine.
		m, _ := newOAuthMechanism(OAuthConfig{TokenURL: srv.URL, ClientID: id, ClientSecret: secret}, time.Hour)
		err := endsItself(t, "Start with a 300ms context", func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			_, _, err := m.Start(ctx)
			return err
		})
		if err == nil {
			t.Fatal("Start succeeded, want a timeout within the context")
		}
		check(t, err, "no token from token endpoint "+srv.URL+" yet")
	})
}

func TestOAuthTokenCommand(t *testing.T) {
	dir := t.TempDir()
	tok := unsignedJWT(t, map[string]any{"sub": "svc", "exp": time.Now().Add(time.Hour).Unix()})
	tokFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokFile, []byte("  "+tok+"\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := newOAuthMechanism(OAuthConfig{TokenCmd: "cat " + tokFile}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_, ir, err := m.Start(context.Background())
	if err != nil || !strings.Contains(string(ir), "auth=Bearer "+tok+"\x01") {
		t.Fatalf("Start = %q, %v", ir, err)
	}
	if d := time.Until(m.tokens.tok.expiry); d < 59*time.Minute || d > time.Hour {
		t.Errorf("expiry in %v, want the JWT's exp (1h)", d)
	}

	fails := []struct{ cmd, want string }{
		{"echo 'not logged in: run login first' >&2; exit 3", "the token command failed (exit status 3): not logged in: run login first"},
		{"true", "the token command printed no token"},
		{"echo 'two words'", "the token command printed 9 bytes that are not a bearer token"},
	}
	for _, f := range fails {
		m, err := newOAuthMechanism(OAuthConfig{TokenCmd: f.cmd}, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := m.Start(context.Background()); err == nil || !strings.Contains(err.Error(), f.want) {
			t.Errorf("%s: Start = %v, want %q", f.cmd, err, f.want)
		}
	}

	// A command that hangs is stopped at the fetch timeout: it would sleep
	// an hour, so returning before the test's watchdog shows it was.
	c := newTokenCache(cmdSource("sleep 3600"), 200*time.Millisecond)
	err = endsItself(t, "a hanging token command", func(ctx context.Context) error { _, err := c.get(ctx); return err })
	if err == nil || !strings.Contains(err.Error(), "the token command did not answer within 200ms") {
		t.Errorf("hanging command: %v", err)
	}
}
