package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// envPrefix prefixes the environment variable behind every global flag:
// --sasl-password is KAFKATUI_SASL_PASSWORD, and so on.
const envPrefix = "KAFKATUI_"

// connFlags are the global flags that say which cluster to reach and how.
// Each one set (on the command line or by its KAFKATUI_ variable) overrides
// that setting of the cluster chosen from the config file.
type connFlags struct {
	configPath string
	cluster    string

	brokers  []string
	timeout  time.Duration
	clientID string

	saslMechanism    string
	saslUsername     string
	saslPassword     string
	saslTokenURL     string
	saslClientID     string
	saslClientSecret string
	saslScopes       []string
	saslTokenCmd     string
	awsRegion        string
	awsProfile       string

	tls               bool
	tlsCA             string
	tlsCert           string
	tlsKey            string
	tlsServerName     string
	tlsInsecureVerify bool

	registryURL      string
	registryUsername string
	registryPassword string
	registryToken    string
}

func (c *connFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.configPath, "config", "", "config file (env KAFKATUI_CONFIG; default $XDG_CONFIG_HOME/kafkatui/config.yaml, else ~/.kaf/config)")
	fs.StringVar(&c.cluster, "cluster", "", "cluster of the config file to use instead of its current_cluster (env KAFKATUI_CLUSTER)")
	fs.StringSliceVarP(&c.brokers, "brokers", "b", nil, "bootstrap brokers, host:port, comma separated, for the first contact (then any broker the cluster names) (env KAFKATUI_BROKERS); without --cluster no cluster of the config file is used")
	fs.DurationVar(&c.timeout, "timeout", kafkaops.DefaultTimeout, "timeout of each request to Kafka, dials included (env KAFKATUI_TIMEOUT)")
	fs.StringVar(&c.clientID, "client-id", "kafkatui", "client id sent to the brokers (env KAFKATUI_CLIENT_ID)")
	fs.StringVar(&c.saslMechanism, "sasl-mechanism", "", "SASL mechanism: "+strings.Join(config.Mechanisms, ", ")+" (env KAFKATUI_SASL_MECHANISM)")
	fs.StringVar(&c.saslUsername, "sasl-username", "", "SASL user name, PLAIN and SCRAM (env KAFKATUI_SASL_USERNAME)")
	fs.StringVar(&c.saslPassword, "sasl-password", "", "SASL password; prefer env KAFKATUI_SASL_PASSWORD, which stays out of shell history")
	fs.StringVar(&c.saslTokenURL, "sasl-token-url", "", "OAUTHBEARER token endpoint, client-credentials grant (env KAFKATUI_SASL_TOKEN_URL)")
	fs.StringVar(&c.saslClientID, "sasl-client-id", "", "OAUTHBEARER client id (env KAFKATUI_SASL_CLIENT_ID)")
	fs.StringVar(&c.saslClientSecret, "sasl-client-secret", "", "OAUTHBEARER client secret; prefer env KAFKATUI_SASL_CLIENT_SECRET")
	fs.StringSliceVar(&c.saslScopes, "sasl-scopes", nil, "OAUTHBEARER scopes, comma separated (env KAFKATUI_SASL_SCOPES)")
	fs.StringVar(&c.saslTokenCmd, "sasl-token-cmd", "", "OAUTHBEARER: shell command printing a token, run again when it expires (env KAFKATUI_SASL_TOKEN_CMD)")
	fs.StringVar(&c.awsRegion, "aws-region", "", "AWS_MSK_IAM region, instead of the AWS configuration's (env KAFKATUI_AWS_REGION)")
	fs.StringVar(&c.awsProfile, "aws-profile", "", "AWS_MSK_IAM profile of the AWS configuration (env KAFKATUI_AWS_PROFILE)")
	fs.BoolVar(&c.tls, "tls", false, "connect with TLS (env KAFKATUI_TLS)")
	fs.StringVar(&c.tlsCA, "tls-ca", "", "PEM file of CA certificates to trust instead of the system roots (env KAFKATUI_TLS_CA)")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "PEM client certificate for mutual TLS (env KAFKATUI_TLS_CERT)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "PEM client key for mutual TLS (env KAFKATUI_TLS_KEY)")
	fs.StringVar(&c.tlsServerName, "tls-server-name", "", "name to verify in the broker certificates (env KAFKATUI_TLS_SERVER_NAME)")
	fs.BoolVar(&c.tlsInsecureVerify, "tls-insecure-skip-verify", false, "accept any broker certificate: testing only (env KAFKATUI_TLS_INSECURE_SKIP_VERIFY)")
	fs.StringVar(&c.registryURL, "schema-registry", "", "Schema Registry URL, instead of the cluster's schema_registry (its credentials are then not sent) (env KAFKATUI_SCHEMA_REGISTRY)")
	fs.StringVar(&c.registryUsername, "schema-registry-username", "", "Schema Registry basic auth user name (env KAFKATUI_SCHEMA_REGISTRY_USERNAME)")
	fs.StringVar(&c.registryPassword, "schema-registry-password", "", "Schema Registry basic auth password; prefer env KAFKATUI_SCHEMA_REGISTRY_PASSWORD")
	fs.StringVar(&c.registryToken, "schema-registry-token", "", "Schema Registry bearer token; prefer env KAFKATUI_SCHEMA_REGISTRY_TOKEN")
	_ = cobra.MarkFlagFilename(fs, "config", "yaml", "yml")
	_ = cobra.MarkFlagFilename(fs, "tls-ca", "pem", "crt")
	_ = cobra.MarkFlagFilename(fs, "tls-cert", "pem", "crt")
	_ = cobra.MarkFlagFilename(fs, "tls-key", "pem", "key")
}

// envFlagNames lists the flags applyEnv fills from the environment: every
// global flag.
var envFlagNames = []string{
	"config", "cluster", "brokers", "timeout", "client-id",
	"sasl-mechanism", "sasl-username", "sasl-password",
	"sasl-token-url", "sasl-client-id", "sasl-client-secret", "sasl-scopes", "sasl-token-cmd", "aws-region", "aws-profile",
	"tls", "tls-ca", "tls-cert", "tls-key", "tls-server-name", "tls-insecure-skip-verify",
	"schema-registry", "schema-registry-username", "schema-registry-password", "schema-registry-token",
	"theme", "read-only", "refresh", "tail-buffer", "isolation", "debug",
}

// secretFlags are never echoed, not even in an error about their value.
var secretFlags = map[string]bool{"sasl-password": true, "sasl-client-secret": true,
	"schema-registry-password": true, "schema-registry-token": true}

// applyEnv gives every global flag not set on the command line the value of
// its environment variable, so a flag always wins over the environment. It
// returns the flags set either way: those override the config file.
func applyEnv(cmd *cobra.Command, env Env) (map[string]bool, error) {
	fs := cmd.Flags()
	explicit := map[string]bool{}
	for _, name := range envFlagNames {
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if f.Changed {
			explicit[name] = true
			continue
		}
		key := envName(name)
		v := env.getenv(key)
		if v == "" {
			continue
		}
		if err := f.Value.Set(v); err != nil {
			if secretFlags[name] {
				return nil, usagef("%s: invalid value", key)
			}
			return nil, usagef("%s: invalid value %q: %v", key, v, err)
		}
		explicit[name] = true
	}
	return explicit, nil
}

func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// overlay writes the flags in explicit over c's settings: the command line
// and the environment win over the config file.
func (c *connFlags) overlay(cl *config.Cluster, explicit map[string]bool) error {
	if explicit["brokers"] {
		cl.Brokers = nil
		for _, b := range c.brokers {
			if strings.TrimSpace(b) == "" {
				continue
			}
			addr, err := config.BrokerAddr(b)
			if err != nil {
				return usagef("-b: %v", err)
			}
			cl.Brokers = append(cl.Brokers, addr)
		}
	}
	if explicit["timeout"] || cl.Timeout == 0 {
		cl.Timeout = c.timeout
	}
	if explicit["client-id"] || cl.ClientID == "" {
		cl.ClientID = c.clientID
	}
	s := &cl.SASL
	str := func(flag string, dst *string, v string) {
		if explicit[flag] {
			*dst = v
		}
	}
	str("sasl-mechanism", &s.Mechanism, strings.ToUpper(strings.TrimSpace(c.saslMechanism)))
	str("sasl-username", &s.Username, c.saslUsername)
	str("sasl-client-id", &s.ClientID, c.saslClientID)
	str("aws-region", &s.AWSRegion, c.awsRegion)
	str("aws-profile", &s.AWSProfile, c.awsProfile)
	if explicit["sasl-password"] {
		s.Password = config.LiteralSecret(c.saslPassword, "--sasl-password")
	}
	if explicit["sasl-client-secret"] {
		s.ClientSecret = config.LiteralSecret(c.saslClientSecret, "--sasl-client-secret")
	}
	if explicit["sasl-scopes"] {
		s.Scopes = c.saslScopes
	}
	// One token source at a time: a flag naming one replaces the file's.
	if explicit["sasl-token-url"] {
		s.TokenCmd, s.Token = "", config.Secret{}
		s.TokenURL = c.saslTokenURL
	}
	if explicit["sasl-token-cmd"] {
		s.TokenURL, s.Token = "", config.Secret{}
		s.TokenCmd = c.saslTokenCmd
	}
	t := &cl.TLS
	if explicit["tls"] {
		t.Enabled = c.tls
	}
	str("tls-ca", &t.CAFile, c.tlsCA)
	str("tls-cert", &t.CertFile, c.tlsCert)
	str("tls-key", &t.KeyFile, c.tlsKey)
	str("tls-server-name", &t.ServerName, c.tlsServerName)
	if explicit["tls-insecure-skip-verify"] {
		t.InsecureSkipVerify = c.tlsInsecureVerify
	}
	c.overlayRegistry(&cl.SchemaRegistry, explicit)
	return nil
}

// overlayRegistry is overlay's part for the Schema Registry. Another URL
// replaces the cluster's registry whole: its credentials and TLS files
// were for its own URL, and are not sent elsewhere.
func (c *connFlags) overlayRegistry(r *config.SchemaRegistry, explicit map[string]bool) {
	if explicit["schema-registry"] {
		*r = config.SchemaRegistry{URL: strings.TrimSpace(c.registryURL)}
	}
	// One way to authenticate at a time: a flag naming one replaces the
	// file's other.
	if explicit["schema-registry-username"] {
		r.Username = c.registryUsername
		if !explicit["schema-registry-token"] {
			r.Token = config.Secret{}
		}
	}
	if explicit["schema-registry-password"] {
		r.Password = config.LiteralSecret(c.registryPassword, "--schema-registry-password")
	}
	if explicit["schema-registry-token"] {
		r.Token = config.LiteralSecret(c.registryToken, "--schema-registry-token")
		if !explicit["schema-registry-username"] {
			r.Username, r.Password = "", config.Secret{}
		}
	}
}

// check finds what is missing or contradictory once the flags are laid
// over the file, before any secret is resolved. Its mistakes are usage
// errors, named by their flags (a file's own mistakes were reported with
// their line when it was read).
func check(cl config.Cluster) error {
	if cl.Timeout <= 0 {
		return usagef("--timeout must be positive, got %s", cl.Timeout)
	}
	s := cl.SASL
	switch s.Mechanism {
	case "":
		if s.Username != "" || !s.Password.IsZero() {
			return usagef("a SASL user name or password was given without --sasl-mechanism")
		}
	case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
		if s.Username == "" {
			return usagef("--sasl-mechanism %s needs --sasl-username", s.Mechanism)
		}
		if s.Password.IsZero() {
			msg := fmt.Sprintf("SASL %s user %q has no password: set KAFKATUI_SASL_PASSWORD (or --sasl-password)", s.Mechanism, s.Username)
			if cl.Name != "" {
				msg += fmt.Sprintf(", or password_env or password_cmd in cluster %q of the config file", cl.Name)
			}
			return usagef("%s", msg)
		}
	case "OAUTHBEARER":
		if s.TokenURL == "" && s.TokenCmd == "" && s.Token.IsZero() {
			return usagef("--sasl-mechanism OAUTHBEARER needs --sasl-token-url (with --sasl-client-id and --sasl-client-secret) or --sasl-token-cmd")
		}
		if s.TokenURL != "" && s.ClientID == "" {
			return usagef("--sasl-token-url needs --sasl-client-id")
		}
		if s.TokenURL != "" && s.ClientSecret.IsZero() {
			return usagef("--sasl-token-url needs a client secret: set KAFKATUI_SASL_CLIENT_SECRET (or --sasl-client-secret)")
		}
	}
	return nil
}

// kafkaConfig is the connection the run was asked for: the chosen cluster
// of the config file (or only its defaults, for -b), the flags laid over
// it, secrets resolved. Password commands run here, only for this cluster.
func (a *app) kafkaConfig(ctx context.Context) (kafkaops.Config, error) {
	return a.configFor(ctx, nil)
}

// configFor is kafkaConfig with the brokers replaced, when not nil: for
// the demo cluster, whose address the program chose itself.
func (a *app) configFor(ctx context.Context, brokers []string) (kafkaops.Config, error) {
	return a.resolve(ctx, a.target.cluster, a.explicit, brokers)
}

// carried are the connection flags that also apply to a cluster switched
// to in the UI; the others (brokers, SASL, TLS) were about the cluster
// the run started with, and a configured cluster has its own.
var carried = []string{"timeout", "client-id"}

// carriedFlags is the part of explicit that carries over to a switch.
func carriedFlags(explicit map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, f := range carried {
		out[f] = explicit[f]
	}
	return out
}

// resolve is the one place the run's settings are laid over a cluster of
// the file: the flags in explicit over it (the others' built-in defaults
// where the file says nothing), brokers when not nil, checked, secrets
// resolved, the environment's probe timeout. The first cluster and every
// cluster switched to in the UI go through it.
func (a *app) resolve(ctx context.Context, cl config.Cluster, explicit map[string]bool, brokers []string) (kafkaops.Config, error) {
	if err := a.conn.overlay(&cl, explicit); err != nil {
		return kafkaops.Config{}, err
	}
	if brokers != nil {
		cl.Brokers = brokers
	}
	if len(cl.Brokers) == 0 {
		return kafkaops.Config{}, a.noBrokers()
	}
	if err := check(cl); err != nil {
		return kafkaops.Config{}, err
	}
	a.logf("connect: %s", describe(cl))
	start := time.Now()
	cfg, err := cl.Kafka(ctx, config.Resolver{Getenv: a.env.Getenv})
	if err != nil {
		return kafkaops.Config{}, err
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		a.logf("secrets resolved in %s", d.Round(time.Millisecond))
	}
	if a.env.probeTimeout > 0 {
		cfg.ProbeTimeout = a.env.probeTimeout
	}
	return cfg, nil
}

// noBrokers says how to name a cluster, given what the config file has.
func (a *app) noBrokers() error {
	msg := "no brokers given: use -b host:port or set KAFKATUI_BROKERS"
	switch {
	case a.file != nil && len(a.file.Clusters) > 0:
		msg += fmt.Sprintf(", or choose a cluster of %s with --cluster NAME or kafkatui config use NAME (clusters: %s)",
			a.file.Path, strings.Join(a.file.Names(), ", "))
	case a.loc.Own != "":
		msg += ", or name clusters in " + a.loc.Own
	}
	return usagef("%s", msg)
}

// describe is a cluster's connection settings for the debug log, secrets
// shown only as their source.
func describe(cl config.Cluster) string {
	var b strings.Builder
	name := cl.Name
	if name == "" {
		name = "(command line)"
	}
	fmt.Fprintf(&b, "cluster %s brokers=%s client-id=%s timeout=%s", name, strings.Join(cl.Brokers, ","), cl.ClientID, cl.Timeout)
	if s := cl.SASL; s.Mechanism != "" {
		fmt.Fprintf(&b, " sasl=%s", s.Mechanism)
		if s.Username != "" {
			fmt.Fprintf(&b, " user=%q password=%v", s.Username, s.Password)
		}
		if s.TokenURL != "" {
			fmt.Fprintf(&b, " token-url=%s client-id=%s client-secret=%v scopes=%v", s.TokenURL, s.ClientID, s.ClientSecret, s.Scopes)
		}
		if !s.Token.IsZero() {
			fmt.Fprintf(&b, " token=%v", s.Token)
		}
		if s.TokenCmd != "" {
			b.WriteString(" token=<command>")
		}
		if s.AWSRegion != "" || s.AWSProfile != "" {
			fmt.Fprintf(&b, " aws-region=%s aws-profile=%s", s.AWSRegion, s.AWSProfile)
		}
	}
	if t := cl.TLS; t.Enabled || t.CAFile != "" || t.CertFile != "" || t.InsecureSkipVerify {
		fmt.Fprintf(&b, " tls ca=%q cert=%q server-name=%q insecure-skip-verify=%v", t.CAFile, t.CertFile, t.ServerName, t.InsecureSkipVerify)
	}
	return b.String()
}

// open connects to the cluster named by the flags and the config file. The
// caller closes the cluster.
func (a *app) open() (*kafkaops.Cluster, error) {
	cfg, err := a.kafkaConfig(a.ctx)
	if err != nil {
		return nil, err
	}
	cl, err := connect(cfg)
	if err != nil {
		return nil, err
	}
	a.warnConnection(cfg)
	return cl, nil
}

// connect opens cfg's cluster: the one place the program calls
// kafkaops.Open (which does not dial yet), for commands and the UI alike.
func connect(cfg kafkaops.Config) (*kafkaops.Cluster, error) {
	cl, err := kafkaops.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", strings.Join(cfg.Brokers, ","), err)
	}
	return cl, nil
}

// warnConnection prints what is unsafe about cfg (TLS not verified, a
// password sent in clear) on standard error, where a script's log keeps
// it, and to the debug log.
func (a *app) warnConnection(cfg kafkaops.Config) {
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(a.env.Stderr, "kafkatui: warning: %s\n", oneLine(w))
		a.logf("warning: %s", w)
	}
}
