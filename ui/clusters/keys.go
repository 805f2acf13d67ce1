package clusters

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
)

// keys are the pane's bindings, copied from the common keymap so that
// switching them on and off affects this pane only.
type keys struct {
	list   keymap.List
	pick   key.Binding
	filter key.Binding
	clear  key.Binding // esc, on only while a filter is applied
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:   c.Keys.List,
		pick:   withHelp(c.Keys.List.Open, "switch to cluster"),
		filter: c.Keys.Global.Filter,
		clear:  withHelp(c.Keys.Form.Cancel, "clear filter"),
	}
	k.clear.SetEnabled(false)
	return k
}

// ShortHelp is the list's keys; the root adds the global ones.
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.pick, k.filter, k.clear}
}

// FullHelp is every key of the list, by column.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{{l.Up, l.Down, l.Top, l.Bottom}, {l.PageUp, l.PageDown}, k.ShortHelp()}
}

// ShortHelp is the filter's keys while it is typed, else the list's.
func (m *Model) ShortHelp() []key.Binding {
	if m.filter.Focused() {
		return m.filter.ShortHelp()
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filter.Focused() {
		return [][]key.Binding{m.filter.ShortHelp()}
	}
	return m.keys.FullHelp()
}

// handleKey is where the pane's keys are handled: by the filter while it
// is typed, else by the list.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	if m.filter.Focused() {
		cmd = m.filterKey(k)
	} else {
		cmd = m.listKey(k)
	}
	m.keys.clear.SetEnabled(m.filter.Active())
	return cmd
}

// filterKey edits the filter; the rows follow every keystroke.
func (m *Model) filterKey(k tea.KeyMsg) tea.Cmd {
	before := m.filter.Query()
	res, cmd := m.filter.Update(k)
	if res == filter.Cleared || m.filter.Query() != before {
		m.buildRows()
	}
	m.layout() // the filter line may have closed
	return cmd
}

// listKey is a key on the list.
func (m *Model) listKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.pick):
		i := m.table.Cursor()
		if _, ok := m.table.Selected(); !ok || i >= len(m.shown) {
			return nil
		}
		return pick(m.entries[m.shown[i]].Name)
	case key.Matches(k, m.keys.filter):
		m.filter.Focus()
		m.layout()
		return nil
	case key.Matches(k, m.keys.clear):
		m.filter.Clear()
		m.buildRows()
		m.layout()
		return nil
	}
	m.table.Update(k)
	return nil
}

func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
