package cli

import (
	"context"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui"
)

// prepared is the app as it stands before a command runs: args parsed
// (the environment env filling the flags not given) and the config file
// read, ready to connect.
func prepared(t *testing.T, env map[string]string, args ...string) *app {
	t.Helper()
	a := &app{env: Env{Getenv: func(k string) string { return env[k] }, probeTimeout: time.Minute}}
	cmd, rest, err := a.rootCommand().Find(append(args, "topics"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatal(err)
	}
	cmd.SetContext(context.Background())
	if err := a.prepare(cmd); err != nil {
		t.Fatal(err)
	}
	return a
}

// A setting given by flag, by variable or left to its default reaches a
// cluster switched to in the UI the same way it reaches the first one:
// both go through the same precedence code.
func TestSwitchedClusterGetsTheSameSettings(t *testing.T) {
	const file = "clusters:\n  - name: one\n    brokers: [127.0.0.1:1]\n  - name: two\n    brokers: [127.0.0.1:2]\n"
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"defaults", nil, nil},
		{"flags", nil, []string{"--timeout", "3s", "--client-id", "flag-id"}},
		{"environment", map[string]string{"KAFKATUI_TIMEOUT": "4s", "KAFKATUI_CLIENT_ID": "env-id"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := configHome(t, file)
			for k, v := range tc.env {
				env[k] = v
			}
			a := prepared(t, env, append([]string{"--cluster", "one"}, tc.args...)...)
			first, err := a.kafkaConfig(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ch := a.clusterChoices()
			if len(ch) != 2 || ch[1].Name != "two" {
				t.Fatalf("choices %+v", ch)
			}
			sw, err := openedConfig(t, ch[1])
			if err != nil {
				t.Fatal(err)
			}
			if sw.Brokers[0] != "127.0.0.1:2" {
				t.Errorf("switched to %v, want cluster two", sw.Brokers)
			}
			if sw.ClientID != first.ClientID || sw.Timeout != first.Timeout || sw.ProbeTimeout != first.ProbeTimeout || sw.TLS != first.TLS {
				t.Errorf("switched cluster: client id %q timeout %s probe %s tls %+v; first cluster: %q %s %s %+v",
					sw.ClientID, sw.Timeout, sw.ProbeTimeout, sw.TLS, first.ClientID, first.Timeout, first.ProbeTimeout, first.TLS)
			}
		})
	}
}

// openedConfig opens the cluster of choice c as the UI would on a switch
// (opening does not dial) and returns the settings it was opened with.
func openedConfig(t *testing.T, c ui.ClusterChoice) (kafkaops.Config, error) {
	t.Helper()
	conn, err := c.Open(context.Background())
	if err != nil {
		return kafkaops.Config{}, err
	}
	t.Cleanup(conn.Release)
	return conn.Backend.(*kafkaops.Cluster).Config(), nil
}
