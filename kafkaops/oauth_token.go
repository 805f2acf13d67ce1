package kafkaops

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// token is an OAUTHBEARER bearer token and when to replace it.
type token struct {
	value string
	// expiry is when the token stops being valid; zero when unknown.
	expiry time.Time
	// refreshAt is when to start fetching a new one; zero means never
	// (a static token).
	refreshAt time.Time
}

// opaqueTokenLifetime is how long a token of unknown expiry (no expires_in,
// no JWT exp claim) from a command or an endpoint is used before the source
// is asked again. A rejected token is dropped at once in any case.
const opaqueTokenLifetime = 5 * time.Minute

// maxRefreshLead bounds how long before expiry a token is replaced.
const maxRefreshLead = 5 * time.Minute

// newToken works out a token's expiry from what its source said (expiresAt,
// zero when nothing) and its JWT exp claim, taking the earlier, and when to
// refresh it: a fifth of its lifetime before expiry, at most maxRefreshLead
// before, as Kafka's Java client does by default (80% of the lifetime).
func newToken(value string, expiresAt, now time.Time, refresh bool) token {
	t := token{value: value, expiry: expiresAt}
	if c, ok := parseJWTClaims(value); ok && !c.exp.IsZero() && (t.expiry.IsZero() || c.exp.Before(t.expiry)) {
		t.expiry = c.exp
	}
	if !refresh {
		return t
	}
	if t.expiry.IsZero() {
		t.refreshAt = now.Add(opaqueTokenLifetime)
		return t
	}
	lead := min(t.expiry.Sub(now)/5, maxRefreshLead)
	t.refreshAt = t.expiry.Add(-max(lead, 0))
	return t
}

// validityHint says what the token's JWT claims tell about it being
// rejected now: expired, or not yet valid. Empty when nothing is wrong with
// it that the client can see (or it is not a JWT).
func (t token) validityHint(now time.Time) string {
	c, ok := parseJWTClaims(t.value)
	if !ok {
		return ""
	}
	if !c.exp.IsZero() && !now.Before(c.exp) {
		return fmt.Sprintf("the token expired at %s (%s ago)", c.exp.UTC().Format(time.RFC3339), now.Sub(c.exp).Round(time.Second))
	}
	if !c.nbf.IsZero() && now.Before(c.nbf) {
		return fmt.Sprintf("the token is not valid before %s (is the clock right?)", c.nbf.UTC().Format(time.RFC3339))
	}
	return ""
}

// jwtClaims are the time claims of a JWT (RFC 7519), read without checking
// the signature: only to know when to refresh and to explain a rejection.
type jwtClaims struct {
	exp, nbf time.Time
}

func parseJWTClaims(tok string) (jwtClaims, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return jwtClaims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, false
	}
	var raw struct {
		Exp, Nbf json.Number
	}
	if err := json.Unmarshal(payload, &raw); err != nil {
		return jwtClaims{}, false
	}
	at := func(n json.Number) time.Time {
		f, err := n.Float64()
		if n == "" || err != nil || f <= 0 {
			return time.Time{}
		}
		return time.Unix(0, 0).Add(time.Duration(f * float64(time.Second)))
	}
	return jwtClaims{exp: at(raw.Exp), nbf: at(raw.Nbf)}, true
}

// tokenSource fetches a new token. String names it in messages without
// giving away a secret.
type tokenSource interface {
	fetch(ctx context.Context) (token, error)
	String() string
}

// tokenCache shares one token among all connections. A token due for
// refresh but still valid is returned at once while a new one is fetched in
// the background; callers without a usable token wait for the one fetch in
// progress (or their context). A fetch runs to its own timeout even when
// its first caller gives up, so a slow source still fills the cache for the
// next connection.
type tokenCache struct {
	src          tokenSource
	fetchTimeout time.Duration
	now          func() time.Time

	mu    sync.Mutex
	tok   token
	fetch *tokenFetch // in progress, or nil
}

type tokenFetch struct {
	done chan struct{}
	tok  token
	err  error
}

func newTokenCache(src tokenSource, fetchTimeout time.Duration) *tokenCache {
	return &tokenCache{src: src, fetchTimeout: fetchTimeout, now: time.Now}
}

// get returns a token to send now.
func (c *tokenCache) get(ctx context.Context) (token, error) {
	c.mu.Lock()
	now := c.now()
	tok := c.tok
	have := tok.value != ""
	if have && (tok.refreshAt.IsZero() || now.Before(tok.refreshAt)) {
		c.mu.Unlock()
		return tok, nil
	}
	f := c.fetch
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		c.fetch = f
		go c.run(f)
	}
	c.mu.Unlock()
	if have && (tok.expiry.IsZero() || now.Before(tok.expiry)) {
		return tok, nil
	}
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return token{}, fmt.Errorf("sasl %s: no token from %s yet: %w", oauthName, c.src, ctx.Err())
	}
}

func (c *tokenCache) run(f *tokenFetch) {
	ctx, cancel := context.WithTimeout(context.Background(), c.fetchTimeout)
	defer cancel()
	f.tok, f.err = c.src.fetch(ctx)
	if f.err != nil && errors.Is(f.err, context.DeadlineExceeded) && ctx.Err() != nil {
		f.err = fmt.Errorf("sasl %s: %s did not answer within %s", oauthName, c.src, c.fetchTimeout)
	}
	c.mu.Lock()
	if f.err == nil {
		c.tok = f.tok
	}
	c.fetch = nil
	c.mu.Unlock()
	close(f.done)
}

// invalidate drops value if it is the cached token, so the next connection
// fetches a new one.
func (c *tokenCache) invalidate(value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok.value == value {
		c.tok = token{}
	}
}
