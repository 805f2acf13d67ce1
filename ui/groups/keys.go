package groups

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
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
	return k
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
func (m *Model) ShortHelp() []key.Binding {
	if m.filter.Focused() {
		return m.filter.ShortHelp()
	}
	k := m.keys
	out := []key.Binding{k.list.Open, k.filter, k.groups.Sort, k.groups.Reverse}
	if m.filter.Active() {
		out = append(out, k.clear)
	}
	return out
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filter.Focused() {
		return [][]key.Binding{m.filter.ShortHelp()}
	}
	k := m.keys
	l := k.list
	first := []key.Binding{l.Open, k.filter, k.groups.Sort, k.groups.Reverse}
	if m.filter.Active() {
		first = append(first, k.clear)
	}
	return [][]key.Binding{
		first,
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}
