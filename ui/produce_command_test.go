package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// TestProduceCommandAndQuitGuard opens the form with `:produce orders`;
// typed text makes quit ask first, and q is typed, not quit.
func TestProduceCommandAndQuitGuard(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // the form reads its history there
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, keyMsg(":"))
	typeText(m, "produce orders")
	pump(t, m, send(m, keyMsg("enter")), 4)
	if got := m.stack.Top().Title(); got != "orders / produce" {
		t.Fatalf("top pane %q after :produce orders", got)
	}
	typeText(m, "q")
	if m.closed {
		t.Fatal("q in the form quit instead of being typed")
	}
	msgs := pump(t, m, send(m, tea.KeyMsg{Type: tea.KeyCtrlC}), 1)
	st, ok := hasMsg[common.StatusMsg](msgs)
	if m.closed || !ok || !strings.Contains(st.Text, "unsaved message in the produce form (not sent)") {
		t.Errorf("ctrl+c with typed text: closed %v, status %+v", m.closed, st)
	}
	// The form's field has the keys, where q is typed: the message must
	// not offer it.
	if strings.Contains(st.Text, "press q") || !strings.Contains(st.Text, "press ctrl+c again") {
		t.Errorf("ctrl+c in a field offers a key that does not quit there: %q", st.Text)
	}
	pump(t, m, send(m, tea.KeyMsg{Type: tea.KeyCtrlC}), 1)
	if !m.closed {
		t.Error("ctrl+c again did not quit")
	}
}

// TestEscKeepsTypedMessage: esc on a form holding a typed message asks
// first; any other key stays; a second esc goes back. An untouched form
// closes on one esc.
func TestEscKeepsTypedMessage(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	open := func() {
		send(m, keyMsg(":"))
		typeText(m, "produce orders")
		pump(t, m, send(m, keyMsg("enter")), 4)
		if got := m.stack.Top().Title(); got != "orders / produce" {
			t.Fatalf("top pane %q after :produce orders", got)
		}
	}
	esc := func() []tea.Msg { return pump(t, m, send(m, keyMsg("esc")), 2) }

	open()
	esc()
	if m.stack.Top().Title() != "topics" {
		t.Fatalf("esc on an untouched form: top %q", m.stack.Top().Title())
	}

	open()
	typeText(m, "hello")
	st, ok := hasMsg[common.StatusMsg](esc())
	if m.stack.Top().Title() != "orders / produce" || !ok || !strings.Contains(st.Text, "esc again to discard") {
		t.Fatalf("first esc with typed text: top %q, status %+v", m.stack.Top().Title(), st)
	}
	typeText(m, "!") // stays, and the key is typed
	if strings.Contains(screen(m), "esc again to discard") {
		t.Errorf("the user stayed, yet the warning still says esc discards:\n%s", screen(m))
	}
	esc()
	if m.stack.Top().Title() != "orders / produce" {
		t.Fatalf("esc after another key closed the form")
	}
	if !strings.Contains(screen(m), "hello!") {
		t.Errorf("the typed key is lost:\n%s", screen(m))
	}
	esc()
	if m.stack.Top().Title() != "topics" {
		t.Fatalf("second esc: top %q", m.stack.Top().Title())
	}
	if strings.Contains(screen(m), "esc again to discard") {
		t.Errorf("the discarded form's warning follows into the pane below:\n%s", screen(m))
	}
}
