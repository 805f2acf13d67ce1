package clusters

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the common keymap.
type keys struct {
	list   keymap.List
	pick   key.Binding
	filter key.Binding
	// clear is esc while a filter is applied.
	clear key.Binding
}

func newKeys(c *common.Common) keys {
	return keys{
		list:   c.Keys.List,
		pick:   withHelp(c.Keys.List.Open, "switch to cluster"),
		filter: c.Keys.Global.Filter,
		clear:  withHelp(c.Keys.Form.Cancel, "clear filter"),
	}
}

// ShortHelp is the footer's help for the current mode.
func (m *Model) ShortHelp() []key.Binding {
	if m.filter.Focused() {
		return m.filter.ShortHelp()
	}
	b := []key.Binding{m.keys.pick, m.keys.filter}
	if m.filter.Active() {
		b = append(b, m.keys.clear)
	}
	return b
}

// FullHelp is the `?` help for the current mode.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filter.Focused() {
		return [][]key.Binding{m.filter.ShortHelp()}
	}
	l := m.keys.list
	actions := []key.Binding{m.keys.pick, m.keys.filter}
	if m.filter.Active() {
		actions = append(actions, m.keys.clear)
	}
	return [][]key.Binding{{l.Up, l.Down, l.Top, l.Bottom}, {l.PageUp, l.PageDown}, actions}
}

func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
