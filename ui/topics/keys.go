package topics

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// keys are the list's bindings, copied from the keymap so that modes can
// switch them on and off without touching anyone else's. The writes
// (produce, create, delete) are as the keymap has them: read-only mode
// disabled them there (keymap.SetReadOnly), so help hides them, they
// never match, and the root, finding them in this help, says why.
type keys struct {
	list    keymap.List
	topics  keymap.Topics
	filter  filter.Keys // its clear (esc) is on only while a filter is applied
	reload  key.Binding
	tail    key.Binding
	produce key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		topics:  c.Keys.Topics,
		filter:  filter.NewKeys(c.Keys.Global.Filter, c.Keys.Global.Back),
		reload:  c.Keys.Global.Refresh,
		tail:    c.Keys.Tail.Open,
		produce: c.Keys.Produce.Open,
	}
	k.list.Open.SetHelp(k.list.Open.Help().Key, "open topic")
	return k
}

// ShortHelp is the list's keys; the root adds the global ones.
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.list.Open, k.tail, k.produce, k.filter.Open, k.topics.Sort,
		k.topics.ToggleInternal, k.topics.Create, k.topics.Delete, k.filter.Clear}
}

// FullHelp is every key of the list, by column. The pane's own keys come
// first: on a narrow screen the help is cut at the right, and movement
// keys are the ones people know already.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return append([][]key.Binding{
		{l.Open, k.filter.Open, k.topics.Sort, k.topics.Reverse, k.topics.ToggleInternal},
		{k.tail, k.produce, k.topics.Create, k.topics.Delete, k.filter.Clear},
	}, table.MoveHelp(l)...)
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
	switch m.mode {
	case modeCreate:
		return m.formKey(k)
	case modeDelete:
		return m.confirmKey(k)
	}
	return m.filter.HandleKey(k, &m.keys.filter, m.refilter, m.listKey)
}

// refilter shows the rows the query lets through, the cursor on the same
// topic when it is still shown.
func (m *Model) refilter() { m.apply(m.selectedName()) }

// listKey is a key of the list other than the filter's.
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
	case key.Matches(k, keys.reload):
		return m.load()
	case key.Matches(k, keys.topics.ToggleInternal):
		m.data.showInternal = !m.data.showInternal
		m.refilter()
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
