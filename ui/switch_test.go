package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// switchable is a root on cluster "local" with "staging" (read-only,
// TLS not verified) and "broken" (whose password command fails) in the
// config; opening staging hands out fc2.
func switchable(t *testing.T, home *testPane) (m *Model, fc2 *fakeCluster, released *int) {
	t.Helper()
	fc2 = &fakeCluster{info: threeBrokers(), topics: []kafkaops.TopicSummary{{Name: "staging-orders", Partitions: 3, ReplicationFactor: 3}}}
	released = new(int)
	openWith := func(conn Connection, err error) func(context.Context) (Connection, error) {
		return func(context.Context) (Connection, error) { return conn, err }
	}
	m, _ = newTestModel(t, home, Options{
		ClusterName: "local",
		Clusters: []ClusterChoice{
			{Name: "local", Brokers: []string{"localhost:9092"}, Open: openWith(Connection{Backend: &fakeCluster{info: threeBrokers()}, Release: func() {}}, nil)},
			{Name: "staging", Brokers: []string{"stg:9094"}, ReadOnly: true, Color: "#d70000", Auth: "SCRAM-SHA-512 · TLS",
				Open: openWith(Connection{Backend: fc2, Release: func() { *released++ }, Insecure: true,
					Warnings: kafkaops.Config{TLS: kafkaops.TLSConfig{Enabled: true, InsecureSkipVerify: true}}.Warnings()}, nil)},
			{Name: "broken", Brokers: []string{"b:9092"}, Open: openWith(Connection{}, errors.New(`password_cmd "pass show kafka": exit status 1`))},
		},
	})
	return m, fc2, released
}

func TestSwitchCluster(t *testing.T) {
	home := newTestPane("home")
	m, fc2, released := switchable(t, home)
	top := newTestPane("top")
	send(m, common.PushMsg{Pane: top})

	msgs := pump(t, m, send(m, common.SwitchClusterMsg{Name: "staging"}), 6)
	// staging's TLS is not verified: the switch is announced as a warning.
	if st, ok := hasMsg[common.StatusMsg](msgs); !ok || st.Kind != common.StatusWarning ||
		!strings.Contains(st.Text, "switched to staging; TLS certificate verification is off") {
		t.Errorf("status after the switch: %v", msgs)
	}
	if home.closed != 1 || top.closed != 1 {
		t.Errorf("old panes closed %d and %d times, want 1 each", home.closed, top.closed)
	}
	s := screen(m)
	for _, want := range []string{"staging", "read-only", "TLS not verified", "staging-orders"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q after the switch:\n%s", want, s)
		}
	}
	if m.stack.Len() != 1 || fc2.describes == 0 {
		t.Errorf("stack %d panes, %d cluster checks on the new backend", m.stack.Len(), fc2.describes)
	}
	if !m.common.ReadOnly {
		t.Error("staging is read-only in the config, the UI is not")
	}

	// Back to local: the backend the UI opened for staging is released.
	pump(t, m, send(m, common.SwitchClusterMsg{Name: "local"}), 6)
	if *released != 1 {
		t.Errorf("staging's backend released %d times, want 1", *released)
	}
	if m.common.ReadOnly || strings.Contains(screen(m), "TLS not verified") {
		t.Error("local kept staging's read-only mode or TLS warning")
	}
}

func TestSwitchClusterFailureStays(t *testing.T) {
	home := newTestPane("home")
	m, _, _ := switchable(t, home)
	msgs := pump(t, m, send(m, common.SwitchClusterMsg{Name: "broken"}), 4)
	st, ok := hasMsg[common.StatusMsg](msgs)
	if !ok || st.Kind != common.StatusError || !strings.Contains(st.Text, "cannot switch to broken: password_cmd") {
		t.Errorf("failed switch said %+v", st)
	}
	if home.closed != 0 || m.hdr.Cluster != "local" {
		t.Errorf("a failed switch left local (home closed %d, cluster %q)", home.closed, m.hdr.Cluster)
	}
	msgs = pump(t, m, send(m, common.SwitchClusterMsg{Name: "prod"}), 2)
	if st, _ := hasMsg[common.StatusMsg](msgs); !strings.Contains(st.Text, `no cluster "prod"`) || !strings.Contains(st.Text, "local, staging, broken") {
		t.Errorf("unknown cluster said %q", st.Text)
	}
}

func TestSwitchClusterAsksBeforeLosingWork(t *testing.T) {
	home := newTestPane("home")
	m, _, _ := switchable(t, home)
	form := newTestPane("produce")
	form.unsaved = "an unsent message to orders"
	send(m, common.PushMsg{Pane: form})
	msgs := pump(t, m, send(m, common.SwitchClusterMsg{Name: "staging"}), 2)
	st, _ := hasMsg[common.StatusMsg](msgs)
	if st.Kind != common.StatusWarning || !strings.Contains(st.Text, "closes an unsent message to orders") {
		t.Errorf("first switch said %+v", st)
	}
	if form.closed != 0 || m.hdr.Cluster != "local" {
		t.Fatal("switched without asking")
	}
	pump(t, m, send(m, common.SwitchClusterMsg{Name: "staging"}), 6)
	if form.closed != 1 || m.hdr.Cluster != "staging" {
		t.Errorf("the second choice did not switch (cluster %q)", m.hdr.Cluster)
	}
}

func TestClusterCommandOnlyWithConfig(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("home"), Options{})
	send(m, keyMsg(":"))
	typeText(m, "cluster")
	pump(t, m, send(m, keyMsg("enter")), 2) // the router's answer, not the tick that clears it
	if !strings.Contains(screen(m), "no clusters to switch to") {
		t.Errorf(":cluster without a config file:\n%s", screen(m))
	}

	m2, _, _ := switchable(t, newTestPane("home"))
	send(m2, keyMsg(":"))
	typeText(m2, "cluster st")
	send(m2, keyMsg("tab"))
	if got := m2.frame.Bar.Value(); got != "cluster staging" {
		t.Errorf("tab completed %q, want \"cluster staging\"", got)
	}
	pump(t, m2, send(m2, keyMsg("enter")), 8)
	if m2.hdr.Cluster != "staging" {
		t.Errorf(":cluster staging left the UI on %q", m2.hdr.Cluster)
	}
}
