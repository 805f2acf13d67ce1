package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui"
)

// target is the cluster a run connects to, before the flags are laid over
// it: one of the config file's, or (for -b, or without a file) a cluster
// holding only the file's defaults.
type target struct {
	cluster config.Cluster
	// origin says how it was chosen, for the debug log.
	origin string
}

// skipsConfig reports whether cmd works without reading the config file
// and connecting: the config commands (which read it themselves, and must
// work on a broken one), help and shell completion.
func skipsConfig(cmd *cobra.Command) bool {
	if cmd.HasParent() && cmd.HasSubCommands() {
		return true // a command group run alone only prints its help
	}
	for c := cmd; c != nil; c = c.Parent() {
		if c.Annotations[annotationNoConnect] != "" || c.Name() == "completion" || c.Name() == "help" {
			return true
		}
	}
	return false
}

// annotationNoConnect marks a command that neither reads the config file
// before it runs nor connects.
const annotationNoConnect = "kafkatui/no-connect"

// prepare runs before every command: the environment fills the flags not
// given, then the config file is read, a cluster chosen and the UI settings
// settled. Precedence, highest first: flags, KAFKATUI_* variables, the
// chosen cluster of the file, the file's defaults, built-in defaults.
func (a *app) prepare(cmd *cobra.Command) error {
	a.ctx = cmd.Context()
	explicit, err := applyEnv(cmd, a.env)
	if err != nil {
		return err
	}
	a.explicit = explicit
	if skipsConfig(cmd) {
		return nil
	}
	a.logf("run: %s (kafkatui %s)", cmd.CommandPath(), version())
	if err := a.readConfig(); err != nil {
		return err
	}
	if err := a.choose(cmd); err != nil {
		return err
	}
	a.settleUI()
	return nil
}

// readConfig locates and reads the config file, if there is one, and warns
// once if it holds a secret others can read.
func (a *app) readConfig() error {
	loc, err := config.Locate(a.conn.configPath, a.env.Getenv, false)
	if err != nil {
		return err
	}
	a.loc = loc
	f, err := loc.Load(a.configOptions())
	if err != nil {
		return err
	}
	a.file = f
	switch {
	case f == nil:
		a.logf("config: no file (kafkatui's would be %s)", orDash(loc.Own))
	case f.Format == config.FormatKaf:
		a.logf("config: %s (kaf's; %d clusters)", f.Path, len(f.Clusters))
	default:
		a.logf("config: %s (%d clusters)", f.Path, len(f.Clusters))
	}
	if w := f.Warning(); w != "" {
		fmt.Fprintf(a.env.Stderr, "kafkatui: warning: %s\n", oneLine(w))
	}
	return nil
}

func (a *app) configOptions() config.Options {
	return config.Options{Home: a.env.getenv("HOME")}
}

// choose picks the cluster: --cluster (or KAFKATUI_CLUSTER), else none when
// brokers are given (ad hoc brokers never take a configured cluster's
// credentials), else the file's current_cluster.
func (a *app) choose(cmd *cobra.Command) error {
	name := strings.TrimSpace(a.conn.cluster)
	f := a.file
	if cmd.Name() == "demo" && cmd.Parent() == cmd.Root() {
		if name != "" {
			return usagef("--cluster does not apply to the demo, which runs its own cluster")
		}
		a.target = target{cluster: f.AdHoc(), origin: "demo"}
		return nil
	}
	if name != "" {
		origin := "--cluster"
		if !cmd.Flags().Changed("cluster") {
			origin = "KAFKATUI_CLUSTER"
		}
		if f == nil {
			where := "no config file was found"
			if a.loc.Own != "" {
				where = a.loc.Own + " does not exist"
			}
			return usagef("%s %s: %s", origin, name, where)
		}
		c, ok := f.Cluster(name)
		if !ok {
			return usagef("%s %s: no such cluster in %s (clusters: %s)", origin, name, f.Path, orDash(strings.Join(f.Names(), ", ")))
		}
		a.target = target{cluster: c, origin: origin}
	} else if a.explicit["brokers"] || f == nil || f.Current == "" {
		a.target = target{cluster: f.AdHoc(), origin: "brokers from -b or KAFKATUI_BROKERS"}
	} else {
		c, _ := f.Cluster(f.Current)
		a.target = target{cluster: c, origin: "current_cluster of " + f.Path}
	}
	if a.target.cluster.Name != "" {
		a.logf("cluster: %s (%s)", a.target.cluster.Name, a.target.origin)
	}
	return nil
}

// settleUI gives the UI settings not set by a flag or variable the value
// of the chosen cluster or of the file's defaults.
func (a *app) settleUI() {
	var def config.Defaults
	if a.file != nil {
		def = a.file.Defaults
	}
	if !a.explicit["theme"] && def.Theme != "" {
		a.ui.theme = def.Theme
	}
	if !a.explicit["refresh"] && def.Refresh != 0 {
		a.ui.refresh = def.Refresh
	}
	if !a.explicit["tail-buffer"] && def.TailBuffer != 0 {
		a.ui.tailBuf = def.TailBuffer
	}
	if !a.explicit["isolation"] && def.Isolation != "" {
		// The file's value was checked when it was read.
		_ = a.ui.isolation.Set(def.Isolation)
	}
	if !a.explicit["read-only"] {
		a.ui.readOnly = a.target.cluster.ReadOnly
	}
	a.logf("settings: read-only=%v theme=%s refresh=%s tail-buffer=%d isolation=%s", a.ui.readOnly, a.ui.theme, a.ui.refresh, a.ui.tailBuf, a.ui.isolation.String())
}

// clusterChoices lists the file's clusters for the UI's cluster switcher.
// Switching applies --read-only and the carried connection flags when they
// were given (resolve lays them over the cluster, as for the first one);
// the others were about the cluster the run started with, so a configured
// cluster is reached with its own settings.
func (a *app) clusterChoices() []ui.ClusterChoice {
	if a.file == nil {
		return nil
	}
	out := make([]ui.ClusterChoice, 0, len(a.file.Clusters))
	for _, c := range a.file.Clusters {
		readOnly := c.ReadOnly
		if a.explicit["read-only"] {
			readOnly = a.ui.readOnly
		}
		cl := c
		out = append(out, ui.ClusterChoice{
			Name:     c.Name,
			Color:    c.Color,
			ReadOnly: readOnly,
			Brokers:  c.Brokers,
			Auth:     authSummary(c.SASL.Mechanism, c.TLS),
			Open: func(ctx context.Context) (ui.Connection, error) {
				cfg, err := a.switchConfig(ctx, cl)
				if err != nil {
					return ui.Connection{}, err
				}
				dec, err := a.uiDecoder(ctx, cl, carriedFlags(a.explicit))
				if err != nil {
					return ui.Connection{}, err
				}
				k, err := connect(cfg)
				if err != nil {
					return ui.Connection{}, err
				}
				return ui.Connection{Backend: k, Release: func() { _ = k.Close() }, Insecure: cfg.Insecure(), Warnings: cfg.Warnings(), Decoder: dec}, nil
			},
		})
	}
	return out
}

// switchConfig is the settings that reach cl when the UI switches to it:
// the same precedence as the first cluster, with only the carried flags.
func (a *app) switchConfig(ctx context.Context, cl config.Cluster) (kafkaops.Config, error) {
	return a.resolve(ctx, cl, carriedFlags(a.explicit), nil)
}

// debugLog opens the --debug file, once per run (Run closes it), or returns
// a writer that discards.
func (a *app) debugLog() (io.Writer, func(), error) {
	if a.ui.debug == "" {
		return io.Discard, func() {}, nil
	}
	if a.logFile == nil {
		f, err := os.OpenFile(a.ui.debug, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, fmt.Errorf("debug log: %w", err)
		}
		a.logFile = f
		a.logger = debugLogger(f)
	}
	return a.logFile, func() {}, nil
}

// logf writes a line to the --debug file, if one was asked for. Nothing
// that holds a secret's value may be passed to it.
func (a *app) logf(format string, args ...any) {
	if a.ui.debug == "" {
		return
	}
	if _, _, err := a.debugLog(); err != nil {
		return // the command that needs the log reports it
	}
	a.logger.Printf(format, args...)
}

// closeLog ends the run's debug log with its outcome.
func (a *app) closeLog(code int, err error) {
	if a.logFile == nil {
		return
	}
	if err != nil {
		a.logger.Printf("exit %d: %s", code, oneLine(err.Error()))
	} else {
		a.logger.Printf("exit %d", code)
	}
	_ = a.logFile.Close()
	a.logFile, a.logger = nil, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// debugLogger is a logger on the --debug file for parts that run beside
// the UI (the demo cluster), which must never write to the terminal.
func debugLogger(w io.Writer) *log.Logger {
	return log.New(w, "", log.LstdFlags|log.Lmicroseconds)
}

// authSummary says how a cluster is reached, for the cluster switcher:
// "SCRAM-SHA-512 · TLS", "TLS (not verified)", or "" for plaintext.
func authSummary(mechanism string, t kafkaops.TLSConfig) string {
	var parts []string
	if mechanism != "" {
		parts = append(parts, mechanism)
	}
	switch {
	case t.InsecureSkipVerify:
		parts = append(parts, "TLS (not verified)")
	case t.Enabled || t.CAFile != "" || t.CertFile != "" || t.ServerName != "":
		if t.CertFile != "" {
			parts = append(parts, "mTLS")
		} else {
			parts = append(parts, "TLS")
		}
	}
	return strings.Join(parts, " · ")
}
