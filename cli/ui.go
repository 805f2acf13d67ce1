package cli

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui"
	"github.com/kafkatui/kafkatui/ui/common"
)

// uiFlags are the global flags that shape the terminal UI. --read-only also
// binds the headless commands: nothing that writes to the cluster runs.
type uiFlags struct {
	theme    string
	readOnly bool
	refresh  time.Duration
	tailBuf  int
	debug    string
	// isolation is consume's and the live tail's isolation level.
	isolation isolationFlag
}

func (u *uiFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&u.theme, "theme", "auto", "colour theme: "+strings.Join(themes.Names(), ", ")+" (NO_COLOR turns colour off; env KAFKATUI_THEME)")
	fs.BoolVar(&u.readOnly, "read-only", false, "refuse every action that writes to the cluster, in the UI and the commands (env KAFKATUI_READ_ONLY)")
	fs.DurationVar(&u.refresh, "refresh", 5*time.Second, "how often the UI refreshes what it shows (env KAFKATUI_REFRESH)")
	fs.IntVar(&u.tailBuf, "tail-buffer", 10_000, "how many records a live tail holds; the oldest are dropped beyond (env KAFKATUI_TAIL_BUFFER)")
	fs.Var(&u.isolation, "isolation", "transactions: uncommitted shows every record and marks those of aborted and open transactions; committed shows only what read_committed consumers see (consume and the live tail; env KAFKATUI_ISOLATION)")
	fs.StringVar(&u.debug, "debug", "", "write a debug log to `FILE`, never to the terminal (env KAFKATUI_DEBUG)")
	_ = cobra.MarkFlagFilename(fs, "debug", "log")
}

// checkWrite refuses a writing command in read-only mode.
func (a *app) checkWrite(what string) error {
	if a.ui.readOnly {
		return fmt.Errorf("%s refused: read-only mode (--read-only)", what)
	}
	return nil
}

// runUI opens the terminal UI on the cluster named by the flags and the
// config file.
func runUI(cmd *cobra.Command, a *app) error {
	cfg, err := a.kafkaConfig(cmd.Context())
	if err != nil {
		return err
	}
	c := a.target.cluster
	dec, err := a.uiDecoder(cmd.Context(), c, a.explicit)
	if err != nil {
		return err
	}
	return a.runUIOn(cmd.Context(), cfg, uiTarget{name: c.Name, color: c.Color, clusters: a.clusterChoices(), decoder: dec})
}

// uiDecoder is the decoder of cl's Schema Registry for the UI (the flags
// in explicit laid over the cluster's schema_registry), nil when neither
// names one: then the UI decodes nothing and pays nothing for it. The
// registry is not contacted here; the first framed record asks it.
func (a *app) uiDecoder(ctx context.Context, cl config.Cluster, explicit map[string]bool) (common.RecordDecoder, error) {
	cfg, ok, err := a.registryFor(ctx, cl, explicit)
	if err != nil || !ok {
		return nil, err
	}
	reg, err := schemas.NewRegistry(cfg)
	if err != nil {
		return nil, err
	}
	return schemas.NewDecoder(reg), nil
}

// uiTarget is what the UI is told about the cluster beyond how to reach it.
type uiTarget struct {
	// name is the header's label; empty shows the bootstrap address.
	name string
	// color is the cluster's header colour from the config file.
	color string
	// demo is set for the embedded demo cluster, which shares the process.
	demo bool
	// clusters are the config file's, for the cluster switcher.
	clusters []ui.ClusterChoice
	// decoder reads records framed for the cluster's Schema Registry;
	// nil when it has none.
	decoder common.RecordDecoder
}

// uiMemoryLimit is the UI's soft memory limit. A live tail of a fast topic
// allocates hundreds of MB a minute (records, rows, fetch buffers) while
// holding only its buffer; left alone, the Go GC lets the heap grow to
// twice what is live between cycles. The limit makes it collect sooner as
// the heap nears the base plus ~2 KiB per record the tail may hold. It is
// soft: a heap that truly needs more still gets it (the GC then runs more
// often, its CPU share capped by the runtime). A GOMEMLIMIT set by the user
// wins; the demo, whose broker lives in the same process, sets none.
func uiMemoryLimit(tailBuffer int) int64 {
	const base, perRecord = 64 << 20, 2 << 10
	return base + int64(tailBuffer)*perRecord
}

// runUIOn opens the terminal UI on cfg's cluster until the user quits or
// ctx is cancelled.
func (a *app) runUIOn(ctx context.Context, cfg kafkaops.Config, t uiTarget) error {
	if _, err := themes.Get(a.ui.theme); err != nil {
		return usagef("--theme: %v", err)
	}
	if a.ui.tailBuf < config.MinTailBuffer || a.ui.tailBuf > config.MaxTailBuffer {
		return usagef("--tail-buffer must be between %d and %d, got %d", config.MinTailBuffer, config.MaxTailBuffer, a.ui.tailBuf)
	}
	if a.ui.refresh < config.MinRefresh {
		return usagef("--refresh must be at least %s, got %s", config.MinRefresh, a.ui.refresh)
	}
	// The runtime itself reads GOMEMLIMIT from the process environment, so
	// that (not Env) is where a user's own limit is.
	if !t.demo && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(uiMemoryLimit(a.ui.tailBuf))
	}
	logw, closeLog, err := a.debugLog()
	if err != nil {
		return err
	}
	defer closeLog()
	cl, err := connect(cfg)
	if err != nil {
		return err
	}
	defer cl.Close()
	return ui.Run(ctx, cl, ui.Options{
		ClusterName:  t.name,
		ClusterColor: t.color,
		Clusters:     t.clusters,
		Brokers:      cfg.Brokers,
		Insecure:     cfg.Insecure(),
		Warnings:     cfg.Warnings(),
		Theme:        a.ui.theme,
		DebugLog:     logw,
		Decoder:      t.decoder,
		Settings: common.Settings{
			ReadOnly:   a.ui.readOnly,
			Refresh:    a.ui.refresh,
			TailBuffer: a.ui.tailBuf,
			Isolation:  kafkaops.Isolation(a.ui.isolation),
		},
	})
}
