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

	// So does the registry's URL, given as the flag or as the environment
	// the hint exports.
	var registry string
	for _, line := range strings.Split(out.String(), "\n") {
		if u, ok := strings.CutPrefix(line, "schema registry: "); ok {
			registry = u
		}
	}
	if !strings.HasPrefix(registry, "http://127.0.0.1:") {
		t.Fatalf("no schema registry line:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "export KAFKATUI_BROKERS="+first+" KAFKATUI_SCHEMA_REGISTRY="+registry+"\n") {
		t.Errorf("no export hint:\n%s", out.String())
	}
	r = run(t, "-b", first, "--schema-registry", registry, "schemas").ok(t)
	r2 := runWith(t, runOpts{env: map[string]string{"KAFKATUI_BROKERS": first, "KAFKATUI_SCHEMA_REGISTRY": registry}}, "schemas").ok(t)
	for _, subject := range []string{"payments-avro-key", "payments-avro-value", "shipments-proto-value", "audit-jsonschema-value"} {
		if !strings.Contains(r.stdout, subject) || !strings.Contains(r2.stdout, subject) {
			t.Errorf("demo schemas lack %s:\n%s\nwith the environment:\n%s", subject, r.stdout, r2.stdout)
		}
	}

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

// TestDemoRegistryForUI checks that the UI run on the demo reads schemas
// from the demo's registry, and that --schema-registry still wins.
func TestDemoRegistryForUI(t *testing.T) {
	a := &app{explicit: map[string]bool{}}
	a.target.cluster.SchemaRegistry.URL = "http://configured:8081" // the config file's cluster
	a.useDemoRegistry("http://127.0.0.1:4321")
	cfg, ok, err := a.registryFor(context.Background(), a.target.cluster, a.explicit)
	if err != nil || !ok || cfg.URL != "http://127.0.0.1:4321" {
		t.Errorf("registry of the demo UI: %+v, %v, %v; want the demo's", cfg, ok, err)
	}
	a.explicit["schema-registry"], a.conn.registryURL = true, "http://mine:8081"
	cfg, ok, err = a.registryFor(context.Background(), a.target.cluster, a.explicit)
	if err != nil || !ok || cfg.URL != "http://mine:8081" {
		t.Errorf("registry with --schema-registry: %+v, %v, %v; want the flag's", cfg, ok, err)
	}
}
