// Package topics is the topics pane, kafkatui's home screen: a table of the
// cluster's topics with their partition count, replication factor, message
// count and under-replicated and offline partitions; filter, sort, periodic
// refresh, and the create and delete actions.
//
// It may import bubbletea, bubbles, lipgloss, kafkaops (interfaces and
// types; every call is in cmds.go), keymap, internal/safe, ui/common,
// ui/components. It opens other panes (a topic, its tail, the produce
// form) by sending intents to the root, never by building them.
package topics

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Backend is what the pane and the topic view it opens need.
// *kafkaops.Cluster has it all.
type Backend interface {
	kafkaops.TopicLister
	kafkaops.TopicAdmin
	kafkaops.TopicDescriber
}

// mode is what has the keys: the list, or a dialog over it.
type mode int

const (
	modeList mode = iota
	modeCreate
	modeDelete
)

// Model is the topics pane.
type Model struct {
	common.Base // context, origin and list generation; Close cancels
	c           *common.Common
	b           Backend
	// noter reads which topics hold fewer records than offsets; nil for
	// backends without it (tests' fakes).
	noter kafkaops.TopicNoter
	// notesDue counts the lists until the notes are read again: they
	// cost a request per broker and change rarely, so not every refresh.
	notesDue int
	keys     keys
	// offsetsW is the OFFSETS width the table's columns were last set
	// with (data.offsetsW then).
	offsetsW int

	width, height int
	table         table.Model
	filter        filter.Model

	data data

	loaded  bool
	loadErr error     // the last list error; nil after a success
	updated time.Time // when the shown data arrived

	mode    mode
	form    *createForm
	confirm *confirm.Model
}

// New returns the topics pane on b. It does no I/O: Init starts the load.
func New(c *common.Common, b Backend) *Model {
	m := &Model{
		Base:   common.NewBase("topics"),
		c:      c,
		b:      b,
		keys:   newKeys(c),
		filter: filter.New(c),
	}
	if n, ok := b.(kafkaops.TopicNoter); ok {
		m.noter = n
	}
	m.data.sortDesc = sortColumns[colName].desc
	m.table = table.New(m.data.columns(), c.Keys.List, table.NewStyles(c.Styles))
	m.table.SetEmpty("loading topics…")
	return m
}

// Init starts the first load.
func (m *Model) Init() tea.Cmd { return m.load() }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	// The last line is the summary or the filter input.
	m.table.SetSize(m.width, max(m.height-1, 0))
	m.filter.SetWidth(m.width)
	if m.form != nil {
		m.form.setWidth(m.width)
	}
	if m.confirm != nil {
		m.confirm.SetWidth(m.width)
	}
}

// Title is "topics", with the filter when one is applied, or the dialog
// that is open.
func (m *Model) Title() string {
	switch {
	case m.mode == modeCreate:
		return "topics / create"
	case m.mode == modeDelete && m.confirm != nil:
		return "topics / delete " + m.confirm.Shown()
	}
	return m.filter.Title("topics")
}

// InputFocused reports whether typing goes to a text input (the filter,
// the create form, the delete confirmation).
func (m *Model) InputFocused() bool { return m.filter.Focused() || m.mode != modeList }

// HandlesEsc reports whether esc is the pane's (to clear an applied
// filter) rather than the root's.
func (m *Model) HandlesEsc() bool { return m.filter.Active() || m.InputFocused() }

// UnsavedWork names the create form when something was typed in it.
func (m *Model) UnsavedWork() string {
	if m.mode == modeCreate && m.form != nil && m.form.dirty() {
		return "create topic form"
	}
	return ""
}

// selectedName is the name of the topic under the cursor, "" if none.
func (m *Model) selectedName() string {
	if e := m.selected(); e != nil {
		return e.t.Name
	}
	return ""
}

// selected is the topic under the cursor, nil if none.
func (m *Model) selected() *entry {
	i := m.table.Cursor()
	if i < 0 || i >= len(m.data.shown) {
		return nil
	}
	return &m.data.all[m.data.shown[i]]
}
