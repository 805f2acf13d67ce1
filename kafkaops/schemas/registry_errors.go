package schemas

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/twmb/franz-go/pkg/sr"
)

// Kinds of registry failure, for errors.Is on the errors of Registry.
var (
	// ErrUnreachable: no answer (refused, no such host, timed out, TLS).
	ErrUnreachable = errors.New("schema registry unreachable")
	// ErrUnauthorized: 401, credentials missing or refused.
	ErrUnauthorized = errors.New("schema registry: unauthorized")
	// ErrForbidden: 403, the credentials may not do this.
	ErrForbidden = errors.New("schema registry: forbidden")
	// ErrNotFound: no such schema id, subject or version.
	ErrNotFound = errors.New("schema registry: not found")
	// ErrNotRegistry: the URL answers, but not as a Schema Registry (an
	// HTML page, a proxy's login form, JSON of another API).
	ErrNotRegistry = errors.New("not a schema registry")
	// ErrIncompatible: the registry refused a schema as incompatible.
	ErrIncompatible = errors.New("schema registry: incompatible schema")
	// ErrInvalid: the registry refused a schema or request as invalid.
	ErrInvalid = errors.New("schema registry: invalid schema")
	// ErrFailed: the registry answered with another error (a 5xx...).
	ErrFailed = errors.New("schema registry: request failed")
)

// Error is a registry failure said in words. errors.Is matches its Kind
// and errors.As reaches the cause (an *sr.ResponseError for answers).
type Error struct {
	Kind error
	msg  string
	err  error
}

func (e *Error) Error() string { return e.msg }

// Unwrap gives the kind and the cause.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.err} }

// maxBody bounds an answer read from the registry: a wrong URL may serve
// anything, and a schema list is far below this.
const maxBody = 64 << 20

// guardTransport turns an HTML answer into an error before the client
// tries to read it as JSON, and bounds the size of every answer.
type guardTransport struct{ rt http.RoundTripper }

// notRegistryError is an HTML answer.
type notRegistryError struct{ status int }

func (e *notRegistryError) Error() string { return fmt.Sprintf("answered HTML (HTTP %d)", e.status) }

func (g guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := g.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	s := resp.StatusCode
	// Redirects are followed (a login page comes after one); 401 and 403
	// say more than the page that comes with them.
	body := bufio.NewReader(&limitedBody{r: resp.Body})
	if (s < 300 || s >= 400) && s != http.StatusUnauthorized && s != http.StatusForbidden && isHTML(resp.Header.Get("Content-Type"), body) {
		resp.Body.Close()
		return nil, &notRegistryError{status: s}
	}
	resp.Body = readCloser{body, resp.Body}
	return resp, nil
}

// isHTML tells an HTML answer by its content type or, when that says
// neither JSON nor HTML (some proxies send none, or text/plain), by its
// first character.
func isHTML(ctype string, body *bufio.Reader) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	switch {
	case err == nil && (mt == "text/html" || mt == "application/xhtml+xml"):
		return true
	case err == nil && strings.HasSuffix(mt, "json"):
		return false
	}
	head, _ := body.Peek(512)
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	return len(head) > 0 && head[0] == '<'
}

// readCloser reads through the buffer and closes the answer's body.
type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// limitedBody fails a read past maxBody instead of cutting the answer.
type limitedBody struct {
	r io.ReadCloser
	n int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if b.n += int64(n); b.n > maxBody {
		return n, fmt.Errorf("the answer is larger than %d MiB", maxBody>>20)
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.r.Close() }

// target is what a request was about, for not-found messages.
type target struct {
	id      int
	subject string
	version int
}

// explain turns a client error into one sentence naming what failed:
// what is the request's object ("schema id 7", `subject "orders-value"`).
func (r *Registry) explain(err error, what string, t target) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	mk := func(kind error, format string, a ...any) error {
		return &Error{Kind: kind, msg: fmt.Sprintf(format, a...), err: err}
	}
	var html *notRegistryError
	if errors.As(err, &html) {
		return mk(ErrNotRegistry, "%s answered HTML, not a Schema Registry (check the URL)", r.url)
	}
	var re *sr.ResponseError
	if errors.As(err, &re) {
		return r.explainResponse(re, what, t, mk)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) {
		return mk(ErrNotRegistry, "%s answered something other than Schema Registry JSON, not a Schema Registry (check the URL)", r.url)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return r.explainTransport(ue, mk)
	}
	return mk(ErrFailed, "schema registry %s: %s: %v", r.url, what, err)
}

func (r *Registry) explainResponse(re *sr.ResponseError, what string, t target, mk func(error, string, ...any) error) error {
	msg := short(re.Message)
	switch {
	case re.StatusCode == http.StatusUnauthorized && r.creds:
		return mk(ErrUnauthorized, "schema registry %s refused the credentials (401 Unauthorized): check the username and password, or the token", r.url)
	case re.StatusCode == http.StatusUnauthorized:
		return mk(ErrUnauthorized, "schema registry %s needs credentials (401 Unauthorized): set a username and password, or a token", r.url)
	case re.StatusCode == http.StatusForbidden:
		return mk(ErrForbidden, "schema registry %s: these credentials are not allowed to read or change %s (403 Forbidden)", r.url, what)
	case re.ErrorCode == sr.ErrSchemaNotFound.Code && t.id > 0:
		return mk(ErrNotFound, "schema id %d not found in the schema registry %s", t.id, r.url)
	case re.ErrorCode == sr.ErrSubjectNotFound.Code:
		return mk(ErrNotFound, "subject %q not found in the schema registry %s", t.subject, r.url)
	case re.ErrorCode == sr.ErrVersionNotFound.Code:
		return mk(ErrNotFound, "subject %q has no version %d in the schema registry %s", t.subject, t.version, r.url)
	case re.ErrorCode == sr.ErrSchemaNotFound.Code:
		return mk(ErrNotFound, "%s: schema not found in the schema registry %s", what, r.url)
	case re.ErrorCode == sr.ErrSubjectSoftDeleted.Code || re.ErrorCode == sr.ErrSchemaVersionSoftDeleted.Code:
		return mk(ErrNotFound, "%s is soft deleted (delete it with --permanent to remove it for good): %s", what, msg)
	case re.ErrorCode == sr.ErrSubjectNotSoftDeleted.Code || re.ErrorCode == sr.ErrSchemaVersionNotSoftDeleted.Code:
		return mk(ErrInvalid, "%s must be deleted (soft) before it is deleted permanently", what)
	case re.ErrorCode == sr.ErrIncompatibleSchema.Code:
		return mk(ErrIncompatible, "%s: the schema is incompatible with an earlier version: %s", what, msg)
	case re.ErrorCode == sr.ErrReferenceExists.Code:
		return mk(ErrInvalid, "%s is referenced by other schemas: delete those first (%s)", what, msg)
	case sr.IsInvalidRequestError(re.ErrorCode):
		return mk(ErrInvalid, "%s: %s: %s", what, sr.ErrorForCode(re.ErrorCode).Description, msg)
	case re.ErrorCode == 0 && re.StatusCode == http.StatusNotFound:
		// A 404 without the registry's error body: the URL's path is not
		// a registry API (Apicurio serves it under /apis/ccompat/v7).
		return mk(ErrNotRegistry, "%s answered 404 Not Found without a Schema Registry error, not a Schema Registry API at this URL (check the URL and its path, e.g. /apis/ccompat/v7 for Apicurio)", r.url)
	case re.ErrorCode == 0:
		return mk(ErrFailed, "schema registry %s: %s failed: HTTP %d %s", r.url, what, re.StatusCode, short(string(re.Raw)))
	}
	return mk(ErrFailed, "schema registry %s: %s failed: %s (HTTP %d, error %d)", r.url, what, msg, re.StatusCode, re.ErrorCode)
}

func (r *Registry) explainTransport(ue *url.Error, mk func(error, string, ...any) error) error {
	var dns *net.DNSError
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	switch {
	case ue.Timeout():
		return mk(ErrUnreachable, "schema registry %s did not answer within %s", r.url, r.timeout)
	case errors.As(ue, &cert) || errors.As(ue, &unknown) || errors.As(ue, &host):
		return mk(ErrUnreachable, "schema registry %s: its TLS certificate is not trusted (set tls.ca_file): %v", r.url, innermost(ue))
	case errors.As(ue, &dns):
		return mk(ErrUnreachable, "schema registry %s unreachable: no such host %s", r.url, dns.Name)
	case errors.As(ue, &op):
		return mk(ErrUnreachable, "schema registry %s unreachable: %v", r.url, op)
	}
	return mk(ErrUnreachable, "schema registry %s unreachable: %v", r.url, innermost(ue))
}

// innermost is the cause below the URL wrappers, which repeat the URL.
func innermost(err error) error {
	for {
		var ue *url.Error
		if !errors.As(err, &ue) {
			return err
		}
		err = ue.Err
	}
}

// short keeps a registry's message to one line of reasonable length.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
