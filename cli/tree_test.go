package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestUnknownSubcommand checks that a command group given a word that is
// none of its commands says so and exits 2, instead of printing its help
// and exiting 0 (which a script takes for success).
func TestUnknownSubcommand(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		word, cmd string
		lists     string
	}{
		{[]string{"topic", "config", "set", "x"}, "config", "kafkatui topic", "create, delete, describe"},
		{[]string{"topic", "frobnicate"}, "frobnicate", "kafkatui topic", "create, delete, describe"},
		{[]string{"group", "delet", "g"}, "delet", "kafkatui group", "delete"},
		{[]string{"config", "nope"}, "nope", "kafkatui config", "list"},
		{[]string{"completion", "tcsh"}, "tcsh", "kafkatui completion", "bash"},
		{[]string{"-b", "127.0.0.1:1", "topic", "frobnicate"}, "frobnicate", "kafkatui topic", "describe"},
	} {
		r := run(t, tc.args...)
		r.usage(t, `unknown command "`+tc.word+`" for "`+tc.cmd+`"`)
		if !strings.Contains(r.stderr, tc.lists) {
			t.Errorf("%v: stderr %q does not name the valid commands (%s)", tc.args, r.stderr, tc.lists)
		}
	}
	r := run(t, "group", "delet", "g")
	if !strings.Contains(r.stderr, `did you mean "delete"?`) {
		t.Errorf("no suggestion for a near miss: %q", r.stderr)
	}
}

// TestCommandGroupAloneShowsHelp checks that a group run without a command
// still prints its help and succeeds, without reading the config file (a
// broken one must not hide the help).
func TestCommandGroupAloneShowsHelp(t *testing.T) {
	for _, g := range []string{"topic", "group", "config", "completion"} {
		r := runWith(t, runOpts{env: map[string]string{"KAFKATUI_CONFIG": "/nonexistent/kafkatui.yaml"}}, g).ok(t)
		if !strings.Contains(r.stdout, "Available Commands:") || r.stderr != "" {
			t.Errorf("%s: stdout %q stderr %q, want its help", g, r.stdout, r.stderr)
		}
	}
}

// TestHelpHasNoEmptyListDefault checks that no command's help shows
// "(default [])" for a list flag that has no default (consume -p did).
func TestHelpHasNoEmptyListDefault(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		r := run(t, append(path, "--help")...).ok(t)
		if strings.Contains(r.stdout, "(default [])") {
			t.Errorf("kafkatui %s --help shows an empty default:\n%s", strings.Join(path, " "), r.stdout)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk((&app{}).rootCommand())
}
