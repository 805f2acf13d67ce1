package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// result is one in-process run of the program.
type result struct {
	code    int
	stdout  string
	stderr  string
	elapsed time.Duration
	// gaveUp is set when the test's own watchdog, not the run, ended it:
	// a run given a request timeout must end long before (see watchdog).
	gaveUp bool
}

// watchdog bounds a run that is given no context of its own. It is far
// beyond the request timeouts tests give (1-2 s) and anything a machine
// many times slower than usual adds to them, so a run it ends is one that
// its own timeout did not end: tests check that with gaveUp instead of
// asserting how long a run took, which depends on the machine's speed.
const watchdog = 2 * time.Minute

// runOpts configures a run beyond its arguments.
type runOpts struct {
	stdin string
	env   map[string]string
	ctx   context.Context
	out   *syncBuffer // when set, stdout goes here (for watching a live run)
	// completionTimeout and probeTimeout replace the program's short
	// bounds of shell completion and of the wrong-protocol probe when set
	// (see Env).
	completionTimeout time.Duration
	probeTimeout      time.Duration
	// terminal makes the run take stdin for a terminal (a person typing).
	terminal bool
}

// run runs kafkatui with args and no environment.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runWith(t, runOpts{}, args...)
}

func runWith(t *testing.T, o runOpts, args ...string) result {
	t.Helper()
	ctx := o.ctx
	if ctx == nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.Background(), watchdog)
		defer cancel()
	}
	var stdout, stderr syncBuffer
	out := &stdout
	if o.out != nil {
		out = o.out
	}
	env := Env{Stdin: strings.NewReader(o.stdin), Stdout: out, Stderr: &stderr,
		completionTimeout: o.completionTimeout, probeTimeout: o.probeTimeout,
		stdinIsTerminal: func() bool { return o.terminal }}
	if o.env != nil {
		env.Getenv = func(k string) string { return o.env[k] }
	}
	start := time.Now()
	code := Run(ctx, args, env)
	return result{code: code, stdout: out.String(), stderr: stderr.String(), elapsed: time.Since(start),
		gaveUp: o.ctx == nil && ctx.Err() != nil}
}

// endedItself fails the test when the watchdog had to end the run: the
// run's own timeout (what the test gave with --timeout) did not.
func (r result) endedItself(t *testing.T, timeout string) {
	t.Helper()
	if r.gaveUp {
		t.Errorf("still running after %s with %s: the timeout did not end it", r.elapsed.Round(time.Millisecond), timeout)
	}
}

// ok fails the test unless the run succeeded.
func (r result) ok(t *testing.T) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	return r
}

// failed checks a Kafka or input error: exit 1 and exactly one line on
// stderr, starting "kafkatui: " and containing want.
func (r result) failed(t *testing.T, want string) {
	t.Helper()
	if r.code != ExitError {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitError, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "kafkatui: ") || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Fatalf("stderr is not one line starting with \"kafkatui: \": %q", r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr %q does not mention %q", r.stderr, want)
	}
}

// usage checks a usage error: exit 2, a "kafkatui: " message containing
// want, and a pointer to --help instead of the whole usage text.
func (r result) usage(t *testing.T, want string) {
	t.Helper()
	if r.code != ExitUsage {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, ExitUsage, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "kafkatui: ") || !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr %q does not start with \"kafkatui: \" or lacks %q", r.stderr, want)
	}
	if !strings.Contains(r.stderr, "--help' for usage") || strings.Contains(r.stderr, "Flags:") {
		t.Fatalf("stderr should point to --help without the usage dump: %q", r.stderr)
	}
	if r.stdout != "" {
		t.Fatalf("usage error wrote to stdout: %q", r.stdout)
	}
}

// syncBuffer is a bytes.Buffer safe to read while a run writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cluster returns the shared test cluster's -b value.
func cluster(t *testing.T) string {
	t.Helper()
	return strings.Join(testkafka.Brokers(t), ",")
}

// waitFor polls cond until it holds or the deadline passes (at least a
// minute: a loaded machine is slow, not broken, and a condition that holds
// ends the wait at once). It is for state in another goroutine or on the
// cluster, where no event is offered.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	d = max(d, time.Minute)
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// jsonLines decodes JSON lines into generic objects.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q is not a JSON object: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// readAll reads every record of topic with franz-go, the independent
// reference client, until it has n records.
func readAll(t *testing.T, brokers []string, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatalf("kgo client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	var recs []*kgo.Record
	for len(recs) < n {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read %s: got %d of %d records before timeout", topic, len(recs), n)
		}
		fs.EachError(func(_ string, _ int32, err error) { t.Fatalf("fetch %s: %v", topic, err) })
		recs = append(recs, fs.Records()...)
	}
	return recs
}
