package partitions

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the keymap.
type keys struct {
	list   keymap.List
	toggle key.Binding
	filter key.Binding
	back   key.Binding // esc: clears an applied filter first
	reload key.Binding
	// tail opens the live tail; on only when the backend can consume.
	tail key.Binding
	// produce opens the produce form; on only when the backend can
	// produce and not in read-only mode. produceAny matches p even then,
	// so that read-only mode can say why it refuses.
	produce    key.Binding
	produceAny key.Binding
}

func newKeys(c *common.Common) keys {
	return keys{
		list:   c.Keys.List,
		toggle: c.Keys.Partitions.ToggleConfigs,
		filter: c.Keys.Global.Filter,
		back:   c.Keys.Global.Back,
		reload: c.Keys.Global.Refresh,
		tail:   c.Keys.Tail.Open,
		// produce is switched off in New when it cannot work.
		produce:    c.Keys.Produce.Open,
		produceAny: key.NewBinding(key.WithKeys(c.Keys.Produce.Open.Keys()...)),
	}
}

// toggleHelp names the tab that tab switches to.
func (m *Model) toggleHelp() key.Binding {
	t := m.keys.toggle
	if m.tab == tabPartitions {
		t.SetHelp(t.Help().Key, "configs")
	} else {
		t.SetHelp(t.Help().Key, "partitions")
	}
	return t
}

// clearHelp is esc while a filter is applied.
func (m *Model) clearHelp() key.Binding {
	b := m.keys.back
	b.SetHelp(b.Help().Key, "clear filter")
	return b
}

// ShortHelp is the keys of the current state; the root adds the global
// ones (esc back among them).
func (m *Model) ShortHelp() []key.Binding {
	if m.filter.Focused() {
		return m.filter.ShortHelp()
	}
	out := []key.Binding{m.toggleHelp()}
	out = append(out, m.keys.tail, m.keys.produce) // produce is off in read-only mode
	out = append(out, m.keys.filter)
	if m.filter.Active() {
		out = append(out, m.clearHelp())
	}
	return out
}

// FullHelp is every key of the pane, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.filter.Focused() {
		return [][]key.Binding{m.ShortHelp()}
	}
	l := m.keys.list
	// The pane's own keys first: on a narrow screen the help is cut at
	// the right, and movement keys are the ones people know already.
	return [][]key.Binding{
		m.ShortHelp(),
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}
