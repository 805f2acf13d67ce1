package schemas

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"golang.org/x/sync/singleflight"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// DefaultTimeout bounds each request to the registry when
// RegistryConfig.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// maxConnsPerHost bounds the connections to the registry: listing
// subjects asks for each one's compatibility at once, and a registry
// with thousands of subjects must not get thousands of connections.
const maxConnsPerHost = 8

// RegistryConfig says how to reach a Schema Registry, secrets resolved.
type RegistryConfig struct {
	// URL is the registry's base URL, http or https, with any path prefix
	// the registry serves its API under (Apicurio: /apis/ccompat/v7).
	// User information in it (https://user:pass@host) is taken as basic
	// auth and never shown.
	URL string
	// Username and Password are HTTP basic auth.
	Username string
	Password string
	// Token is a bearer token; it excludes basic auth.
	Token string
	// TLS applies to an https URL; Enabled and ServerName keep their
	// meaning from the Kafka connection.
	TLS kafkaops.TLSConfig
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
}

// Registry is one Schema Registry: one HTTP client, schemas cached by id
// and by subject and version (both immutable once registered), and
// concurrent lookups of one schema collapsed into one request. It is safe
// for concurrent use.
type Registry struct {
	cl *sr.Client
	// url is the URL without user information, for messages.
	url string
	// creds says whether credentials are sent, for the 401 message.
	creds   bool
	timeout time.Duration

	mu        sync.Mutex
	byID      map[int]sr.Schema
	byVersion map[subjectVersion]sr.SubjectSchema
	usages    map[int][]sr.SubjectSchema
	group     singleflight.Group
}

type subjectVersion struct {
	subject string
	version int
}

// NewRegistry prepares a client for cfg's registry. It does not connect:
// the first request does.
func NewRegistry(cfg RegistryConfig) (*Registry, error) {
	u, user, pass, err := parseRegistryURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.Username == "" && user != "" {
		cfg.Username, cfg.Password = user, pass
	}
	if cfg.Token != "" && cfg.Username != "" {
		return nil, errors.New("schema registry: give a token or a username and password, not both")
	}
	to := cfg.Timeout
	if to <= 0 {
		to = DefaultTimeout
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxConnsPerHost = maxConnsPerHost
	tr.MaxIdleConnsPerHost = maxConnsPerHost
	if u.Scheme == "https" {
		tlsCfg, err := cfg.TLS.ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("schema registry %s: %w", u, err)
		}
		tr.TLSClientConfig = tlsCfg
	} else if cfg.TLS.CAFile != "" || cfg.TLS.CertFile != "" || cfg.TLS.InsecureSkipVerify {
		return nil, fmt.Errorf("schema registry %s: tls settings need an https:// URL", u)
	}
	opts := []sr.ClientOpt{
		sr.URLs(u.String()),
		sr.HTTPClient(&http.Client{Timeout: to, Transport: guardTransport{tr}}),
		sr.UserAgent("kafkatui"),
	}
	switch {
	case cfg.Token != "":
		opts = append(opts, sr.BearerToken(cfg.Token))
	case cfg.Username != "":
		opts = append(opts, sr.BasicAuth(cfg.Username, cfg.Password))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("schema registry %s: %w", u, err)
	}
	return &Registry{
		cl: cl, url: u.String(), creds: cfg.Token != "" || cfg.Username != "", timeout: to,
		byID: map[int]sr.Schema{}, byVersion: map[subjectVersion]sr.SubjectSchema{},
		usages: map[int][]sr.SubjectSchema{},
	}, nil
}

// parseRegistryURL checks a registry URL and splits off its user
// information, which must never reach a message.
func parseRegistryURL(raw string) (*url.URL, string, string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, "", "", errors.New("schema registry: no URL given")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		shown := raw
		if err == nil && u.User != nil {
			u.User = nil
			shown = u.String()
		} else if err != nil {
			shown = "(unparsable)"
		}
		return nil, "", "", fmt.Errorf("schema registry URL %q: want http://host:port or https://host:port", shown)
	}
	var user, pass string
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		u.User = nil
	}
	u.RawQuery, u.Fragment = "", ""
	return u, user, pass, nil
}

// URL is the registry's URL, without credentials.
func (r *Registry) URL() string { return r.url }

// Client is the underlying franz-go client, for requests this type does
// not wrap. Its errors are not translated.
func (r *Registry) Client() *sr.Client { return r.cl }

// SchemaByID returns the schema with the global id, from the cache when it
// was fetched before. Concurrent calls for one id make one request; a
// caller whose ctx ends stops waiting without failing the others.
func (r *Registry) SchemaByID(ctx context.Context, id int) (sr.Schema, error) {
	r.mu.Lock()
	s, ok := r.byID[id]
	r.mu.Unlock()
	if ok {
		return s, nil
	}
	v, err := r.shared(ctx, "id:"+strconv.Itoa(id), func(ctx context.Context) (any, error) {
		s, err := r.cl.SchemaByID(ctx, id)
		if err != nil {
			return nil, r.explain(err, fmt.Sprintf("schema id %d", id), target{id: id})
		}
		r.mu.Lock()
		r.byID[id] = s
		r.mu.Unlock()
		return s, nil
	})
	if err != nil {
		return sr.Schema{}, err
	}
	return v.(sr.Schema), nil
}

// SchemaByVersion returns a subject's schema at version, or its latest for
// -1. A numbered version is cached; the latest is asked for each time (it
// changes) and its answer cached under its number and id.
func (r *Registry) SchemaByVersion(ctx context.Context, subject string, version int) (sr.SubjectSchema, error) {
	key := subjectVersion{subject, version}
	if version > 0 {
		r.mu.Lock()
		s, ok := r.byVersion[key]
		r.mu.Unlock()
		if ok {
			return s, nil
		}
	}
	v, err := r.shared(ctx, "sv:"+strconv.Itoa(version)+":"+subject, func(ctx context.Context) (any, error) {
		s, err := r.cl.SchemaByVersion(ctx, subject, version)
		if err != nil {
			what := fmt.Sprintf("subject %q version %d", subject, version)
			if version == -1 {
				what = fmt.Sprintf("subject %q", subject)
			}
			return nil, r.explain(err, what, target{subject: subject, version: version})
		}
		r.remember(s)
		return s, nil
	})
	if err != nil {
		return sr.SubjectSchema{}, err
	}
	return v.(sr.SubjectSchema), nil
}

// SchemaUsagesByID returns the subjects and versions schema id is
// registered under (the decoder's UsageSource, for the subject and version
// it shows). The answer is cached: a record stream names a few ids over and
// over, and where an id is used changes only when a subject is deleted or
// registered, which forget and a new run see.
func (r *Registry) SchemaUsagesByID(ctx context.Context, id int) ([]sr.SubjectSchema, error) {
	r.mu.Lock()
	u, ok := r.usages[id]
	r.mu.Unlock()
	if ok {
		return u, nil
	}
	v, err := r.shared(ctx, "uses:"+strconv.Itoa(id), func(ctx context.Context) (any, error) {
		u, err := r.cl.SchemaUsagesByID(ctx, id)
		if err != nil {
			return nil, r.explain(err, fmt.Sprintf("schema id %d", id), target{id: id})
		}
		r.mu.Lock()
		r.usages[id] = u
		r.mu.Unlock()
		return u, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]sr.SubjectSchema), nil
}

// remember caches a schema fetched with its subject and version.
func (r *Registry) remember(s sr.SubjectSchema) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.Subject != "" && s.Version > 0 {
		r.byVersion[subjectVersion{s.Subject, s.Version}] = s
	}
	if s.ID > 0 {
		r.byID[s.ID] = s.Schema
	}
}

// forget drops a subject's cached versions after a delete: a version
// number hard deleted may be given again to another schema.
func (r *Registry) forget(subject string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.byVersion {
		if k.subject == subject {
			delete(r.byVersion, k)
		}
	}
	clear(r.usages) // the deleted versions were among some id's usages
}

// shared runs fn once for all concurrent callers with the same key. fn
// gets a context of its own, bounded by the timeout, so one caller giving
// up (a tail closed) does not fail the others waiting for the answer.
func (r *Registry) shared(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	ch := r.group.DoChan(key, func() (any, error) {
		c, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
		defer cancel()
		return fn(c)
	})
	select {
	case res := <-ch:
		return res.Val, res.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// The decoder reads its schemas through a Registry.
var _ Source = (*Registry)(nil)

// And can say where a schema is registered.
var _ UsageSource = (*Registry)(nil)
