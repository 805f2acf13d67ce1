package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/demo"
)

// serveAnyAddr is --serve given without a value: random free ports on
// loopback, the same as demo.Options{Addr: ""}.
const serveAnyAddr = "127.0.0.1:0"

func (a *app) demoCommand() *cobra.Command {
	var (
		serve string
		rate  float64
	)
	cmd := &cobra.Command{
		Use:   "demo [--serve[=ADDR]] [ADDR]",
		Short: "Run an embedded demo cluster with live data",
		Long: "Start an in-process three-broker Kafka-protocol cluster on loopback, seeded with\n" +
			"realistic data (JSON orders and payments, a busy clickstream, logs, binary\n" +
			"readings, a compacted topic with tombstones) and consumer groups in different\n" +
			"states, with live traffic. An in-process Schema Registry serves the schemas of\n" +
			"three more topics: payments-avro (Avro), shipments-proto (Protobuf) and\n" +
			"audit-jsonschema (JSON Schema). It prints the bootstrap address and the\n" +
			"registry's URL for kafkatui, kcat or any client, and runs until Ctrl-C.\n\n" +
			"ADDR (or --serve=ADDR) is host:port of the first broker; the others take the\n" +
			"next ports. The default is random free ports on 127.0.0.1.",
		Example: "  kafkatui demo\n  kafkatui demo --serve 127.0.0.1:9092",
		Args:    cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			addr := ""
			if serve != "" && serve != serveAnyAddr {
				addr = serve
			}
			if len(args) == 1 {
				if addr != "" {
					return usagef("address given twice: --serve=%s and %s", serve, args[0])
				}
				addr = args[0]
			}
			opts := demo.Options{Addr: addr, Rate: rate}
			if serve == "" {
				return a.runDemoUI(cmd.Context(), opts)
			}
			return runDemo(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
		}),
	}
	cmd.Flags().StringVar(&serve, "serve", "", "run only the cluster and its traffic, on `ADDR` if given (no UI)")
	cmd.Flags().Lookup("serve").NoOptDefVal = serveAnyAddr
	cmd.Flags().Float64Var(&rate, "rate", 1, "multiply the live traffic rate (0.1 for a quiet demo, 5 for a busy one)")
	return cmd
}

// runDemoUI starts the demo cluster and opens the UI on it; quitting the UI
// stops the cluster. The demo's warnings go to the --debug log, never to
// the terminal the UI draws on.
func (a *app) runDemoUI(ctx context.Context, opts demo.Options) error {
	if opts.Rate <= 0 {
		return usagef("--rate must be positive")
	}
	logw, closeLog, err := a.debugLog()
	if err != nil {
		return err
	}
	defer closeLog()
	lg := debugLogger(logw)
	opts.Logf = func(format string, args ...any) { lg.Printf("demo: "+format, args...) }
	c, err := demo.Start(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer c.Close()
	a.useDemoRegistry(c.RegistryURL())
	cfg, err := a.configFor(ctx, c.Bootstrap())
	if err != nil {
		return err
	}
	dec, err := a.uiDecoder(ctx, a.target.cluster, a.explicit)
	if err != nil {
		return err
	}
	return a.runUIOn(ctx, cfg, uiTarget{name: "demo", demo: true, clusters: a.clusterChoices(), decoder: dec})
}

// useDemoRegistry makes the demo's Schema Registry the run's, as a
// cluster's schema_registry would be: the brokers are the demo's, so a
// registry configured for another cluster would not know its schemas.
// --schema-registry (or its environment variable) still wins, as it does
// over a config file.
func (a *app) useDemoRegistry(url string) {
	a.target.cluster.SchemaRegistry = config.SchemaRegistry{URL: url}
}

// runDemo starts the demo cluster, says how to reach it, and serves until
// ctx is cancelled (Ctrl-C or SIGTERM).
func runDemo(ctx context.Context, stdout, stderr io.Writer, opts demo.Options) error {
	if opts.Rate <= 0 {
		return usagef("--rate must be positive")
	}
	opts.Logf = func(format string, args ...any) { // the demo serialises calls
		fmt.Fprintf(stderr, "kafkatui: demo: %s\n", oneLine(fmt.Sprintf(format, args...)))
	}
	c, err := demo.Start(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while starting
		}
		return err
	}
	defer c.Close()
	addrs := c.Bootstrap()
	bootstrap := strings.Join(addrs, ",")
	first := addrs[0]
	reg := c.RegistryURL()
	fmt.Fprintf(stdout, "bootstrap: %s\n", bootstrap)
	fmt.Fprintf(stdout, "schema registry: %s\n", reg)
	fmt.Fprintf(stdout, "try: kafkatui -b %s topics\n", first)
	fmt.Fprintf(stdout, "     kafkatui -b %s consume orders -o -5 -e\n", first)
	fmt.Fprintf(stdout, "     kafkatui -b %s --schema-registry %s schemas\n", first, reg)
	fmt.Fprintf(stdout, "     export KAFKATUI_BROKERS=%s KAFKATUI_SCHEMA_REGISTRY=%s\n", first, reg)
	fmt.Fprintf(stdout, "     kcat -b %s -L\n", first)
	fmt.Fprintln(stderr, "kafkatui: demo cluster running; Ctrl-C to stop")
	<-ctx.Done()
	fmt.Fprintln(stderr, "kafkatui: stopping the demo cluster...")
	return c.Close()
}
