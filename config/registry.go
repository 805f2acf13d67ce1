package config

import (
	"context"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// SchemaRegistry is a cluster's Schema Registry, secrets as their sources.
type SchemaRegistry struct {
	// URL is the registry's base URL; empty when the cluster has none.
	URL string
	// Username and Password are HTTP basic auth.
	Username string
	Password Secret
	// Token is a bearer token. A token_cmd is run once per connection.
	Token Secret
	// TLS applies to an https URL (Enabled and ServerName unused).
	TLS kafkaops.TLSConfig
}

// IsZero reports whether the cluster has no registry.
func (r SchemaRegistry) IsZero() bool { return r.URL == "" }

// registryKeys are the keys of a cluster's schema_registry mapping.
var registryKeys = []string{
	"url", "username", "password", "password_env", "password_cmd", "token", "token_env", "token_cmd", "tls",
}

// registrySecrets are its secrets, each given as base, base_env or base_cmd.
var registrySecrets = []string{"password", "token"}

// registryTLSKeys are those of its tls mapping: TLS is on for an https URL.
var registryTLSKeys = []string{"ca_file", "cert_file", "key_file", "insecure_skip_verify"}

func (r *SchemaRegistry) secrets() []namedSecret {
	return []namedSecret{{"password", &r.Password}, {"token", &r.Token}}
}

// schemaRegistry decodes a cluster's schema_registry mapping and checks it
// the way sasl is checked: secrets one way each, nothing that would be
// ignored.
func (d *decoder) schemaRegistry(v *yaml.Node, path, dir string, opts Options) (SchemaRegistry, map[string]*yaml.Node) {
	var r SchemaRegistry
	given := d.fields(v, path, registryKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "url":
			r.URL = d.text(v, p)
		case "username":
			r.Username = d.text(v, p)
		case "tls":
			r.TLS = d.tls(v, p, dir, opts, registryTLSKeys)
		default:
			if sec := d.secretValue(key, v, p); !sec.IsZero() {
				*r.secret(secretBase(key)) = sec
			}
		}
	})
	rv := resolve(v)
	c := saslCheck{
		path:    path,
		present: func(f string) bool { return given[f] != nil },
		line: func(f string) int {
			if n := given[f]; n != nil {
				return n.Line
			}
			if rv != nil {
				return rv.Line
			}
			return 0
		},
		name: func(f string) string { return f },
	}
	if u, err := url.Parse(r.URL); err == nil && u.User != nil {
		c.reporter(d)("url", "put the user name and password in username and password (or password_env, password_cmd), not in the url")
		r.URL = ""
	}
	d.checkRegistry(&r, c)
	return r, given
}

func (r *SchemaRegistry) secret(base string) *Secret {
	if base == "password" {
		return &r.Password
	}
	return &r.Token
}

// checkRegistry checks a registry's settings against each other; c names
// them as the file spells them.
func (d *decoder) checkRegistry(r *SchemaRegistry, c saslCheck) {
	report := c.reporter(d)
	checkOneWay(registrySecrets, c, report)
	set := false
	for _, k := range registryKeys {
		set = set || c.present(k)
	}
	switch {
	case r.URL == "" && set && !d.failedAt(c.path+".url") && !c.present("url"):
		report("url", "%s is missing: the registry's address, e.g. http://localhost:8081", c.name("url"))
		return
	case r.URL == "":
		return
	case !isHTTPURL(r.URL):
		report("url", "%s %q is not an http(s) URL", c.name("url"), r.URL)
		return
	}
	password := c.present("password") || c.present("password_env") || c.present("password_cmd")
	token := c.present("token") || c.present("token_env") || c.present("token_cmd")
	switch {
	case token && (r.Username != "" || password):
		report("token", "give %s and a password, or a token, not both", c.name("username"))
	case r.Username != "" && !password:
		report("username", "%s needs a password: %s", c.name("username"), oneOf(c, "password", "password_env", "password_cmd"))
	case r.Username == "" && password:
		report("password", "a password needs a %s", c.name("username"))
	}
	if c.present("tls") && strings.HasPrefix(strings.ToLower(r.URL), "http:") {
		report("tls", "tls applies to an https:// %s, not %q", c.name("url"), r.URL)
	}
}

// Registry returns the settings that reach c's Schema Registry, secrets
// resolved; ok is false when the cluster has none.
func (c Cluster) Registry(ctx context.Context, res Resolver) (cfg schemas.RegistryConfig, ok bool, err error) {
	r := c.SchemaRegistry
	if r.IsZero() {
		return schemas.RegistryConfig{}, false, nil
	}
	cfg = schemas.RegistryConfig{URL: r.URL, Username: r.Username, TLS: r.TLS, Timeout: c.Timeout}
	if cfg.Password, err = r.Password.Resolve(ctx, res); err != nil {
		return schemas.RegistryConfig{}, false, err
	}
	if cfg.Token, err = r.Token.Resolve(ctx, res); err != nil {
		return schemas.RegistryConfig{}, false, err
	}
	return cfg, true, nil
}
