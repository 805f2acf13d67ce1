package cli

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestTopicDeleteNeedsYesWithoutTerminal checks that a script (standard
// input not a terminal) cannot delete a topic without --yes: a usage error,
// exit 2, before any connection (nothing listens at 127.0.0.1:1, so an
// attempt would fail with that address instead).
func TestTopicDeleteNeedsYesWithoutTerminal(t *testing.T) {
	r := runWith(t, runOpts{stdin: "orders\n"}, "-b", "127.0.0.1:1", "topic", "delete", "orders")
	r.usage(t, "add --yes")
	if strings.Contains(r.stderr, "127.0.0.1:1") {
		t.Errorf("connected before refusing: %q", r.stderr)
	}
}

// TestTopicDeleteAsksOnTerminal checks that on a terminal a delete asks for
// the topic's name and goes no further unless it is typed.
func TestTopicDeleteAsksOnTerminal(t *testing.T) {
	for _, answer := range []string{"", "y\n", "yes\n", "order\n", "orders-x\n"} {
		r := runWith(t, runOpts{stdin: answer, terminal: true}, "-b", "127.0.0.1:1", "topic", "delete", "orders")
		if !strings.Contains(r.stderr, "Type its name to confirm") {
			t.Errorf("answer %q: no prompt on stderr: %q", answer, r.stderr)
		}
		if r.code != ExitError || !strings.Contains(r.stderr, "kafkatui: topic orders not deleted") || strings.Contains(r.stderr, "127.0.0.1:1") {
			t.Errorf("answer %q: exit %d stderr %q, want a refusal before connecting", answer, r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("answer %q: prompt or output on stdout: %q", answer, r.stdout)
		}
	}
}

// TestTopicDeleteConfirmed checks that typing the name on a terminal, or
// --yes, deletes the topic.
func TestTopicDeleteConfirmed(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	adm, _ := testkafka.Admin(t, brokers)
	gone := func(topic string) func() bool {
		return func() bool {
			md, err := adm.Metadata(testkafka.Ctx(t))
			_, ok := md.Topics[topic]
			return err == nil && !ok
		}
	}

	typed := testkafka.Topic(t, brokers, 1)
	r := runWith(t, runOpts{stdin: typed + "\n", terminal: true}, "-b", b, "topic", "delete", typed).ok(t)
	if r.stdout != "deleted topic "+typed+"\n" {
		t.Fatalf("delete said %q", r.stdout)
	}
	waitFor(t, time.Minute, "the typed topic to go", gone(typed))

	yes := testkafka.Topic(t, brokers, 1)
	r = runWith(t, runOpts{terminal: true}, "-b", b, "topic", "delete", yes, "-y").ok(t)
	if strings.Contains(r.stderr, "confirm") {
		t.Errorf("--yes still asked: %q", r.stderr)
	}
	waitFor(t, time.Minute, "the --yes topic to go", gone(yes))
}

// TestNullDeviceIsNoTerminal checks that stdin from /dev/null, as scripts
// give it, is not taken for a person at a terminal (it is a character
// device too): topic delete must then need --yes, not prompt and read EOF.
func TestNullDeviceIsNoTerminal(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("%s taken for a terminal", os.DevNull)
	}
	var stderr syncBuffer
	code := Run(testkafka.Ctx(t), []string{"-b", "127.0.0.1:1", "topic", "delete", "orders"}, Env{Stdin: f, Stderr: &stderr})
	if code != ExitUsage || !strings.Contains(stderr.String(), "add --yes") {
		t.Errorf("exit %d stderr %q, want a usage error asking for --yes", code, stderr.String())
	}
}
