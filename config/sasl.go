package config

import (
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// saslKeys are the keys of a kafkatui cluster's sasl mapping.
var saslKeys = []string{
	"mechanism", "username", "password", "password_env", "password_cmd",
	"token_url", "client_id", "client_secret", "client_secret_env", "client_secret_cmd", "scopes",
	"token", "token_env", "token_cmd", "extensions", "aws_region", "aws_profile",
}

// secretBases are the secrets, each of which may be given as the value
// (base), an environment variable (base_env) or a command (base_cmd).
var secretBases = []string{"password", "client_secret", "token"}

// saslOwner says which mechanisms use a setting, for "x is for Y" messages.
var saslOwner = map[string]string{
	"username": "PLAIN and SCRAM", "password": "PLAIN and SCRAM", "password_env": "PLAIN and SCRAM", "password_cmd": "PLAIN and SCRAM",
	"token_url": "OAUTHBEARER", "client_id": "OAUTHBEARER", "client_secret": "OAUTHBEARER", "client_secret_env": "OAUTHBEARER",
	"client_secret_cmd": "OAUTHBEARER", "scopes": "OAUTHBEARER", "token": "OAUTHBEARER", "token_env": "OAUTHBEARER",
	"token_cmd": "OAUTHBEARER", "extensions": "OAUTHBEARER",
	"aws_region": "AWS_MSK_IAM", "aws_profile": "AWS_MSK_IAM",
}

// sasl decodes a kafkatui sasl mapping and checks it. Secrets are bound to
// their cluster's name later, by bindSecrets.
func (d *decoder) sasl(v *yaml.Node, path string) (SASL, map[string]*yaml.Node) {
	var s SASL
	given := d.fields(v, path, saslKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "mechanism":
			s.Mechanism = strings.ToUpper(d.text(v, p))
		case "username":
			s.Username = d.text(v, p)
		case "token_url":
			s.TokenURL = d.text(v, p)
		case "client_id":
			s.ClientID = d.text(v, p)
		case "scopes":
			s.Scopes = d.list(v, p)
		case "token_cmd":
			s.TokenCmd = d.command(v, p)
		case "extensions":
			s.Extensions = d.stringMap(v, p)
		case "aws_region":
			s.AWSRegion = d.text(v, p)
		case "aws_profile":
			s.AWSProfile = d.text(v, p)
		case "password", "client_secret", "token", "password_env", "client_secret_env", "token_env", "password_cmd", "client_secret_cmd":
			if sec := d.secretValue(key, v, p); !sec.IsZero() {
				*s.secret(secretBase(key)) = sec
			}
		}
	})
	sv := resolve(v)
	d.checkSASL(&s, saslCheck{
		path:    path,
		present: func(f string) bool { return given[f] != nil },
		line: func(f string) int {
			if n := given[f]; n != nil {
				return n.Line
			}
			if sv != nil {
				return sv.Line
			}
			return 0
		},
		name: func(f string) string { return f },
	})
	return s, given
}

// secret returns the field holding the secret base.
func (s *SASL) secret(base string) *Secret {
	switch base {
	case "password":
		return &s.Password
	case "client_secret":
		return &s.ClientSecret
	}
	return &s.Token
}

// setting names the key a secret was given with: base, base_env or base_cmd.
func (s Secret) setting(base string) string {
	switch {
	case s.env != "":
		return base + "_env"
	case s.cmd != "":
		return base + "_cmd"
	}
	return base
}

// secretValue decodes one setting of a secret: base (the value itself),
// base_env (a variable's name) or base_cmd (a command). An empty or bad
// value gives the zero Secret, a bad one with a problem recorded.
func (d *decoder) secretValue(key string, v *yaml.Node, path string) Secret {
	switch {
	case strings.HasSuffix(key, "_env"):
		if name := d.envName(v, path); name != "" {
			return EnvSecret(name, "")
		}
	case strings.HasSuffix(key, "_cmd"):
		if cmd := d.command(v, path); cmd != "" {
			return CommandSecret(cmd, "")
		}
	default:
		if val, ok := d.scalar(v, path); ok && val != "" {
			return LiteralSecret(val, "")
		}
	}
	return Secret{}
}

// secretBase is the secret a setting gives: password for password_env.
func secretBase(key string) string {
	return strings.TrimSuffix(strings.TrimSuffix(key, "_env"), "_cmd")
}

// namedSecret is a secret with its base setting name, for bindSecretList.
type namedSecret struct {
	base   string
	secret *Secret
}

// bindSecrets records where each secret of s was set, for the messages of
// Resolve: `config.yaml:14: cluster "staging": sasl.password_cmd`.
func bindSecrets(s *SASL, file, cluster string, line func(setting string) int, display func(setting string) string) {
	list := make([]namedSecret, 0, len(secretBases))
	for _, base := range secretBases {
		list = append(list, namedSecret{base, s.secret(base)})
	}
	bindSecretList(list, file, cluster, line, display)
}

// bindSecretList is bindSecrets for any group of secrets of a cluster.
func bindSecretList(list []namedSecret, file, cluster string, line func(setting string) int, display func(setting string) string) {
	for _, n := range list {
		sec := n.secret
		if sec.IsZero() {
			continue
		}
		setting := sec.setting(n.base)
		sec.where = fmt.Sprintf("%s:%d: cluster %q: %s", file, line(setting), cluster, display(setting))
	}
}

func (d *decoder) envName(v *yaml.Node, path string) string {
	s := d.text(v, path)
	if s != "" && !envNameRE.MatchString(s) {
		d.addf(resolve(v), path, "must name an environment variable: letters, digits and _, not starting with a digit, without $")
		return ""
	}
	return s
}

// command is a shell command: several lines are allowed (a block scalar).
func (d *decoder) command(v *yaml.Node, path string) string {
	s, _ := d.scalar(v, path)
	return strings.TrimSpace(s)
}

// saslCheck tells checkSASL how to see and name a cluster's settings, which
// differ between kafkatui's file and kaf's.
type saslCheck struct {
	path    string
	present func(setting string) bool
	line    func(setting string) int
	name    func(setting string) string
}

// checkSASL checks the settings against the mechanism: what it needs, and
// nothing it would ignore, since an ignored setting is usually a mistake
// (a token_url on a SCRAM cluster was meant for another cluster).
func (d *decoder) checkSASL(s *SASL, c saslCheck) {
	report := c.reporter(d)
	checkOneWay(secretBases, c, report)
	if s.Mechanism == "" {
		for _, k := range saslKeys[1:] {
			if c.present(k) {
				report("mechanism", "%s is missing: want one of %s", c.name("mechanism"), strings.Join(Mechanisms, ", "))
				return
			}
		}
		return
	}
	if !contains(Mechanisms, s.Mechanism) {
		report("mechanism", "%q is not a SASL mechanism: want one of %s", s.Mechanism, strings.Join(Mechanisms, ", "))
		return
	}
	owner := map[string]string{"PLAIN": "PLAIN and SCRAM", "SCRAM-SHA-256": "PLAIN and SCRAM", "SCRAM-SHA-512": "PLAIN and SCRAM",
		"OAUTHBEARER": "OAUTHBEARER", "AWS_MSK_IAM": "AWS_MSK_IAM"}[s.Mechanism]
	for _, k := range saslKeys[1:] {
		if c.present(k) && saslOwner[k] != owner {
			report(k, "%s is for %s, not %s", c.name(k), saslOwner[k], s.Mechanism)
		}
	}
	switch owner {
	case "PLAIN and SCRAM":
		if s.Username == "" {
			report("username", "%s needs a %s", s.Mechanism, c.name("username"))
		}
	case "OAUTHBEARER":
		d.checkOAuth(s, c, report)
	}
}

// reporter records problems at the line of a setting.
func (c saslCheck) reporter(d *decoder) func(setting, format string, a ...any) {
	return func(setting, format string, a ...any) {
		d.add(c.line(setting), c.path, fmt.Sprintf(format, a...))
	}
}

// checkOneWay reports a secret given more than one way (password and
// password_cmd): which one was meant cannot be guessed.
func checkOneWay(bases []string, c saslCheck, report func(string, string, ...any)) {
	for _, base := range bases {
		var set []string
		for _, k := range []string{base, base + "_env", base + "_cmd"} {
			if c.present(k) {
				set = append(set, c.name(k))
			}
		}
		if len(set) > 1 {
			report(base+"_cmd", "give the %s one way, not %s", strings.ReplaceAll(base, "_", " "), strings.Join(set, " and "))
		}
	}
}

func (d *decoder) checkOAuth(s *SASL, c saslCheck, report func(string, string, ...any)) {
	token := c.present("token") || c.present("token_env") || c.present("token_cmd")
	tokens := oneOf(c, "token", "token_env", "token_cmd")
	switch {
	case s.TokenURL != "" && token:
		report("token_url", "give %s or %s, not both", c.name("token_url"), tokens)
	case s.TokenURL == "" && !token:
		report("mechanism", "OAUTHBEARER needs %s (with %s and %s), or %s",
			c.name("token_url"), c.name("client_id"), c.name("client_secret"), tokens)
	case s.TokenURL != "":
		if !isHTTPURL(s.TokenURL) {
			report("token_url", "%s %q is not an http(s) URL", c.name("token_url"), s.TokenURL)
		}
		if s.ClientID == "" {
			report("token_url", "%s needs a %s", c.name("token_url"), c.name("client_id"))
		}
	default:
		for _, k := range []string{"client_id", "client_secret", "client_secret_env", "client_secret_cmd", "scopes"} {
			if c.present(k) {
				report(k, "%s goes with %s (client credentials), not with a token", c.name(k), c.name("token_url"))
			}
		}
	}
}

// isHTTPURL reports whether s is an absolute http or https URL.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// oneOf lists the settings the format has: "token, token_env or token_cmd".
func oneOf(c saslCheck, settings ...string) string {
	var names []string
	for _, s := range settings {
		if n := c.name(s); n != "" {
			names = append(names, n)
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
