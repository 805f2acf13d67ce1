package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzLoad feeds arbitrary bytes to both readers and to the in-place edit
// of `config use`: none may panic, and what loads must be consistent.
// Seeds are in testdata/fuzz/FuzzLoad; run with go test -fuzz FuzzLoad.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{Home: "/home/u"}
		if file, err := Parse("config.yaml", data, opts); err != nil {
			if !strings.HasPrefix(err.Error(), "config.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
		} else {
			checkLoaded(t, file)
			if len(file.Clusters) > 0 {
				name := file.Clusters[len(file.Clusters)-1].Name
				if out, err := setCurrentText(data, name); err == nil {
					_, _ = Parse("config.yaml", out, opts)
				}
			}
		}
		if file, err := ParseKaf("kaf", data, opts); err == nil {
			checkLoaded(t, file)
		}
	})
}

func checkLoaded(t *testing.T, f *File) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range f.Clusters {
		if c.Name == "" || len(c.Brokers) == 0 || seen[c.Name] {
			t.Fatalf("loaded a cluster without a name, brokers or a unique name: %+v", c)
		}
		seen[c.Name] = true
		for _, b := range c.Brokers {
			if _, err := BrokerAddr(b); err != nil {
				t.Fatalf("loaded a bad broker: %v", err)
			}
		}
	}
	if f.Current != "" && !seen[f.Current] {
		t.Fatalf("current cluster %q is not loaded", f.Current)
	}
}

func TestBrokerAddr(t *testing.T) {
	for in, want := range map[string]string{
		"kafka": "kafka:9092", " kafka:9093 ": "kafka:9093", "[::1]": "[::1]:9092", "[::1]:9094": "[::1]:9094",
		"10.0.0.1": "10.0.0.1:9092", "b-1.msk.eu-west-1.amazonaws.com:9098": "b-1.msk.eu-west-1.amazonaws.com:9098",
		"[fe80::1%eth0]:9092": "[fe80::1%eth0]:9092",
	} {
		got, err := BrokerAddr(in)
		if err != nil || got != want {
			t.Errorf("BrokerAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
		if again, err := BrokerAddr(got); err != nil || again != got {
			t.Errorf("BrokerAddr is not idempotent on %q: %q, %v", got, again, err)
		}
	}
	for _, in := range []string{"", "0]00", "[0]00", "a b", "host:0", "host:70000", "host:", "::1", "SASL_SSL://k:9093", "k:9092/x"} {
		if got, err := BrokerAddr(in); err == nil {
			t.Errorf("BrokerAddr(%q) = %q, want an error", in, got)
		}
	}
}

// TestMergeKeyExpansion: each level merging the one below four times
// would walk 4^29 entries; the walk stops with a problem instead.
func TestMergeKeyExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-a0: &a0 {name: x}\n")
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&b, "x-a%d: &a%d {<<: [*a%d, *a%d, *a%d, *a%d]}\n", i, i, i-1, i-1, i-1, i-1)
	}
	b.WriteString("clusters: [*a29]\n")
	start := time.Now()
	_, err := Parse("c.yaml", []byte(b.String()), Options{})
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Problems) > maxProblems {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "merge keys (<<) nest too deeply") && !strings.Contains(err.Error(), "merge keys expand the document") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}
