package cli

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// envPrefix prefixes the environment variable behind every global flag:
// --sasl-password is KAFKATUI_SASL_PASSWORD, and so on.
const envPrefix = "KAFKATUI_"

// defaultPort is added to a broker given without one, as librdkafka does.
const defaultPort = "9092"

// connFlags are the global flags that say how to reach the cluster.
type connFlags struct {
	brokers  []string
	timeout  time.Duration
	clientID string

	saslMechanism string
	saslUsername  string
	saslPassword  string

	tls               bool
	tlsCA             string
	tlsCert           string
	tlsKey            string
	tlsServerName     string
	tlsInsecureVerify bool
}

func (c *connFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVarP(&c.brokers, "brokers", "b", nil, "bootstrap brokers, host:port, comma separated (env KAFKATUI_BROKERS)")
	fs.DurationVar(&c.timeout, "timeout", kafkaops.DefaultTimeout, "timeout of each request to Kafka, dials included (env KAFKATUI_TIMEOUT)")
	fs.StringVar(&c.clientID, "client-id", "kafkatui", "client id sent to the brokers (env KAFKATUI_CLIENT_ID)")
	fs.StringVar(&c.saslMechanism, "sasl-mechanism", "", "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (env KAFKATUI_SASL_MECHANISM)")
	fs.StringVar(&c.saslUsername, "sasl-username", "", "SASL user name (env KAFKATUI_SASL_USERNAME)")
	fs.StringVar(&c.saslPassword, "sasl-password", "", "SASL password; prefer env KAFKATUI_SASL_PASSWORD, which stays out of shell history")
	fs.BoolVar(&c.tls, "tls", false, "connect with TLS (env KAFKATUI_TLS)")
	fs.StringVar(&c.tlsCA, "tls-ca", "", "PEM file of CA certificates to trust instead of the system roots (env KAFKATUI_TLS_CA)")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "PEM client certificate for mutual TLS (env KAFKATUI_TLS_CERT)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "PEM client key for mutual TLS (env KAFKATUI_TLS_KEY)")
	fs.StringVar(&c.tlsServerName, "tls-server-name", "", "name to verify in the broker certificates (env KAFKATUI_TLS_SERVER_NAME)")
	fs.BoolVar(&c.tlsInsecureVerify, "tls-insecure-skip-verify", false, "accept any broker certificate: testing only (env KAFKATUI_TLS_INSECURE_SKIP_VERIFY)")
	_ = cobra.MarkFlagFilename(fs, "tls-ca", "pem", "crt")
	_ = cobra.MarkFlagFilename(fs, "tls-cert", "pem", "crt")
	_ = cobra.MarkFlagFilename(fs, "tls-key", "pem", "key")
}

// connFlagNames lists the flags applyEnv fills from the environment.
var connFlagNames = []string{
	"brokers", "timeout", "client-id",
	"sasl-mechanism", "sasl-username", "sasl-password",
	"tls", "tls-ca", "tls-cert", "tls-key", "tls-server-name", "tls-insecure-skip-verify",
}

// applyEnv gives every global flag not set on the command line the value of
// its environment variable, so a flag always wins over the environment.
func (c *connFlags) applyEnv(cmd *cobra.Command, env Env) error {
	fs := cmd.Flags()
	for _, name := range connFlagNames {
		f := fs.Lookup(name)
		if f == nil || f.Changed {
			continue
		}
		key := envName(name)
		v := env.getenv(key)
		if v == "" {
			continue
		}
		if err := f.Value.Set(v); err != nil {
			if name == "sasl-password" {
				return usagef("%s: invalid value", key)
			}
			return usagef("%s: invalid value %q: %v", key, v, err)
		}
	}
	return nil
}

func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// config builds the kafkaops settings. Missing brokers is a usage error;
// the rest (an unreadable CA file, a bad mechanism) is an input error.
func (c *connFlags) config() (kafkaops.Config, error) {
	var brokers []string
	for _, b := range c.brokers {
		b = strings.TrimSpace(b)
		if b == "" {
			continue
		}
		brokers = append(brokers, withDefaultPort(b))
	}
	if len(brokers) == 0 {
		return kafkaops.Config{}, usagef("no brokers given: use -b host:port or set KAFKATUI_BROKERS")
	}
	if c.timeout <= 0 {
		return kafkaops.Config{}, usagef("--timeout must be positive, got %s", c.timeout)
	}
	if c.saslMechanism == "" && (c.saslUsername != "" || c.saslPassword != "") {
		return kafkaops.Config{}, usagef("a SASL user name or password was given without --sasl-mechanism")
	}
	if c.saslMechanism != "" && c.saslUsername == "" {
		return kafkaops.Config{}, usagef("--sasl-mechanism %s needs --sasl-username", c.saslMechanism)
	}
	cfg := kafkaops.Config{
		Brokers:  brokers,
		ClientID: c.clientID,
		Timeout:  c.timeout,
		SASL: kafkaops.SASLConfig{
			Mechanism: c.saslMechanism,
			Username:  c.saslUsername,
			Password:  c.saslPassword,
		},
		TLS: kafkaops.TLSConfig{
			Enabled:            c.tls,
			CAFile:             c.tlsCA,
			CertFile:           c.tlsCert,
			KeyFile:            c.tlsKey,
			ServerName:         c.tlsServerName,
			InsecureSkipVerify: c.tlsInsecureVerify,
		},
	}
	if err := cfg.Validate(); err != nil {
		return kafkaops.Config{}, err
	}
	return cfg, nil
}

// configFor is config with the brokers replaced: for the demo cluster,
// whose address the program chose itself.
func (c *connFlags) configFor(brokers []string) (kafkaops.Config, error) {
	cp := *c
	cp.brokers = brokers
	return cp.config()
}

// withDefaultPort adds :9092 to a broker given as a bare host name.
func withDefaultPort(b string) string {
	_, _, err := net.SplitHostPort(b)
	var ae *net.AddrError
	if err != nil && errors.As(err, &ae) && ae.Err == "missing port in address" {
		return net.JoinHostPort(strings.Trim(b, "[]"), defaultPort)
	}
	return b
}

// open connects to the cluster named by the global flags. The caller closes
// the cluster.
func (a *app) open() (*kafkaops.Cluster, error) {
	cfg, err := a.conn.config()
	if err != nil {
		return nil, err
	}
	cl, err := kafkaops.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", strings.Join(cfg.Brokers, ","), err)
	}
	return cl, nil
}
