package brokers

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// keys are the pane's bindings, copied from the common keymap so that
// switching them on and off for the filter mode affects this pane only.
type keys struct {
	list    keymap.List
	filter  filter.Keys // its clear (esc) is on only while a filter is applied
	refresh key.Binding
}

func newKeys(c *common.Common) keys {
	return keys{
		list:    c.Keys.List,
		filter:  filter.NewKeys(c.Keys.Global.Filter, c.Keys.Form.Cancel),
		refresh: c.Keys.Global.Refresh,
	}
}

// ShortHelp is the list's keys; refresh is periodic, so ctrl+r is left to
// the full help.
func (k keys) ShortHelp() []key.Binding {
	return append([]key.Binding{k.list.Up, k.list.Down}, k.filterHelp()...)
}

// FullHelp is every key of the list, by column; ctrl+r is with the global
// keys.
func (k keys) FullHelp() [][]key.Binding {
	return append(table.MoveHelp(k.list), k.filterHelp())
}

// filterHelp is / and, only while a filter is applied, esc to clear it.
func (k keys) filterHelp() []key.Binding {
	if k.filter.Clear.Enabled() {
		return []key.Binding{k.filter.Open, k.filter.Clear}
	}
	return []key.Binding{k.filter.Open}
}

// ShortHelp is the footer's help for the current mode.
func (m *Model) ShortHelp() []key.Binding { return m.filter.Help(m.keys).ShortHelp() }

// FullHelp is the `?` help for the current mode.
func (m *Model) FullHelp() [][]key.Binding { return m.filter.Help(m.keys).FullHelp() }

// handleKey is where the pane's keys are handled: by the filter while it
// is typed, else by the list.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	defer m.layout() // the filter line may have opened or closed
	return m.filter.HandleKey(k, &m.keys.filter, m.buildRows, m.listKey)
}

// listKey is a key of the list other than the filter's.
func (m *Model) listKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, m.keys.refresh) {
		return m.reload()
	}
	m.table.Update(k)
	return nil
}
