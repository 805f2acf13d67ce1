package brokers

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the common keymap so that
// switching them on and off for the filter mode affects this pane only.
type keys struct {
	list    keymap.List
	filter  key.Binding
	refresh key.Binding
	// clear is esc while a filter is applied.
	clear key.Binding
}

func newKeys(c *common.Common) keys {
	return keys{
		list:    c.Keys.List,
		filter:  c.Keys.Global.Filter,
		refresh: c.Keys.Global.Refresh,
		clear:   withHelp(c.Keys.Form.Cancel, "clear filter"),
	}
}

// ShortHelp is the footer's help for the current mode.
func (m *Model) ShortHelp() []key.Binding {
	if m.filter.Focused() {
		return m.filter.ShortHelp()
	}
	b := []key.Binding{m.keys.list.Up, m.keys.list.Down, m.keys.filter}
	if m.filter.Active() {
		b = append(b, m.keys.clear)
	}
	return b // refresh is periodic; ctrl+r is in the full help
}

// FullHelp is the `?` help for the current mode.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filter.Focused() {
		return [][]key.Binding{m.filter.ShortHelp()}
	}
	l := m.keys.list
	actions := []key.Binding{m.keys.filter} // ctrl+r is with the global keys
	if m.filter.Active() {
		actions = append(actions, m.keys.clear)
	}
	return [][]key.Binding{
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
		actions,
	}
}

// withHelp is b with another description, for a key whose meaning here is
// more specific than in the keymap.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
