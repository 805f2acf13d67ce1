package groups

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// keys are the pane's bindings, copied from the keymap.
type keys struct {
	list    keymap.List
	groups  keymap.Groups
	filter  filter.Keys // its clear (esc) is on only while a filter is applied
	refresh key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		groups:  c.Keys.Groups,
		filter:  filter.NewKeys(c.Keys.Global.Filter, c.Keys.Global.Back),
		refresh: c.Keys.Global.Refresh,
	}
	k.list.Open.SetHelp(k.list.Open.Help().Key, "open group")
	return k
}

// ShortHelp is the list's keys; clear only while a filter is applied
// (the filter switches it).
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.list.Open, k.filter.Open, k.groups.Sort, k.groups.Reverse, k.filter.Clear}
}

// FullHelp is every key of the list, by column.
func (k keys) FullHelp() [][]key.Binding {
	return append([][]key.Binding{k.ShortHelp()}, table.MoveHelp(k.list)...)
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
func (m *Model) ShortHelp() []key.Binding { return m.filter.Help(m.keys).ShortHelp() }

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding { return m.filter.Help(m.keys).FullHelp() }

// handleKey is the pane's one entry for keys: the filter while it is
// typed, else the list. esc clears the filter only while one is applied;
// else it is the root's (back).
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	return m.filter.HandleKey(k, &m.keys.filter, m.refilter, m.listKey)
}

// refilter shows the rows the query lets through, the cursor on the same
// group when it is still shown.
func (m *Model) refilter() { m.apply(m.selectedID()) }

// listKey is a key of the list other than the filter's.
func (m *Model) listKey(k tea.KeyMsg) tea.Cmd {
	if m.table.Update(k) {
		m.buildDetail()
		return nil
	}
	keys := m.keys
	switch {
	case key.Matches(k, keys.list.Open):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenGroup{ID: e.sum.ID})
		}
	case key.Matches(k, keys.refresh):
		return m.reload()
	case key.Matches(k, keys.groups.Sort):
		m.data.nextSort()
		m.resort()
	case key.Matches(k, keys.groups.Reverse):
		m.data.sortDesc = !m.data.sortDesc
		m.resort()
	}
	return nil
}
