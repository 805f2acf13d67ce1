package clusterswitch

import (
	"context"
	"errors"
	"io"
	"log"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// backend stands for a cluster client: the switcher only hands it on.
type backend string

// switcher has "local", "staging" and "broken" (whose password command
// fails); opening staging counts its releases.
func switcher(released *int) *Switcher[backend] {
	open := func(b backend, err error) func(context.Context) (Connection[backend], error) {
		return func(ctx context.Context) (Connection[backend], error) {
			if _, ok := ctx.Deadline(); !ok {
				return Connection[backend]{}, errors.New("opened without a time limit")
			}
			return Connection[backend]{Backend: b, Release: func() { *released++ }}, err
		}
	}
	return New([]Choice[backend]{
		{Name: "local", Open: open("local-client", nil)},
		{Name: "staging", ReadOnly: true, Open: open("staging-client", nil)},
		{Name: "broken", Open: func(context.Context) (Connection[backend], error) {
			return Connection[backend]{}, errors.New(`password_cmd "pass show kafka": exit status 1`)
		}},
		{Name: "unset"},
	}, log.New(io.Discard, "", 0))
}

// run runs cmd and what it leads to, as the program would, and returns
// the messages that are not the busy spinner's.
func run(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, msg := range uitest.RunCmd(t, cmd) {
		if _, busy := msg.(common.BusyMsg); !busy {
			out = append(out, msg)
		}
	}
	return out
}

func statusText(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	msgs := run(t, cmd)
	if len(msgs) != 1 {
		t.Fatalf("want one status message, got %v", msgs)
	}
	st, ok := msgs[0].(common.StatusMsg)
	if !ok {
		t.Fatalf("want a status message, got %T %v", msgs[0], msgs[0])
	}
	return st.Text
}

func switched(t *testing.T, cmd tea.Cmd) SwitchedMsg[backend] {
	t.Helper()
	msgs := run(t, cmd)
	if len(msgs) != 1 {
		t.Fatalf("want the switch's result, got %v", msgs)
	}
	msg, ok := msgs[0].(SwitchedMsg[backend])
	if !ok {
		t.Fatalf("want the switch's result, got %T %v", msgs[0], msgs[0])
	}
	return msg
}

func TestSwitchConnectsAndReleasesWhatItLeaves(t *testing.T) {
	released := 0
	s := switcher(&released)
	if got := strings.Join(s.Names(), ","); got != "local,staging,broken,unset" {
		t.Fatalf("names %s", got)
	}
	msg := switched(t, s.Switch("STAGING", "local", ""))
	if msg.Err != nil || msg.Conn.Backend != "staging-client" || !msg.Choice.ReadOnly {
		t.Fatalf("switch to staging: %+v", msg)
	}
	release, ok := s.Done(msg)
	if !ok || release != nil {
		t.Fatalf("done: ok %v, release %v (the UI's first connection is not ours to release)", ok, release)
	}
	back := switched(t, s.Switch("local", "staging", ""))
	release, ok = s.Done(back)
	if !ok || release == nil {
		t.Fatalf("back to local: ok %v, release %v", ok, release)
	}
	run(t, release)
	if released != 1 {
		t.Errorf("staging released %d times on leaving it, want 1", released)
	}
	s.Release()
	s.Release()
	if released != 2 {
		t.Errorf("local's connection released %d times at the end, want once more (2)", released)
	}
}

func TestSwitchSaysWhyNot(t *testing.T) {
	released := 0
	s := switcher(&released)
	if got := statusText(t, s.Switch("prod", "local", "")); got != `no cluster "prod" in the config file; clusters: local, staging, broken, unset` {
		t.Errorf("unknown cluster: %q", got)
	}
	if got := statusText(t, s.Switch("local", "local", "")); got != "already on local" {
		t.Errorf("the current cluster: %q", got)
	}
	for name, want := range map[string]string{
		"broken": `cannot switch to broken: password_cmd "pass show kafka": exit status 1`,
		"unset":  "cannot switch to unset: no settings for this cluster",
	} {
		release, ok := s.Done(switched(t, s.Switch(name, "local", "")))
		if ok {
			t.Fatalf("%s: a failed switch switched", name)
		}
		if got := statusText(t, release); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestSwitchAsksBeforeLosingWork(t *testing.T) {
	released := 0
	s := switcher(&released)
	unsaved := "an unsent message to orders"
	if got := statusText(t, s.Switch("staging", "local", unsaved)); got != "switching to staging closes an unsent message to orders: choose it again to switch" {
		t.Fatalf("first choice: %q", got)
	}
	if got := statusText(t, s.Switch("broken", "local", unsaved)); !strings.Contains(got, "switching to broken closes") {
		t.Fatalf("another cluster asks again: %q", got)
	}
	if msg := switched(t, s.Switch("broken", "local", unsaved)); msg.Choice.Name != "broken" {
		t.Errorf("the same choice again switched to %q", msg.Choice.Name)
	}
}

// TestStaleSwitchIsReleased: a switch overtaken by another, or arriving
// after the UI stopped, hands back its connection instead of moving.
func TestStaleSwitchIsReleased(t *testing.T) {
	released := 0
	s := switcher(&released)
	first := switched(t, s.Switch("staging", "local", ""))
	second := switched(t, s.Switch("local", "", ""))
	release, ok := s.Done(first)
	if ok {
		t.Fatal("an overtaken switch switched")
	}
	run(t, release)
	if released != 1 {
		t.Fatalf("the overtaken switch's connection released %d times", released)
	}
	s.Stop()
	release, ok = s.Done(second)
	if ok {
		t.Fatal("a switch arriving after Stop switched")
	}
	run(t, release)
	if released != 2 {
		t.Errorf("the switch after Stop released %d, want 2", released)
	}
}
