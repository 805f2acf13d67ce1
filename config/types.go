package config

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Mechanisms are the SASL mechanism names a cluster may use.
var Mechanisms = []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM"}

// Themes are the values of defaults.theme; they match the UI's themes.
var Themes = []string{"auto", "dark", "light", "none"}

// Limits of the UI settings, shared with the command-line checks.
const (
	MinRefresh    = 500 * time.Millisecond
	MinTailBuffer = 100
	MaxTailBuffer = 10_000_000
)

// Format tells a kafkatui file from kaf's.
type Format int

const (
	// FormatKafkatui is kafkatui's own config.yaml.
	FormatKafkatui Format = iota
	// FormatKaf is kaf's ~/.kaf/config, read with kaf's field names.
	FormatKaf
)

// File is one loaded configuration file.
type File struct {
	// Path is the file that was read.
	Path   string
	Format Format
	// Current is the file's current cluster; empty when it names none.
	Current  string
	Defaults Defaults
	// Clusters keep the file's order.
	Clusters []Cluster
	// Mode is the file's permission bits.
	Mode fs.FileMode
}

// Defaults apply to every cluster, and to brokers given on the command line.
// Zero values mean the built-in defaults.
type Defaults struct {
	Timeout    time.Duration
	Refresh    time.Duration
	TailBuffer int
	Theme      string
	// Isolation is the isolation level of consume and the live tail:
	// "committed", "uncommitted" (kafkaops.Isolation's names), or empty
	// for the built-in default.
	Isolation string
}

// Cluster is one named cluster of the file.
type Cluster struct {
	Name     string
	Brokers  []string
	ClientID string
	// Timeout is the cluster's own, or the file's default when it has none.
	Timeout time.Duration
	// ReadOnly refuses every action that writes to this cluster.
	ReadOnly bool
	// Color is the header colour: "#rrggbb", "#rgb" or an ANSI number.
	Color string
	SASL  SASL
	// TLS paths are absolute, or relative to the working directory.
	TLS kafkaops.TLSConfig
	// SchemaRegistry is the cluster's registry, if it has one.
	SchemaRegistry SchemaRegistry
	// Line is where the cluster starts in the file.
	Line int
}

// SASL holds a cluster's authentication settings, secrets as their sources.
type SASL struct {
	// Mechanism is one of Mechanisms (upper case), or empty for none.
	Mechanism string
	// Username and Password are for PLAIN and SCRAM.
	Username string
	Password Secret
	// TokenURL, ClientID, ClientSecret and Scopes are the OAUTHBEARER
	// client-credentials grant.
	TokenURL     string
	ClientID     string
	ClientSecret Secret
	Scopes       []string
	// Token is a static OAUTHBEARER token; TokenCmd a command printing one,
	// run again whenever the token expires, so it is kept as a command.
	Token    Secret
	TokenCmd string
	// Extensions are OAUTHBEARER SASL extensions (KIP-342).
	Extensions map[string]string
	// AWSRegion and AWSProfile override the AWS credential chain for
	// AWS_MSK_IAM.
	AWSRegion  string
	AWSProfile string
}

// Auth is a one-word summary for listings: "SCRAM-SHA-512 alice", "-".
func (s SASL) Auth() string {
	switch {
	case s.Mechanism == "":
		return "-"
	case s.Username != "":
		return s.Mechanism + " " + s.Username
	case s.TokenURL != "":
		return s.Mechanism + " " + s.TokenURL
	case s.TokenCmd != "" || !s.Token.IsZero():
		return s.Mechanism + " token"
	case s.AWSProfile != "":
		return s.Mechanism + " profile " + s.AWSProfile
	}
	return s.Mechanism
}

// Cluster returns the named cluster.
func (f *File) Cluster(name string) (Cluster, bool) {
	for _, c := range f.Clusters {
		if c.Name == name {
			return c, true
		}
	}
	return Cluster{}, false
}

// Names are the clusters' names in the file's order.
func (f *File) Names() []string {
	names := make([]string, len(f.Clusters))
	for i, c := range f.Clusters {
		names[i] = c.Name
	}
	return names
}

// AdHoc is a cluster for brokers given on the command line: only the
// file's defaults apply, never another cluster's settings or credentials.
func (f *File) AdHoc() Cluster {
	if f == nil {
		return Cluster{}
	}
	return Cluster{Timeout: f.Defaults.Timeout}
}

// HasLiteralSecret reports whether any cluster holds a secret's value
// itself rather than an _env or _cmd.
func (f *File) HasLiteralSecret() bool {
	for _, c := range f.Clusters {
		if c.SASL.Password.IsLiteral() || c.SASL.ClientSecret.IsLiteral() || c.SASL.Token.IsLiteral() ||
			c.SchemaRegistry.Password.IsLiteral() || c.SchemaRegistry.Token.IsLiteral() {
			return true
		}
	}
	return false
}

// Warning is a message for the user when the file holds a literal secret
// and others may read it; empty otherwise.
func (f *File) Warning() string {
	if f == nil || f.Mode&0o077 == 0 || !f.HasLiteralSecret() {
		return ""
	}
	return fmt.Sprintf("%s holds a literal secret and is readable by others (mode %04o): chmod 600 %s",
		f.Path, f.Mode.Perm(), shellQuote(f.Path))
}

// shellQuote quotes p for a command the user may paste.
func shellQuote(p string) string {
	if p != "" && strings.IndexFunc(p, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-~+", r))
	}) < 0 {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}
