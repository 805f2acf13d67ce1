// Package cli is kafkatui's command-line surface: the root command, the
// global connection flags and the headless commands (topics, consume,
// produce, groups, demo...).
//
// It may import kafkaops, demo, internal packages, cobra and the standard
// library. Everything a run needs (arguments, standard streams, environment,
// context) is passed in, so tests run the whole program in-process; nothing
// here calls os.Exit or keeps state between runs.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kafkatui/kafkatui/config"
	"github.com/kafkatui/kafkatui/internal/safe"
)

// Exit statuses.
const (
	// ExitOK is success, including a consume ended by Ctrl-C.
	ExitOK = 0
	// ExitError is a Kafka or input error, reported in one line on stderr.
	ExitError = 1
	// ExitUsage is a command-line mistake: unknown command or flag, wrong
	// number of arguments, a malformed flag value.
	ExitUsage = 2
)

// Env is what one run of the program sees of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv looks up environment variables; nil means no environment,
	// which keeps tests independent of the shell that runs them.
	Getenv func(string) string

	// completionTimeout and probeTimeout, when set, replace the short
	// bounds of shell completion and of the wrong-protocol probe. Tests
	// set them generously, so that a loaded machine slow to answer is not
	// taken for a cluster that cannot answer; zero keeps the defaults.
	completionTimeout time.Duration
	probeTimeout      time.Duration
	// stdinIsTerminal says whether a person may be typing on Stdin, so a
	// destructive command can ask instead of needing --yes. Nil checks
	// whether Stdin is a terminal; tests set it rather than open a tty.
	stdinIsTerminal func() bool
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// Main runs kafkatui as a process would: with the real environment, and
// SIGINT or SIGTERM cancelling the run so a consume or demo ends cleanly. A
// second signal kills the process the default way. It returns the exit
// status for os.Exit.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore default handling: a second Ctrl-C kills a stuck run
	}()
	return Run(ctx, args, Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv})
}

// Run executes one command line (without the program name) and returns its
// exit status. Cancelling ctx ends long-running commands cleanly.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.stdinIsTerminal == nil {
		stdin := env.Stdin
		env.stdinIsTerminal = func() bool { return isTerminal(stdin) }
	}
	app := &app{env: env}
	root := app.rootCommand()
	if args == nil {
		args = []string{} // cobra reads os.Args for nil
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	code := ExitOK
	if err != nil {
		code = report(env.Stderr, cmd, err)
	}
	app.closeLog(code, err)
	return code
}

// report prints err the way its kind calls for and returns the exit status.
func report(stderr io.Writer, cmd *cobra.Command, err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "kafkatui: %s\n", ee.msg)
		}
		return ee.code
	}
	// Anything else comes from cobra's parsing (unknown command or flag,
	// bad flag value, wrong argument count) or is marked as usage: say what
	// is wrong and where to look, without dumping the whole usage text.
	var ue *usageError
	if errors.As(err, &ue) {
		err = ue.err
	}
	fmt.Fprintf(stderr, "kafkatui: %s\n", oneLine(err.Error()))
	if cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return ExitUsage
}

// exitError is a failure past command-line parsing, with its exit status.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageError marks a command-line mistake found by a command itself (a bad
// -H header, an unknown --acks value...) so it exits 2 like cobra's own.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// oneLine keeps a message on one line and free of terminal escapes: Kafka
// error messages can echo names and values that came from the data.
func oneLine(s string) string {
	return safe.String(strings.TrimSpace(s))
}

// wrapRun turns a command's error into an exitError (status 1) unless it is
// a usageError, so report can tell parse failures from runtime ones. A run
// cancelled by the user (Ctrl-C) is a clean exit.
func wrapRun(ctx func() context.Context, err error) error {
	if err == nil {
		return nil
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return err
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	if c := ctx(); c != nil && c.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return &exitError{code: ExitError, msg: oneLine(err.Error())}
}

// runE adapts a command body to cobra, classifying its error.
func runE(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		return wrapRun(cmd.Context, fn(cmd, args))
	}
}

// app holds one run's state: its environment, the global flags and what
// prepare made of them and of the config file.
type app struct {
	env  Env
	conn connFlags
	ui   uiFlags
	// ctx is the run's context, for open.
	ctx context.Context
	// explicit are the flags set on the command line or by KAFKATUI_*.
	explicit map[string]bool
	// loc and file are the config file located and read (file nil: none).
	loc  config.Location
	file *config.File
	// target is the cluster chosen.
	target target
	// logFile and logger are the --debug log, opened on first use.
	logFile *os.File
	logger  *log.Logger
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "kafkatui",
		Short: "A terminal UI and headless command line for Apache Kafka",
		Long: "kafkatui is a keyboard-driven terminal UI for Apache Kafka. Its commands also\n" +
			"work headless, for scripts: list and describe topics, brokers and consumer\n" +
			"groups, consume and produce messages.\n\n" +
			"Try it without a cluster: kafkatui demo",
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// With no command kafkatui opens the UI.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return wrapRun(cmd.Context, runUI(cmd, a))
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return wrapRun(cmd.Context, a.prepare(cmd))
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	a.conn.register(root.PersistentFlags())
	a.ui.register(root.PersistentFlags())
	_ = root.RegisterFlagCompletionFunc("cluster", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return a.clusterNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("isolation", cobra.FixedCompletions(
		[]string{"uncommitted\tevery record, aborted and open ones marked", "committed\tas read_committed consumers"},
		cobra.ShellCompDirectiveNoFileComp))
	// Declared here so cobra does not take -v for it: -v stays free for a
	// later --verbose.
	root.Flags().Bool("version", false, "print the version and exit")
	root.AddGroup(&cobra.Group{ID: "kafka", Title: "Kafka commands:"})
	for _, c := range []*cobra.Command{
		a.topicsCommand(), a.topicCommand(), a.brokersCommand(),
		a.consumeCommand(), a.produceCommand(),
		a.groupsCommand(), a.groupCommand(),
	} {
		c.GroupID = "kafka"
		root.AddCommand(c)
	}
	root.AddGroup(&cobra.Group{ID: "registry", Title: "Schema Registry commands:"})
	for _, c := range []*cobra.Command{a.schemasCommand(), a.schemaCommand()} {
		c.GroupID = "registry"
		root.AddCommand(c)
	}
	root.AddCommand(a.demoCommand(), a.configCommand())
	root.SetIn(a.env.Stdin)
	root.SetOut(a.env.Stdout)
	root.SetErr(a.env.Stderr)
	// Added now rather than when cobra executes, so finishTree sees it;
	// after SetOut, as the scripts' writer is taken when it is added.
	root.InitDefaultCompletionCmd()
	finishTree(root)
	return root
}

// finishTree sets, once for the whole tree, what every command group and
// every flag should have, so no command can forget it:
//   - a group (topic, group, config...) given a word that is none of its
//     commands says so and exits 2; cobra would print the group's help and
//     exit 0, which a script takes for success;
//   - a list flag without default shows none in help, not "(default [])"
//     (pflag knows only some slice types' empty default).
func finishTree(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasParent() && c.HasSubCommands() {
			c.Args = subcommandArgs
			if c.RunE == nil && c.Run == nil {
				c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if _, ok := f.Value.(pflag.SliceValue); ok && f.DefValue == "[]" {
				f.DefValue = ""
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// subcommandArgs refuses any argument of a command group: cobra only gets
// here when the first word named none of the group's commands.
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(": did you mean %q?", s[0])
	}
	return usagef("%s (commands: %s)", msg, strings.Join(names, ", "))
}

// version is what --version prints after "kafkatui version": the version
// with commit, date, Go version and platform (see version.go).
func version() string { return currentBuild().String() }
