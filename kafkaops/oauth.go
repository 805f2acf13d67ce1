package kafkaops

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/segmentio/kafka-go/sasl"
)

// kafka-go has no OAUTHBEARER. oauthMechanism speaks it as Kafka does
// (KIP-255, RFC 7628), with SASL extensions (KIP-342):
//
//	client: n,,\x01auth=Bearer <token>[\x01key=value...]\x01\x01
//	server: empty (accepted), or a JSON error such as {"status":"invalid_token"}
//	client: \x01 (acknowledging the error, as RFC 7628 asks)
//	server: SASL_AUTHENTICATION_FAILED with that JSON as its message
//
// kafka-go authenticates every new connection through one Mechanism, so
// tokens come from a shared tokenCache, fetched once and refreshed before
// they expire.

const oauthName = "OAUTHBEARER"

// oauthSep separates the parts of an OAUTHBEARER message (RFC 7628's kvsep).
const oauthSep = "\x01"

// Kafka's own checks on extensions (OAuthBearerClientInitialResponse) and on
// bearer tokens (RFC 6750's b64token).
var (
	oauthExtKey   = regexp.MustCompile(`^[A-Za-z]+$`)
	oauthExtValue = regexp.MustCompile(`^[\x21-\x7E \t\r\n]+$`)
	bearerToken   = regexp.MustCompile(`^[A-Za-z0-9\-._~+/]+=*$`)
)

type oauthMechanism struct {
	tokens *tokenCache
	// ext is the extensions part of the first message, "\x01k=v\x01k=v",
	// in key order, or empty.
	ext string
}

func newOAuthMechanism(cfg OAuthConfig, timeout time.Duration) (*oauthMechanism, error) {
	src, err := newTokenSource(cfg)
	if err != nil {
		return nil, err
	}
	ext, err := oauthExtensions(cfg.Extensions)
	if err != nil {
		return nil, err
	}
	return &oauthMechanism{tokens: newTokenCache(src, max(timeout, 30*time.Second)), ext: ext}, nil
}

// oauthExtensions checks extensions as the broker would and renders them.
func oauthExtensions(m map[string]string) (string, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		v := m[k]
		switch {
		case k == "auth":
			return "", fmt.Errorf("sasl %s: the extension name %q is reserved for the token", oauthName, k)
		case !oauthExtKey.MatchString(k):
			return "", fmt.Errorf("sasl %s: extension name %q: want letters only (KIP-342)", oauthName, k)
		case !oauthExtValue.MatchString(v):
			return "", fmt.Errorf("sasl %s: extension %q: the value must be printable ASCII, not empty (KIP-342)", oauthName, k)
		}
		b.WriteString(oauthSep + k + "=" + v)
	}
	return b.String(), nil
}

func (m *oauthMechanism) Name() string { return oauthName }

// Start gets a token (from the cache, or fetching one within ctx) and
// returns the client's first message.
func (m *oauthMechanism) Start(ctx context.Context) (sasl.StateMachine, []byte, error) {
	wait, cancel := beforeDeadline(ctx)
	defer cancel()
	tok, err := m.tokens.get(wait)
	if err != nil {
		return nil, nil, &connFailure{msg: err.Error(), err: err, local: true}
	}
	return &oauthSession{mech: m, tok: tok}, m.firstMessage(tok.value), nil
}

func (m *oauthMechanism) firstMessage(token string) []byte {
	return []byte("n,," + oauthSep + "auth=Bearer " + token + m.ext + oauthSep + oauthSep)
}

// oauthSession is one connection's exchange.
type oauthSession struct {
	mech *oauthMechanism
	tok  token
	// rejection is the broker's error challenge, once it has sent one.
	rejection *oauthRejection
}

// Next handles the broker's answer to the first message: empty means
// accepted; anything else is an error challenge, which RFC 7628 says to
// acknowledge with a lone \x01, after which the broker fails the exchange
// with the challenge as its error message (explained by explainFailure).
func (s *oauthSession) Next(_ context.Context, challenge []byte) (bool, []byte, error) {
	if s.rejection != nil {
		// The broker went on after the acknowledgement: it must not.
		return false, nil, fmt.Errorf("the broker rejected the token (%s)", s.rejection.reason())
	}
	if len(challenge) == 0 {
		return true, nil, nil
	}
	s.rejection = parseOAuthRejection(string(challenge))
	// An opaque token the broker refuses is fetched anew for the next
	// connection, instead of being reused until its (unknown) expiry.
	s.mech.tokens.invalidate(s.tok.value)
	return false, []byte(oauthSep), nil
}

// explainFailure turns the broker's error message for a failed exchange
// into what the user needs to know: that the broker rejected the token,
// the status it gave, and what the token itself says about its validity.
// The token is never shown.
func (s *oauthSession) explainFailure(brokerMsg string) string {
	r := s.rejection
	if r == nil {
		// Refused without a challenge, e.g. for a malformed extension.
		r = parseOAuthRejection(brokerMsg)
	}
	msg := "the broker rejected the token (" + r.reason() + ")"
	if hint := s.tok.validityHint(time.Now()); hint != "" {
		msg += "; " + hint
	} else if r.status == "invalid_token" {
		msg += "; the broker's log says why"
	}
	return msg
}

// oauthRejection is an RFC 7628 error challenge (section 3.2.2).
type oauthRejection struct {
	status, scope, openIDConfig string
	// raw is a non-JSON message, kept when there is nothing to parse.
	raw string
}

func parseOAuthRejection(s string) *oauthRejection {
	var body struct {
		Status       string `json:"status"`
		Scope        string `json:"scope"`
		OpenIDConfig string `json:"openid-configuration"`
	}
	s = strings.TrimSpace(s)
	if err := json.Unmarshal([]byte(s), &body); err != nil || body.Status == "" {
		return &oauthRejection{raw: s}
	}
	return &oauthRejection{status: body.Status, scope: body.Scope, openIDConfig: body.OpenIDConfig}
}

func (r *oauthRejection) reason() string {
	if r.status == "" {
		if r.raw == "" {
			return "no reason given"
		}
		return r.raw
	}
	s := "status " + r.status
	if r.scope != "" {
		s += ", scope needed: " + r.scope
	}
	if r.openIDConfig != "" {
		s += ", see " + r.openIDConfig
	}
	return s
}
