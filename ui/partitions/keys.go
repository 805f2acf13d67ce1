package partitions

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// keys are the pane's bindings, copied from the keymap so that modes can
// switch them on and off without touching anyone else's. produce is as the
// keymap has it: read-only mode disabled it there (keymap.SetReadOnly), so
// help hides it, it never matches, and the root, finding it in this help,
// says why.
type keys struct {
	list    keymap.List
	toggle  key.Binding // tab; its help names the other table
	filter  filter.Keys // its clear (esc) is on only while a filter is applied
	back    key.Binding // esc otherwise
	reload  key.Binding
	tail    key.Binding
	produce key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		toggle:  c.Keys.Partitions.ToggleConfigs,
		filter:  filter.NewKeys(c.Keys.Global.Filter, c.Keys.Global.Back),
		back:    c.Keys.Global.Back,
		reload:  c.Keys.Global.Refresh,
		tail:    c.Keys.Tail.Open,
		produce: c.Keys.Produce.Open,
	}
	k.showing(tabPartitions)
	return k
}

// showing names in tab's help the table that tab switches to.
func (k *keys) showing(t tab) {
	other := "configs"
	if t == tabConfigs {
		other = "partitions"
	}
	k.toggle.SetHelp(k.toggle.Help().Key, other)
}

// ShortHelp is the keys of the tables; the root adds the global ones (esc
// back among them).
func (k keys) ShortHelp() []key.Binding {
	return []key.Binding{k.toggle, k.tail, k.produce, k.filter.Open, k.filter.Clear}
}

// FullHelp is every key of the tables, by column. The pane's own keys
// come first: on a narrow screen the help is cut at the right, and
// movement keys are the ones people know already.
func (k keys) FullHelp() [][]key.Binding {
	return append([][]key.Binding{k.ShortHelp()}, table.MoveHelp(k.list)...)
}

// ShortHelp is the filter's keys while it is typed, else the tables'.
func (m *Model) ShortHelp() []key.Binding { return m.filter.Help(m.keys).ShortHelp() }

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding { return m.filter.Help(m.keys).FullHelp() }

// handleKey is where the pane's keys are handled: by the filter while it
// is typed, else by the table shown.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	return m.filter.HandleKey(k, &m.keys.filter, m.refilter, m.tableKey)
}

// tableKey is a key on the table shown, other than the filter's.
func (m *Model) tableKey(k tea.KeyMsg) tea.Cmd {
	if m.table().Update(k) {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.toggle):
		// A filter typed for one table means nothing to the other.
		if m.filter.Active() {
			m.filter.Clear()
			m.refilter()
		}
		if m.tab == tabPartitions {
			m.tab = tabConfigs
		} else {
			m.tab = tabPartitions
		}
		m.keys.showing(m.tab)
	case key.Matches(k, m.keys.back):
		return back
	case key.Matches(k, m.keys.reload):
		return m.load()
	case key.Matches(k, m.keys.produce):
		return common.Push(common.OpenProduce{Topic: m.topic})
	case key.Matches(k, m.keys.tail):
		return common.Push(common.OpenTail{Topic: m.topic})
	}
	return nil
}
