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
	filter filter.Keys // its clear is on only while a filter is applied
}

func newKeys(c *common.Common) keys {
	pick := c.Keys.List.Open
	pick.SetHelp(pick.Help().Key, "switch to cluster")
	return keys{
		list:   c.Keys.List,
		pick:   pick,
		filter: filter.NewKeys(c.Keys.Global.Filter, c.Keys.Form.Cancel),
	}
}

// ShortHelp is the list's keys; the root adds the global ones.
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.pick, k.filter.Open, k.filter.Clear}
}

// FullHelp is every key of the list, by column.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{{l.Up, l.Down, l.Top, l.Bottom}, {l.PageUp, l.PageDown}, k.ShortHelp()}
}

// ShortHelp is the filter's keys while it is typed, else the list's.
func (m *Model) ShortHelp() []key.Binding { return m.filter.Help(m.keys).ShortHelp() }

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding { return m.filter.Help(m.keys).FullHelp() }

// handleKey is where the pane's keys are handled: by the filter while it
// is typed, else by the list.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	defer m.layout() // the filter line may have opened or closed
	return m.filter.HandleKey(k, &m.keys.filter, m.buildRows, m.listKey)
}

// listKey is a key of the list other than the filter's.
func (m *Model) listKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, m.keys.pick) {
		i := m.table.Cursor()
		if _, ok := m.table.Selected(); !ok || i >= len(m.shown) {
			return nil
		}
		return pick(m.entries[m.shown[i]].Name)
	}
	m.table.Update(k)
	return nil
}
