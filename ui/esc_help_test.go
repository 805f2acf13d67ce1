package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// cancelPane gives esc a meaning of its own (a dialog's "esc cancel"), as
// the topics confirm and the reset preview do.
type cancelPane struct{ *testPane }

func (p cancelPane) ShortHelp() []key.Binding {
	return []key.Binding{p.act, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
}

func (p cancelPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// HandlesEsc: the pane takes esc itself while it lists it (the contract
// every pane that shows its own esc keeps).
func (p cancelPane) HandlesEsc() bool { return true }

// TestHelpListsEscOnce: when the focused pane says what esc does there
// (and so takes esc, common.EscHandler), the root's "esc back" is neither
// listed beside it, in the short help or the full help, at any width, nor
// acted on: one key, one meaning.
func TestHelpListsEscOnce(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		for _, full := range []bool{false, true} {
			m, _ := newTestModel(t, newTestPane("home"), Options{})
			send(m, common.PushMsg{Pane: cancelPane{newTestPane("dialog")}})
			send(m, tea.WindowSizeMsg{Width: w, Height: 30})
			m.frame.Help.ShowAll = full
			foot := strings.Join(footerLines(t, m), "\n")
			if n := strings.Count(foot, "esc"); n != 1 || !strings.Contains(foot, "esc cancel") {
				t.Errorf("width %d full %v: esc listed %d times, want once as cancel:\n%s", w, full, n, foot)
			}
			send(m, keyMsg("esc"))
			if got := m.stack.Top().Title(); got != "dialog" {
				t.Errorf("width %d full %v: esc left the pane for %q; the pane takes esc", w, full, got)
			}
		}
	}
}
