package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/config"
)

const configLong = `kafkatui reads named clusters from a YAML file:
$XDG_CONFIG_HOME/kafkatui/config.yaml, or ~/.config/kafkatui/config.yaml, or
the file named by --config or KAFKATUI_CONFIG. Without one, kaf's clusters
(~/.kaf/config) are used as they are; 'config import-kaf' copies them over.

  current_cluster: staging
  defaults: {timeout: 10s, refresh: 5s, tail_buffer: 10000, theme: auto}
  clusters:
    - name: staging
      brokers: [b1:9092, b2:9092]
      read_only: true
      color: "#d75f00"
      sasl: {mechanism: SCRAM-SHA-512, username: alice, password_cmd: "pass show kafka/staging"}
      tls: {enabled: true, ca_file: ~/certs/ca.pem}
      schema_registry: {url: "https://sr:8081", username: alice, password_env: SR_PASS}

Precedence, highest first:
  1. command-line flags (--timeout, --sasl-username, --read-only, ...)
  2. KAFKATUI_* environment variables (KAFKATUI_TIMEOUT, ...)
  3. the chosen cluster of the file: --cluster NAME (or KAFKATUI_CLUSTER),
     else current_cluster; then the file's defaults
  4. built-in defaults
Brokers given with -b or KAFKATUI_BROKERS and no --cluster use none of the
file's clusters (only its defaults): ad hoc brokers never take another
cluster's credentials. A flag overrides only its own setting of the chosen
cluster.

Secrets (password, client_secret, token) are given as the value, as
NAME_env (an environment variable) or as NAME_cmd (a shell command whose
output is the secret; token_cmd is run again when the token expires). They
are never printed. A file holding a literal secret should be readable by
you alone (chmod 600): kafkatui warns otherwise.`

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:         "config",
		Short:       "List, choose and import the clusters of the config file",
		Long:        configLong,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annotationNoConnect: "yes"},
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.configListCommand(), a.configUseCommand(), a.configPathCommand(), a.configImportKafCommand())
	return cmd
}

// loadConfig reads the config file for the config commands, warning once
// when it holds a secret others can read. The file is nil when there is none.
func (a *app) loadConfig(mayBeMissing bool) (config.Location, *config.File, error) {
	loc, err := config.Locate(a.conn.configPath, a.env.Getenv, mayBeMissing)
	if err != nil {
		return loc, nil, err
	}
	if loc.Explicit && mayBeMissing && !fileExists(loc.Path) {
		return loc, nil, nil
	}
	f, err := loc.Load(a.configOptions())
	if err != nil {
		return loc, nil, err
	}
	if w := f.Warning(); w != "" {
		fmt.Fprintf(a.env.Stderr, "kafkatui: warning: %s\n", oneLine(w))
	}
	return loc, f, nil
}

func (a *app) configListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the configured clusters; * marks the one used",
		Args:  cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			loc, f, err := a.loadConfig(false)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if f == nil {
				if asJSON {
					return writeJSON(out, configListing{Clusters: []clusterListing{}})
				}
				fmt.Fprintf(out, "No config file: kafkatui looked for %s and %s.\n", orDash(loc.Own), orDash(config.KafPath(a.env.Getenv)))
				return nil
			}
			current := f.Current
			if a.conn.cluster != "" {
				current = a.conn.cluster
			}
			if asJSON {
				return writeJSON(out, listing(f, current))
			}
			return writeListing(out, f, loc, current)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}

// configListing is `config list --json`. Secrets appear only as their
// source ("literal", "$VAR", "command").
type configListing struct {
	File     string           `json:"file,omitempty"`
	Format   string           `json:"format,omitempty"`
	Current  string           `json:"current,omitempty"`
	Clusters []clusterListing `json:"clusters"`
}

type clusterListing struct {
	Name      string   `json:"name"`
	Brokers   []string `json:"brokers"`
	Mechanism string   `json:"sasl_mechanism,omitempty"`
	Username  string   `json:"sasl_username,omitempty"`
	Secret    string   `json:"secret_source,omitempty"`
	TLS       bool     `json:"tls"`
	ReadOnly  bool     `json:"read_only"`
	Color     string   `json:"color,omitempty"`
	Current   bool     `json:"current"`
	// SchemaRegistry is the registry's URL (credentials are never in it).
	SchemaRegistry string `json:"schema_registry,omitempty"`
}

func listing(f *config.File, current string) configListing {
	l := configListing{File: f.Path, Format: formatName(f.Format), Current: current, Clusters: []clusterListing{}}
	for _, c := range f.Clusters {
		secret := ""
		for _, s := range []config.Secret{c.SASL.Password, c.SASL.ClientSecret, c.SASL.Token} {
			if !s.IsZero() {
				secret = s.Source()
			}
		}
		if c.SASL.TokenCmd != "" {
			secret = "command"
		}
		l.Clusters = append(l.Clusters, clusterListing{
			Name: c.Name, Brokers: c.Brokers, Mechanism: c.SASL.Mechanism, Username: c.SASL.Username, Secret: secret,
			TLS: c.TLS.Enabled || c.TLS.CAFile != "" || c.TLS.CertFile != "", ReadOnly: c.ReadOnly, Color: c.Color, Current: c.Name == current,
			SchemaRegistry: c.SchemaRegistry.URL,
		})
	}
	return l
}

func formatName(f config.Format) string {
	if f == config.FormatKaf {
		return "kaf"
	}
	return "kafkatui"
}

func writeListing(out io.Writer, f *config.File, loc config.Location, current string) error {
	if f.Format == config.FormatKaf {
		fmt.Fprintf(out, "Config: %s (kaf's; kafkatui config import-kaf copies it to %s)\n\n", f.Path, orDash(loc.Own))
	} else {
		fmt.Fprintf(out, "Config: %s\n\n", f.Path)
	}
	if len(f.Clusters) == 0 {
		fmt.Fprintln(out, "No clusters.")
		return nil
	}
	t := newTable("CURRENT", "NAME", "BROKERS", "AUTH", "TLS", "READ-ONLY")
	for _, c := range f.Clusters {
		mark := ""
		if c.Name == current {
			mark = "*"
		}
		t.add(mark, c.Name, strings.Join(c.Brokers, ","), c.SASL.Auth(), tlsSummary(c), yesNo(c.ReadOnly))
	}
	return t.write(out)
}

func tlsSummary(c config.Cluster) string {
	t := c.TLS
	switch {
	case !t.Enabled && t.CAFile == "" && t.CertFile == "" && !t.InsecureSkipVerify:
		return "no"
	case t.InsecureSkipVerify:
		return "yes, NOT VERIFIED"
	case t.CertFile != "":
		return "yes, client cert"
	}
	return "yes"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (a *app) configUseCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Make NAME the current cluster (rewrites current_cluster, nothing else)",
		Long: "Set current_cluster in kafkatui's config file. Only that value changes in the\n" +
			"file: its comments and layout stay as they are. The run after uses NAME unless\n" +
			"--cluster, KAFKATUI_CLUSTER or -b says otherwise.",
		Args:              exactArgs("NAME"),
		ValidArgsFunction: a.completeClusters,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			loc, err := config.Locate(a.conn.configPath, a.env.Getenv, false)
			if err != nil {
				return err
			}
			switch {
			case loc.Path == "":
				return fmt.Errorf("no config file: create %s, or import kaf's with kafkatui config import-kaf", orDash(loc.Own))
			case loc.Format == config.FormatKaf:
				return fmt.Errorf("the clusters come from kaf's %s, which kafkatui does not change: run kafkatui config import-kaf first", loc.Path)
			}
			if err := config.SetCurrent(loc.Path, args[0], a.configOptions()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Current cluster: %s (%s)\n", args[0], loc.Path)
			return nil
		}),
	}
}

func (a *app) configPathCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "path",
		Short: "Print the path of kafkatui's config file",
		Long: "Print the path of kafkatui's config file, whether or not it exists yet (so\n" +
			"that $EDITOR \"$(kafkatui config path)\" works). A note on standard error says\n" +
			"when it does not exist, and which file is read instead.",
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			loc, err := config.Locate(a.conn.configPath, a.env.Getenv, true)
			if err != nil {
				return err
			}
			if loc.Own == "" {
				return fmt.Errorf("no place for a config file: neither XDG_CONFIG_HOME nor HOME is set; use --config PATH")
			}
			fmt.Fprintln(cmd.OutOrStdout(), loc.Own)
			if !fileExists(loc.Own) {
				note := "it does not exist yet"
				if loc.Format == config.FormatKaf {
					note += "; kaf's " + loc.Path + " is read instead"
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "kafkatui: %s\n", note)
			}
			return nil
		}),
	}
}

func (a *app) configImportKafCommand() *cobra.Command {
	var (
		from  string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "import-kaf [--from PATH] [--force]",
		Short: "Copy kaf's clusters (~/.kaf/config) into kafkatui's config file",
		Long: "Write kaf's clusters into kafkatui's config file, with kafkatui's field names.\n" +
			"A new file gets all of them and kaf's current cluster, with mode 0600 (kaf keeps\n" +
			"passwords as plain text; they are copied as they are). An existing file is not\n" +
			"touched unless --force is given; then the kaf clusters whose names it does not\n" +
			"have are appended to it, and nothing already in it changes (its comments are\n" +
			"kept, its layout may be reformatted).",
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				from = config.KafPath(a.env.Getenv)
				if from == "" {
					return usagef("HOME is not set: name kaf's file with --from PATH")
				}
			}
			loc, err := config.Locate(a.conn.configPath, a.env.Getenv, true)
			if err != nil {
				return err
			}
			if loc.Own == "" {
				return usagef("no place for kafkatui's config file: neither XDG_CONFIG_HOME nor HOME is set; use --config PATH")
			}
			res, err := config.ImportKaf(from, loc.Own, force, a.configOptions())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case len(res.Added) == 0:
				fmt.Fprintf(out, "Nothing to import: %s already has every cluster of %s.\n", res.Path, from)
			case res.Created:
				fmt.Fprintf(out, "Wrote %s (mode 0600) with %d clusters from %s: %s\n", res.Path, len(res.Added), from, strings.Join(res.Added, ", "))
			default:
				fmt.Fprintf(out, "Added %d clusters from %s to %s: %s\n", len(res.Added), from, res.Path, strings.Join(res.Added, ", "))
			}
			if len(res.Skipped) > 0 {
				fmt.Fprintf(out, "Kept the file's own clusters of the same name: %s\n", strings.Join(res.Skipped, ", "))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&from, "from", "", "kaf's config file (default ~/.kaf/config)")
	cmd.Flags().BoolVar(&force, "force", false, "add to an existing file the clusters it does not have")
	_ = cobra.MarkFlagFilename(cmd.Flags(), "from")
	return cmd
}

// completeClusters completes the NAME of `config use`.
func (a *app) completeClusters(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.clusterNames(), cobra.ShellCompDirectiveNoFileComp
}

// clusterNames are the config file's clusters, for shell completion, which
// runs without prepare: the environment is read here.
func (a *app) clusterNames() []string {
	path := a.conn.configPath
	if path == "" {
		path = a.env.getenv(envName("config"))
	}
	loc, err := config.Locate(path, a.env.Getenv, false)
	if err != nil {
		return nil
	}
	f, err := loc.Load(a.configOptions())
	if err != nil || f == nil {
		return nil
	}
	return f.Names()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
