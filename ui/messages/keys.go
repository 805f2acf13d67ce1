package messages

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the keymap.
type keys struct {
	list keymap.List
}

func newKeys(c *common.Common) keys { return keys{list: c.Keys.List} }

// handleKey moves through the list; the selected message is shown whole.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.table.Update(k) {
		m.layout()
	}
	return nil
}

// ShortHelp is the footer's help.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.list.Up, m.keys.list.Down}
}

// FullHelp is the `?` help.
func (m *Model) FullHelp() [][]key.Binding {
	l := m.keys.list
	return [][]key.Binding{{l.Up, l.Down, l.Top, l.Bottom}, {l.PageUp, l.PageDown, l.HalfUp, l.HalfDown}}
}
