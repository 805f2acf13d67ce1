package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// TestProduceCommandHiddenReadOnly: read-only mode does not offer
// `:produce`, and typing it is an unknown command.
func TestProduceCommandHiddenReadOnly(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{ReadOnly: true})
	for _, c := range m.commands(&fakeCluster{}) {
		if c.Name == "produce" {
			t.Fatalf(":produce offered in read-only mode")
		}
	}
	send(m, keyMsg(":"))
	typeText(m, "prod")
	send(m, keyMsg("tab"))
	if m.bar.Value() != "prod" {
		t.Errorf("the bar completed %q in read-only mode", m.bar.Value())
	}
}

// TestProduceCommandAndQuitGuard opens the form with `:produce orders`;
// typed text makes quit ask first, and q is typed, not quit.
func TestProduceCommandAndQuitGuard(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // the form reads its history there
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, keyMsg(":"))
	typeText(m, "produce orders")
	pump(t, m, send(m, keyMsg("enter")), 4)
	if got := m.top().Title(); got != "orders / produce" {
		t.Fatalf("top pane %q after :produce orders", got)
	}
	typeText(m, "q")
	if m.quitPending {
		t.Fatal("q in the form quit instead of being typed")
	}
	msgs := pump(t, m, send(m, tea.KeyMsg{Type: tea.KeyCtrlC}), 1)
	st, ok := hasMsg[common.StatusMsg](msgs)
	if !m.quitPending || !ok || !strings.Contains(st.Text, "unsaved message in the produce form (not sent)") {
		t.Errorf("ctrl+c with typed text: pending %v, status %+v", m.quitPending, st)
	}
}
