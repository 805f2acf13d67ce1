package topics

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
)

// keys are the list's bindings, copied from the keymap so that modes can
// switch them on and off without touching anyone else's. The writes
// (produce, create, delete) are as the keymap has them: read-only mode
// disabled them there (keymap.SetReadOnly), so help hides them, they
// never match, and the root, finding them in this help, says why.
type keys struct {
	list    keymap.List
	topics  keymap.Topics
	filter  key.Binding
	clear   key.Binding // esc, on only while a filter is applied
	reload  key.Binding
	tail    key.Binding
	produce key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		topics:  c.Keys.Topics,
		filter:  c.Keys.Global.Filter,
		clear:   c.Keys.Global.Back,
		reload:  c.Keys.Global.Refresh,
		tail:    c.Keys.Tail.Open,
		produce: c.Keys.Produce.Open,
	}
	k.list.Open.SetHelp(k.list.Open.Help().Key, "open topic")
	k.clear.SetHelp(k.clear.Help().Key, "clear filter")
	k.clear.SetEnabled(false)
	return k
}

// ShortHelp is the list's keys; the root adds the global ones.
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.list.Open, k.tail, k.produce, k.filter, k.topics.Sort,
		k.topics.ToggleInternal, k.topics.Create, k.topics.Delete, k.clear}
}

// FullHelp is every key of the list, by column. The pane's own keys come
// first: on a narrow screen the help is cut at the right, and movement
// keys are the ones people know already.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{
		{l.Open, k.filter, k.topics.Sort, k.topics.Reverse, k.topics.ToggleInternal},
		{k.tail, k.produce, k.topics.Create, k.topics.Delete, k.clear},
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}

// ShortHelp is the keys of the current mode: the dialog's, the filter's
// while it is typed, else the list's.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.mode == modeCreate && m.form != nil:
		return m.form.shortHelp()
	case m.mode == modeDelete && m.confirm != nil:
		return m.confirm.ShortHelp()
	case m.filter.Focused():
		return m.filter.ShortHelp()
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != modeList || m.filter.Focused() {
		return [][]key.Binding{m.ShortHelp()}
	}
	return m.keys.FullHelp()
}

// handleKey is where the pane's keys are handled: by the dialog that is
// open, by the filter while it is typed, else by the list.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case m.mode == modeCreate:
		return m.formKey(k)
	case m.mode == modeDelete:
		return m.confirmKey(k)
	case m.filter.Focused():
		cmd = m.filterKey(k)
	default:
		cmd = m.listKey(k)
	}
	m.keys.clear.SetEnabled(m.filter.Active())
	return cmd
}

// filterKey edits the filter; the rows follow every keystroke.
func (m *Model) filterKey(k tea.KeyMsg) tea.Cmd {
	keep := m.selectedName()
	res, cmd := m.filter.Update(k)
	if res == filter.Typed || res == filter.Cleared {
		m.apply(keep)
	}
	return cmd
}

// listKey is a key on the list.
func (m *Model) listKey(k tea.KeyMsg) tea.Cmd {
	if m.table.Update(k) {
		return nil
	}
	keys := m.keys
	switch {
	case key.Matches(k, keys.list.Open):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenTopic{Topic: e.t.Name})
		}
	case key.Matches(k, keys.produce):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenProduce{Topic: e.t.Name})
		}
	case key.Matches(k, keys.tail):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenTail{Topic: e.t.Name})
		}
	case key.Matches(k, keys.filter):
		m.filter.Focus()
	case key.Matches(k, keys.clear):
		keep := m.selectedName()
		m.filter.Clear()
		m.apply(keep)
	case key.Matches(k, keys.reload):
		return m.load()
	case key.Matches(k, keys.topics.ToggleInternal):
		keep := m.selectedName()
		m.data.showInternal = !m.data.showInternal
		m.apply(keep)
	case key.Matches(k, keys.topics.Sort):
		m.data.sortCol = (m.data.sortCol + 1) % numColumns
		m.data.sortDesc = sortColumns[m.data.sortCol].desc
		m.resort()
	case key.Matches(k, keys.topics.Reverse):
		m.data.sortDesc = !m.data.sortDesc
		m.resort()
	case key.Matches(k, keys.topics.Create):
		m.openCreate()
	case key.Matches(k, keys.topics.Delete):
		return m.openDelete()
	}
	return nil
}
