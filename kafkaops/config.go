package kafkaops

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// DefaultTimeout is the request timeout used when Config.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Config holds what is needed to reach one cluster.
type Config struct {
	// Brokers are bootstrap addresses, host:port.
	Brokers []string
	// ClientID is sent to the brokers with every request.
	ClientID string
	// Timeout bounds every request, dials included.
	Timeout time.Duration
	// ProbeTimeout bounds the probe that, after a request timed out, asks
	// the brokers once more to name a non-Kafka service answering on their
	// address. Zero means a quarter of Timeout, at most one second: the
	// probe comes on top of a timeout the user already waited for. Tests
	// on a loaded machine set it generously (the probe ends as soon as the
	// peer answers, so a generous bound costs nothing when it does).
	ProbeTimeout time.Duration
	SASL         SASLConfig
	TLS          TLSConfig
}

// SASLConfig selects SASL authentication. An empty Mechanism means none.
type SASLConfig struct {
	// Mechanism is PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER or
	// AWS_MSK_IAM (case-insensitive).
	Mechanism string
	// Username and Password are for PLAIN and SCRAM.
	Username string
	Password string
	// OAuth configures OAUTHBEARER.
	OAuth OAuthConfig
	// AWS configures AWS_MSK_IAM.
	AWS AWSConfig
}

// OAuthConfig says where OAUTHBEARER tokens come from: exactly one of a
// client-credentials token endpoint (TokenURL with ClientID and
// ClientSecret), a command printing a token (TokenCmd), or a static Token.
type OAuthConfig struct {
	// TokenURL is an OAuth 2 token endpoint (client-credentials grant).
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
	// TokenCmd is run with sh -c; its standard output, trimmed, is the
	// token. It is run again when the token expires.
	TokenCmd string
	// Token is a static bearer token.
	Token string
	// Extensions are SASL extensions sent with the token (KIP-342).
	Extensions map[string]string
}

// AWSConfig configures AWS MSK IAM. Credentials come from the standard AWS
// chain (environment, shared config and credentials files, SSO, instance
// roles); Region and Profile override what the chain would pick.
type AWSConfig struct {
	Region  string
	Profile string
}

// TLSConfig selects TLS. TLS is on when Enabled is set or any file is named.
type TLSConfig struct {
	Enabled bool
	// CAFile is a PEM bundle of trusted roots; empty means the system roots.
	CAFile string
	// CertFile and KeyFile are a PEM client certificate and key (mTLS).
	CertFile string
	KeyFile  string
	// ServerName overrides the name checked in the broker's certificate.
	ServerName string
	// InsecureSkipVerify accepts any broker certificate. Only when asked for.
	InsecureSkipVerify bool
}

func (c TLSConfig) on() bool {
	return c.Enabled || c.CAFile != "" || c.CertFile != "" || c.KeyFile != "" || c.InsecureSkipVerify || c.ServerName != ""
}

func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// probeTimeout is ProbeTimeout, or its default.
func (c Config) probeTimeout() time.Duration {
	if c.ProbeTimeout > 0 {
		return c.ProbeTimeout
	}
	return min(peerProbeBudget, c.timeout()/4)
}

func (c Config) clientID() string {
	if c.ClientID == "" {
		return "kafkatui"
	}
	return c.ClientID
}

// Validate checks the settings without touching the network.
func (c Config) Validate() error {
	if len(c.Brokers) == 0 {
		return errors.New("no brokers given (use -b host:port or KAFKATUI_BROKERS)")
	}
	for _, b := range c.Brokers {
		if _, port, err := net.SplitHostPort(b); err != nil || port == "" {
			return fmt.Errorf("broker address %q: want host:port", b)
		}
	}
	if _, err := c.saslMechanism(); err != nil {
		return err
	}
	if _, err := c.tlsConfig(); err != nil {
		return err
	}
	return nil
}

// saslMechanism builds the mechanism the settings name. It only checks and
// prepares: tokens, AWS credentials and token commands are got when a
// connection authenticates, so a Config for a cluster that is not used
// costs nothing and Validate needs no network.
func (c Config) saslMechanism() (sasl.Mechanism, error) {
	m := strings.ToUpper(strings.TrimSpace(c.SASL.Mechanism))
	switch m {
	case "":
		return nil, nil
	case "PLAIN":
		if c.SASL.Username == "" {
			return nil, fmt.Errorf("sasl %s needs a username", m)
		}
		return plain.Mechanism{Username: c.SASL.Username, Password: c.SASL.Password}, nil
	case "SCRAM-SHA-256", "SCRAM-SHA-512":
		if c.SASL.Username == "" {
			return nil, fmt.Errorf("sasl %s needs a username", m)
		}
		algo := scram.SHA256
		if m == "SCRAM-SHA-512" {
			algo = scram.SHA512
		}
		mech, err := scram.Mechanism(algo, c.SASL.Username, c.SASL.Password)
		if err != nil {
			// The SCRAM library quotes the password it could not
			// prepare (SASLprep, RFC 4013): keep only its reason.
			detail := redact(err.Error(), c.SASL.Password)
			if i := strings.LastIndex(detail, "': "); i >= 0 {
				detail = detail[i+3:]
			}
			what := "username"
			if strings.Contains(err.Error(), "SASLprepping password") {
				what = "password"
			}
			return nil, fmt.Errorf("sasl %s: the %s cannot be used with SCRAM (SASLprep, RFC 4013: %s)", m, what, detail)
		}
		return mech, nil
	case oauthName:
		return newOAuthMechanism(c.SASL.OAuth, c.timeout())
	case awsName, "AWS-MSK-IAM":
		return newAWSMechanism(c.SASL.AWS), nil
	default:
		return nil, fmt.Errorf("sasl mechanism %q not supported (want PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER or AWS_MSK_IAM)", c.SASL.Mechanism)
	}
}

func (c Config) tlsConfig() (*tls.Config, error) {
	if !c.TLS.on() {
		return nil, nil
	}
	return c.TLS.ClientConfig()
}

// ClientConfig builds the crypto/tls settings c names, files read. It is
// shared with the Schema Registry client, whose tls block has the same
// meaning, so both read certificates the same way.
func (c TLSConfig) ClientConfig() (*tls.Config, error) {
	t := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         c.ServerName,
		InsecureSkipVerify: c.InsecureSkipVerify, //nolint:gosec // only when the user asks for it
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls ca file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls ca file %s: no PEM certificates found", c.CAFile)
		}
		t.RootCAs = pool
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return nil, errors.New("tls: a client certificate needs both a cert file and a key file")
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls client certificate: %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

// Cluster is a connection to one Kafka cluster: one long-lived kafka-go
// Client and Transport shared by every request, plus a Dialer for streams.
// It is safe for concurrent use.
type Cluster struct {
	cfg       Config
	transport *kafka.Transport
	client    *kafka.Client
	dialer    *kafka.Dialer
	// brokers resolves the logical bootstrap address of every Transport
	// to a live broker and does TLS (brokers_live.go); tls is its config.
	brokers *liveBrokers
	tls     *tls.Config

	// apiVersions caches each broker's highest version per API key, for
	// the requests kafka-go does not know (it keeps no version for them).
	apiVersions sync.Map // int32 -> map[int16]int16
	// shareGroups names the groups ListGroups found to be share groups,
	// whose progress GroupsLag reads as start offsets, not commits.
	shareGroups sync.Map // string -> bool
}

// Open validates cfg and prepares the connection. It does not dial: the first
// request does, and fails within the timeout if no broker answers.
func Open(cfg Config) (*Cluster, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	mech, _ := cfg.saslMechanism()
	tlsCfg, _ := cfg.tlsConfig()
	to := cfg.timeout()
	// Bootstrap addresses are for the first contact only: the Transport is
	// given one logical address, which live.Dial resolves to a live known
	// broker, and live.Dial does TLS, so Transport.TLS stays nil (see
	// brokers_live.go).
	live := newLiveBrokers(cfg.Brokers, tlsCfg)
	tr := &kafka.Transport{
		Dial:        live.Dial,
		DialTimeout: to,
		IdleTimeout: 5 * time.Minute,
		MetadataTTL: 6 * time.Second,
		ClientID:    cfg.clientID(),
		SASL:        mech,
	}
	c := &Cluster{
		cfg:       cfg,
		transport: tr,
		brokers:   live,
		tls:       tlsCfg,
		client: &kafka.Client{
			Addr:      bootstrapAddr(cfg.Brokers[0]),
			Timeout:   to,
			Transport: readRetry{tr}, // brokers_retry.go
		},
		dialer: &kafka.Dialer{
			ClientID:      cfg.clientID(),
			Timeout:       to,
			DualStack:     true,
			TLS:           tlsCfg,
			SASLMechanism: mech,
		},
	}
	// Replies are checked before kafka-go reads them (frameguard.go). It
	// wraps the Dial functions set above and takes over TLS, so it comes
	// last.
	guardFrames(c.transport, c.dialer)
	return c, nil
}

// scopedTransport is a Transport with the shared one's settings but a pool
// and metadata cache of its own, covering only topics and refreshed every
// ttl: for a stream, or to read metadata the shared cache may not have yet.
// The caller closes its idle connections when done. It shares the Dial,
// and with it the Cluster's record of live brokers (brokers_live.go).
func (c *Cluster) scopedTransport(topics []string, ttl time.Duration) *kafka.Transport {
	return &kafka.Transport{
		Dial:           c.transport.Dial,
		DialTimeout:    c.transport.DialTimeout,
		IdleTimeout:    c.transport.IdleTimeout,
		MetadataTTL:    ttl,
		MetadataTopics: topics,
		ClientID:       c.transport.ClientID,
		TLS:            c.transport.TLS,
		SASL:           c.transport.SASL,
		Resolver:       c.transport.Resolver,
		Context:        c.transport.Context,
	}
}

// Config returns the settings the cluster was opened with.
func (c *Cluster) Config() Config { return c.cfg }

// Close releases idle connections. Streams must be cancelled by their owners.
func (c *Cluster) Close() error {
	c.transport.CloseIdleConnections()
	return nil
}
