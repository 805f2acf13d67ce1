package cli

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// completions runs kafkatui's completion callback (what the shell scripts
// call on TAB) and returns the offered words and the directive line. Unless
// o says otherwise the completion may take a minute: the program's own 2s
// bound is for a shell user, and a loaded machine can take longer than
// that to list a cluster's topics that does answer.
func completions(t *testing.T, o runOpts, args ...string) (words []string, directive string) {
	t.Helper()
	if o.completionTimeout == 0 {
		o.completionTimeout = time.Minute
	}
	r := runWith(t, o, append([]string{"__complete"}, args...)...)
	r.endedItself(t, fmt.Sprintf("a completion timeout of %s", o.completionTimeout))
	r.ok(t)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
		t.Fatalf("__complete %q printed %q", args, r.stdout)
	}
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func hasWord(words []string, want string) bool {
	for _, w := range words {
		if w == want {
			return true
		}
	}
	return false
}

// TestCompleteTopicsAndGroups completes topic and group names from the
// cluster the flags or the environment point at, as `kafkatui consume
// <TAB>` does in a shell.
func TestCompleteTopicsAndGroups(t *testing.T) {
	b, topic, group, _ := resetFixture(t)
	prefix := topic[:len(topic)-2]
	topicWord := topic + "\t2 partitions"

	for _, args := range [][]string{
		{"-b", b, "consume", prefix},
		{"-b", b, "produce", prefix},
		{"-b", b, "topic", "describe", prefix},
		{"-b", b, "topic", "delete", prefix},
		{"-b", b, "group", "reset", group, "--topic", prefix},
		{"-b", b, "group", "delete-offsets", group, "--topic", prefix},
	} {
		words, dir := completions(t, runOpts{}, args...)
		if !hasWord(words, topicWord) || dir != ":4" {
			t.Errorf("%q offered %q %s, want %q and no files (:4)", args, words, dir, topicWord)
		}
		for _, w := range words {
			if !strings.HasPrefix(w, prefix) {
				t.Errorf("%q offered %q, which does not start with %q", args, w, prefix)
			}
		}
	}

	// The brokers from the environment, as for every command.
	words, _ := completions(t, runOpts{env: map[string]string{"KAFKATUI_BROKERS": b}}, "consume", prefix)
	if !hasWord(words, topicWord) {
		t.Errorf("with KAFKATUI_BROKERS: offered %q", words)
	}
	// Internal topics only when asked for with '_'.
	words, _ = completions(t, runOpts{}, "-b", b, "consume", "")
	for _, w := range words {
		if strings.HasPrefix(w, "__") {
			t.Errorf("internal topic %q offered for an empty word", w)
		}
	}
	// Only the topic argument: not the value of produce.
	if words, _ := completions(t, runOpts{}, "-b", b, "produce", topic, ""); len(words) != 0 {
		t.Errorf("produce TOPIC <TAB> offered %q", words)
	}

	groupWord := group + "\tEmpty, 0 members"
	for _, args := range [][]string{
		{"-b", b, "group", "describe", group[:3]},
		{"-b", b, "group", "delete", group[:3]},
		{"-b", b, "group", "reset", group[:3]},
		{"-b", b, "group", "delete-offsets", group[:3]},
	} {
		words, dir := completions(t, runOpts{}, args...)
		if !hasWord(words, groupWord) || dir != ":4" {
			t.Errorf("%q offered %q %s, want %q", args, words, dir, groupWord)
		}
	}
}

// TestCompleteFixedValues checks the flag values offered without a
// cluster.
func TestCompleteFixedValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		dir  string
	}{
		{[]string{"consume", "t", "-o", ""}, "-10\tthe last 10 messages of each partition", ":4"},
		{[]string{"produce", "t", "--acks", ""}, "leader\tthe leader only", ":4"},
		{[]string{"consume", "t", "--isolation", ""}, "committed\tas read_committed consumers", ":4"},
		{[]string{"produce", "t", "-z", ""}, "zstd", ":4"},
		{[]string{"group", "reset", "g", "--to", ""}, "shift:-\tN back from the commit", ":6"},
	} {
		words, dir := completions(t, runOpts{}, tc.args...)
		if !hasWord(words, tc.want) || dir != tc.dir {
			t.Errorf("%q offered %q %s, want %q %s", tc.args, words, dir, tc.want, tc.dir)
		}
	}
}

// TestCompleteWithoutCluster offers nothing when the cluster cannot
// answer: no brokers, nothing listening, or a broker that never answers.
// Only the completion's own short timeout (the program's, 2s) can end the
// wait on the silent broker, given a request timeout of an hour: the run
// ending before the test's watchdog shows that it does, however slow the
// machine, where "took less than 4s" failed on a loaded one.
func TestCompleteWithoutCluster(t *testing.T) {
	silent := testkafka.Silent(t)
	for _, args := range [][]string{
		{"consume", ""},
		{"-b", "127.0.0.1:1", "consume", ""},
		{"-b", silent, "--timeout", "1h", "consume", ""},
		{"-b", silent, "--timeout", "1h", "group", "describe", ""},
	} {
		words, dir := completions(t, runOpts{completionTimeout: completionTimeout}, args...)
		if len(words) != 0 || dir != ":4" {
			t.Errorf("%q offered %q %s, want nothing and no files", args, words, dir)
		}
	}
}

// TestCompletionScripts generates the script for each shell and has the
// shell parse it: bash always; zsh and fish when installed (CI installs
// them).
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []struct {
		name, marker string
		check        []string
	}{
		{"bash", "complete -o default -F __start_kafkatui kafkatui", []string{"bash", "-n"}},
		{"zsh", "#compdef kafkatui", []string{"zsh", "-n"}},
		{"fish", "complete -c kafkatui", []string{"fish", "--no-execute"}},
	} {
		t.Run(sh.name, func(t *testing.T) {
			r := run(t, "completion", sh.name).ok(t)
			if !strings.Contains(r.stdout, sh.marker) || !strings.Contains(r.stdout, "__complete") {
				t.Fatalf("%s script lacks %q or the __complete callback:\n%.300s", sh.name, sh.marker, r.stdout)
			}
			if _, err := exec.LookPath(sh.check[0]); err != nil {
				t.Skipf("%s is not installed: script generated but not parsed", sh.name)
			}
			cmd := exec.Command(sh.check[0], sh.check[1:]...)
			cmd.Stdin = strings.NewReader(r.stdout)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s does not parse the script: %v\n%s", strings.Join(sh.check, " "), err, out)
			}
		})
	}
}
