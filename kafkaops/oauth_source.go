package kafkaops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kafkatui/kafkatui/internal/shellcmd"
)

// newTokenSource picks the one token source cfg names. Nothing is fetched
// or run here: tokens are got when a connection authenticates.
func newTokenSource(cfg OAuthConfig) (tokenSource, error) {
	var named []string
	if cfg.TokenURL != "" {
		named = append(named, "a token endpoint")
	}
	if cfg.TokenCmd != "" {
		named = append(named, "a token command")
	}
	if cfg.Token != "" {
		named = append(named, "a static token")
	}
	switch len(named) {
	case 0:
		return nil, fmt.Errorf("sasl %s needs a token source: a token endpoint URL with a client id and secret, a token command, or a token", oauthName)
	case 1:
	default:
		return nil, fmt.Errorf("sasl %s needs one token source, not %s", oauthName, strings.Join(named, " and "))
	}
	switch {
	case cfg.Token != "":
		if !bearerToken.MatchString(cfg.Token) {
			return nil, fmt.Errorf("sasl %s: the token is not a bearer token (want base64url characters on one line, no \"Bearer \" prefix)", oauthName)
		}
		return staticSource(cfg.Token), nil
	case cfg.TokenCmd != "":
		return cmdSource(cfg.TokenCmd), nil
	}
	u, err := url.Parse(cfg.TokenURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("sasl %s: token endpoint %q: want an http or https URL", oauthName, redactURL(cfg.TokenURL))
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, fmt.Errorf("sasl %s: the token endpoint %s needs a client id and a client secret", oauthName, redactURL(cfg.TokenURL))
	}
	return &endpointSource{
		url:    cfg.TokenURL,
		id:     cfg.ClientID,
		secret: cfg.ClientSecret,
		scopes: cfg.Scopes,
		client: &http.Client{},
	}, nil
}

// staticSource is a token given in the settings.
type staticSource string

func (s staticSource) fetch(context.Context) (token, error) {
	return newToken(string(s), time.Time{}, time.Now(), false), nil
}

func (staticSource) String() string { return "the configured token" }

// maxTokenOutput bounds what a token command may print: a JWT is a few
// kilobytes.
const maxTokenOutput = 1 << 20

// cmdSource runs a shell command that prints a token (for example a cloud
// CLI's "print access token" command).
type cmdSource string

func (cmdSource) String() string { return "the token command" }

func (s cmdSource) fetch(ctx context.Context) (token, error) {
	// In a process group of its own, ended whole at the timeout; output
	// over the limit is an error, not a token cut short.
	stdout, stderr, err := shellcmd.Run(ctx, string(s), maxTokenOutput)
	if ctx.Err() != nil {
		return token{}, fmt.Errorf("sasl %s: the token command did not finish in time: %w", oauthName, ctx.Err())
	}
	var tooMuch *shellcmd.TooMuchOutputError
	if errors.As(err, &tooMuch) {
		return token{}, fmt.Errorf("sasl %s: the token %w", oauthName, err)
	}
	if err != nil {
		msg := fmt.Sprintf("sasl %s: the token command failed (%v)", oauthName, err)
		if last := lastLine(stderr); last != "" {
			msg += ": " + last
		}
		return token{}, errors.New(msg)
	}
	v := strings.TrimSpace(stdout)
	if v == "" {
		return token{}, fmt.Errorf("sasl %s: the token command printed no token", oauthName)
	}
	if !bearerToken.MatchString(v) {
		return token{}, fmt.Errorf("sasl %s: the token command printed %d bytes that are not a bearer token (want base64url characters on one line)", oauthName, len(v))
	}
	return newToken(v, time.Time{}, time.Now(), true), nil
}

// endpointSource gets tokens from an OAuth 2 token endpoint with the
// client-credentials grant (RFC 6749 section 4.4), authenticating as Kafka's
// Java client does: HTTP basic with the form-encoded client id and secret.
type endpointSource struct {
	url, id, secret string
	scopes          []string
	client          *http.Client
}

func (s *endpointSource) String() string { return "token endpoint " + redactURL(s.url) }

func (s *endpointSource) fetch(ctx context.Context) (token, error) {
	tok, err := s.request(ctx)
	if err != nil && strings.Contains(err.Error(), s.secret) {
		// Never echo the secret, whatever the endpoint answered.
		err = errors.New(redact(err.Error(), s.secret))
	}
	return tok, err
}

func (s *endpointSource) request(ctx context.Context) (token, error) {
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(s.scopes) > 0 {
		form.Set("scope", strings.Join(s.scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, strings.NewReader(form.Encode()))
	if err != nil {
		return token{}, fmt.Errorf("sasl %s: %s: %v", oauthName, s, withoutURL(err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(s.id), url.QueryEscape(s.secret))
	start := time.Now()
	res, err := s.client.Do(req)
	if err != nil {
		err = withoutURL(err)
		if isTimeout(err) {
			return token{}, fmt.Errorf("sasl %s: %s did not answer within %s", oauthName, s, time.Since(start).Round(time.Millisecond))
		}
		return token{}, fmt.Errorf("sasl %s: cannot reach %s: %v", oauthName, s, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return token{}, fmt.Errorf("sasl %s: reading the answer of %s: %v", oauthName, s, err)
	}
	var answer struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		Error       string          `json:"error"`
		Description string          `json:"error_description"`
	}
	jsonErr := json.Unmarshal(body, &answer)
	if res.StatusCode/100 != 2 {
		msg := fmt.Sprintf("sasl %s: %s answered HTTP %s", oauthName, s, res.Status)
		if jsonErr == nil && answer.Error != "" {
			msg += ": " + answer.Error
			if answer.Description != "" {
				msg += " (" + answer.Description + ")"
			}
		}
		return token{}, errors.New(msg)
	}
	if jsonErr != nil {
		return token{}, fmt.Errorf("sasl %s: %s answered HTTP %s with no JSON token response (%s)", oauthName, s, res.Status, jsonErr)
	}
	if answer.AccessToken == "" {
		return token{}, fmt.Errorf("sasl %s: %s answered without an access_token", oauthName, s)
	}
	if !bearerToken.MatchString(answer.AccessToken) {
		return token{}, fmt.Errorf("sasl %s: %s answered with an access_token that is not a bearer token", oauthName, s)
	}
	var expiresAt time.Time
	if secs, ok := expiresIn(answer.ExpiresIn); ok {
		expiresAt = start.Add(time.Duration(secs * float64(time.Second)))
	}
	return newToken(answer.AccessToken, expiresAt, time.Now(), true), nil
}

// expiresIn reads expires_in, a number of seconds that some servers send
// as a string.
func expiresIn(raw json.RawMessage) (float64, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && f > 0
}

// withoutURL drops the URL from a *url.Error, whose message repeats it,
// user info and query included.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactURL shows a URL without user info or query, which may hold secrets.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	return u.String()
}

// lastLine is the last non-empty line of s, cut to a readable length.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	l := strings.TrimSpace(lines[len(lines)-1])
	if len(l) > 300 {
		l = l[:300] + "..."
	}
	return l
}
