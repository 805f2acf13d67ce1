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

// ShortHelp is the footer's help; the root adds the global keys.
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.list.Up, k.list.Down}
}

// FullHelp is the `?` help.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{{l.Up, l.Down, l.Top, l.Bottom}, {l.PageUp, l.PageDown, l.HalfUp, l.HalfDown}}
}

// ShortHelp is the list's keys: the pane has one mode.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp is every key of the list, by column.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// handleKey moves through the list; the selected message is shown whole.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.table.Update(k) {
		m.layout()
	}
	return nil
}
