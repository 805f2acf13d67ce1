package cli

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDemoServesUntilCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo cluster")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan result, 1)
	go func() { done <- runWith(t, runOpts{ctx: ctx, out: out}, "demo", "--serve", "--rate", "0.2") }()

	var bootstrap string
	waitFor(t, 60*time.Second, "the bootstrap line", func() bool {
		select {
		case r := <-done:
			t.Fatalf("demo ended early: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		default:
		}
		first, _, ok := strings.Cut(out.String(), "\n")
		bootstrap, ok = strings.CutPrefix(first, "bootstrap: ")
		return ok && strings.Contains(out.String(), "try: kafkatui -b ")
	})
	if n := len(strings.Split(bootstrap, ",")); n != 3 {
		t.Fatalf("bootstrap %q: want 3 brokers", bootstrap)
	}
	first := strings.Split(bootstrap, ",")[0]
	if !strings.Contains(out.String(), "try: kafkatui -b "+first+" topics\n") {
		t.Errorf("no hint for %s:\n%s", first, out.String())
	}

	// The printed address works for the headless commands.
	r := run(t, "-b", bootstrap, "topics").ok(t)
	if !strings.Contains(r.stdout, "orders") {
		t.Errorf("demo topics:\n%s", r.stdout)
	}
	run(t, "-b", first, "consume", "orders", "-o", "-1", "-p", "0", "-e", "--json").ok(t)

	cancel()
	select {
	case r := <-done:
		if r.code != 0 {
			t.Fatalf("demo after cancel: exit %d\n%s", r.code, r.stderr)
		}
	case <-time.After(2 * time.Minute): // a condition, not a speed: a demo ignoring cancel never stops
		t.Fatal("demo did not stop within 2 minutes of cancel")
	}
}

func TestDemoUsage(t *testing.T) {
	run(t, "demo", "--serve=127.0.0.1:19092", "127.0.0.1:29092").usage(t, "address given twice")
	run(t, "demo", "a", "b").usage(t, "accepts at most 1 arg")
	run(t, "demo", "--rate", "0").usage(t, "--rate must be positive")
	run(t, "demo", "--serve=0.0.0.0:9092").failed(t, "0.0.0.0")
}
