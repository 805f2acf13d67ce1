// Package groups is the `:groups` pane: every consumer group with its
// state, members, topics, total lag, a health status judged over the
// refreshes of the session and a lag trend sparkline; filter, sort and
// periodic refresh. Enter asks the root for the group view.
//
// It may import bubbletea, bubbles, lipgloss, kafkaops (interfaces and
// types; every call is in cmds.go), keymap, internal/health,
// internal/safe, ui/common and ui/components.
package groups

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Backend is what the groups list reads: the groups and their lag.
type Backend interface {
	kafkaops.GroupReader
	kafkaops.GroupLagReader
}

// Model is the groups pane.
type Model struct {
	common.Base // context, origin and load generation; Close cancels
	c           *common.Common
	b           Backend
	keys        keys

	width, height int
	table         table.Model
	filter        filter.Model

	data    data
	loaded  bool
	loadErr error
	lastErr string // last error reported, so a refresh failing again stays quiet
	partial string // brokers that did not answer the last list, "" if all did
	updated time.Time
	detail  []string // the selected group's health and why, built in Update
	// detailRows is the most lines a detail took at this size (see
	// detailHeight).
	detailRows int
}

var (
	_ common.Pane       = (*Model)(nil)
	_ common.EscHandler = (*Model)(nil)
	_ common.Closer     = (*Model)(nil)
)

// New returns the groups pane on b. It does no I/O: Init starts the load.
func New(c *common.Common, b Backend) *Model {
	m := &Model{
		Base:   common.NewBase("groups"),
		c:      c,
		b:      b,
		keys:   newKeys(c),
		filter: filter.New(c),
		data:   newData(),
	}
	m.table = table.New(m.data.columns(), c.Keys.List, table.NewStyles(c.Styles))
	m.table.SetEmpty("loading groups…")
	return m
}

// Init starts the first load.
func (m *Model) Init() tea.Cmd { return m.reload() }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.detailRows = 0 // a new width wraps the reasons anew
	m.layout()
}

// Title is "groups", with the filter when one is applied.
func (m *Model) Title() string { return m.filter.Title("groups") }

// InputFocused reports whether the filter is being typed.
func (m *Model) InputFocused() bool { return m.filter.Focused() }

// HandlesEsc is true while a filter is applied: esc clears it first.
func (m *Model) HandlesEsc() bool { return m.filter.Active() || m.filter.Focused() }
