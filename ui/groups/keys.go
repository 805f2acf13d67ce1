package groups

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
)

// keys are the pane's bindings, copied from the keymap.
type keys struct {
	list    keymap.List
	groups  keymap.Groups
	filter  key.Binding
	clear   key.Binding // esc with a filter applied
	refresh key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		groups:  c.Keys.Groups,
		filter:  c.Keys.Global.Filter,
		clear:   c.Keys.Global.Back,
		refresh: c.Keys.Global.Refresh,
	}
	k.list.Open.SetHelp(k.list.Open.Help().Key, "open group")
	k.clear.SetHelp(k.clear.Help().Key, "clear filter")
	k.clear.SetEnabled(false) // until a filter is applied
	return k
}

// ShortHelp is the list's keys; clear only while a filter is applied
// (the pane switches it with the filter).
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.list.Open, k.filter, k.groups.Sort, k.groups.Reverse, k.clear}
}

// FullHelp is every key of the list, by column.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{
		{l.Open, k.filter, k.groups.Sort, k.groups.Reverse, k.clear},
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
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

// handleKey is the pane's one entry for keys: the filter while it is
// typed, else the list.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	// esc clears the filter only while one is applied; else it is the
	// root's (back).
	defer func() { m.keys.clear.SetEnabled(m.filter.Active()) }()
	if m.filter.Focused() {
		return m.filterKey(k)
	}
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
	case key.Matches(k, keys.filter):
		m.filter.Focus()
		m.layout()
	case key.Matches(k, keys.clear):
		keep := m.selectedID()
		m.filter.Clear()
		m.apply(keep)
		m.layout()
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

// filterKey edits the filter; rows follow every keystroke.
func (m *Model) filterKey(k tea.KeyMsg) tea.Cmd {
	keep := m.selectedID()
	res, cmd := m.filter.Update(k)
	if res == filter.Typed || res == filter.Cleared {
		m.apply(keep)
	}
	m.layout()
	return cmd
}
