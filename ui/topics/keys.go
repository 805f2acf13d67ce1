package topics

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the keymap so that modes can
// switch them on and off without touching anyone else's.
type keys struct {
	list   keymap.List
	topics keymap.Topics
	filter key.Binding
	clear  key.Binding // esc with a filter applied
	reload key.Binding
	// tail opens the live tail; on only when the backend can consume.
	tail key.Binding
	// produce opens the produce form; on only when the backend can
	// produce and not in read-only mode. produceAny matches p even then,
	// so that read-only mode can say why it refuses.
	produce    key.Binding
	produceAny key.Binding
	// writeKeys match c and D even in read-only mode, where the visible
	// bindings are disabled (and so hidden from help), so that the pane
	// can say why it refuses instead of ignoring the key.
	createAny key.Binding
	deleteAny key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:   c.Keys.List,
		topics: c.Keys.Topics,
		filter: c.Keys.Global.Filter,
		clear:  c.Keys.Global.Back,
		reload: c.Keys.Global.Refresh,
		tail:   c.Keys.Tail.Open,
	}
	k.produce = c.Keys.Produce.Open
	k.produceAny = key.NewBinding(key.WithKeys(k.produce.Keys()...))
	if c.ReadOnly {
		k.produce.SetEnabled(false)
	}
	k.list.Open.SetHelp(k.list.Open.Help().Key, "open topic")
	k.clear.SetHelp(k.clear.Help().Key, "clear filter")
	k.createAny = key.NewBinding(key.WithKeys(k.topics.Create.Keys()...))
	k.deleteAny = key.NewBinding(key.WithKeys(k.topics.Delete.Keys()...))
	if c.ReadOnly {
		k.topics.Create.SetEnabled(false)
		k.topics.Delete.SetEnabled(false)
	}
	return k
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.mode == modeCreate && m.form != nil:
		return m.form.shortHelp()
	case m.mode == modeDelete && m.confirm != nil:
		return m.confirm.ShortHelp()
	case m.filter.Focused():
		return m.filter.ShortHelp()
	}
	k := m.keys
	out := []key.Binding{k.list.Open, k.tail, k.produce} // produce is off in read-only mode
	out = append(out, k.filter, k.topics.Sort, k.topics.ToggleInternal, k.topics.Create, k.topics.Delete)
	if m.filter.Active() {
		out = append(out, k.clear)
	}
	return out
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != modeList || m.filter.Focused() {
		return [][]key.Binding{m.ShortHelp()}
	}
	k := m.keys
	l := k.list
	// Disabled bindings (the writes, in read-only mode) are not shown.
	actions := []key.Binding{k.tail, k.produce, k.topics.Create, k.topics.Delete}
	if m.filter.Active() {
		actions = append(actions, k.clear)
	}
	// The pane's own keys first: on a narrow screen the help is cut at
	// the right, and movement keys are the ones people know already.
	return [][]key.Binding{
		{l.Open, k.filter, k.topics.Sort, k.topics.Reverse, k.topics.ToggleInternal},
		actions,
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}
