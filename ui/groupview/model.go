// Package groupview is the group view: one consumer group's members (idle
// ones marked) and its lag per topic and partition, with the committed and
// log-end offsets, lag in messages and in time, owner, a health status
// judged over the session's refreshes and a lag sparkline; total lag, the
// worst partition and the group's health in the header. Its actions (reset
// offsets with a preview, delete the group, delete a topic's offsets) are
// confirmed; in read-only mode the root refuses their keys.
//
// It may import bubbletea, bubbles, lipgloss, kafkaops (interfaces and
// types; every call is in cmds.go), keymap, internal/health,
// internal/safe, ui/common and ui/components.
package groupview

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Backend is what the group view needs; *kafkaops.Cluster has it all.
type Backend interface {
	kafkaops.GroupReader
	kafkaops.GroupLagReader
	kafkaops.GroupAdmin
	kafkaops.GroupOffsetAdmin
}

// tab is which table is shown.
type tab int

const (
	tabLag tab = iota
	tabMembers
)

// mode is what has the keys: the tables, or a dialog over them.
type mode int

const (
	modeTable mode = iota
	modeResetForm
	modePreview
	modeConfirm
)

// Model is the group view.
type Model struct {
	common.Base // context, origin and load generation; Close cancels
	c           *common.Common
	b           Backend
	group       string // as Kafka knows it, for requests
	display     string // safe to print
	keys        keys

	width, height int
	tab           tab
	lag           table.Model
	members       table.Model

	hist    *common.GroupHistory
	detail  kafkaops.GroupDetail
	times   map[kafkaops.TopicPartition]recordTime
	loaded  bool
	loadErr error
	lastErr string // last error reported, so a refresh failing again stays quiet
	updated time.Time
	header  []string // built when data arrives
	topics  int      // distinct topics in detail.Offsets
	// expiredCols says the lag table has the EXPIRED column: the group
	// lost records on some partition.
	expiredCols bool

	mode    mode
	form    *resetForm
	preview *resetPreview
	confirm *confirm.Model
}

var (
	_ common.Pane       = (*Model)(nil)
	_ common.EscHandler = (*Model)(nil)
	_ common.Closer     = (*Model)(nil)
)

// New returns the view of group on b. Its health and trends continue the
// session's history of the group on c's cluster (kept in Common, so they
// survive closing the view), and its refreshes add to it. It does no I/O:
// Init starts the load.
func New(c *common.Common, b Backend, group string) *Model {
	m := &Model{
		Base:    common.NewBase("group"),
		c:       c,
		b:       b,
		group:   group,
		display: safe.String(group),
		keys:    newKeys(c),
		hist:    c.Groups.Of(c.Cluster, group),
		lag:     table.New(lagColumns, c.Keys.List, table.NewStyles(c.Styles)),
		members: table.New(memberColumns, c.Keys.List, table.NewStyles(c.Styles)),
	}
	m.lag.SetEmpty("loading group…")
	m.members.SetEmpty("loading group…")
	return m
}

// Init starts the first load.
func (m *Model) Init() tea.Cmd { return m.reload() }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
}

// Title is the group id, with the dialog that is open.
func (m *Model) Title() string {
	switch m.mode {
	case modeResetForm, modePreview:
		return m.display + " / reset offsets"
	case modeConfirm:
		if m.confirm != nil {
			return m.display + " / " + m.confirm.Title()
		}
	}
	if m.tab == tabMembers {
		return m.display + " / members"
	}
	return m.display
}

// InputFocused reports whether a dialog has the keys.
func (m *Model) InputFocused() bool { return m.mode != modeTable }

// HandlesEsc is true while a dialog is open: esc closes it.
func (m *Model) HandlesEsc() bool { return m.mode != modeTable }

// act starts an action's request (plan, reset, delete): wrapped by the
// base, with a spinner of its own, so that a refresh in between neither
// drops its answer nor stops its spinner.
func (m *Model) act(what string, cmd tea.Cmd) tea.Cmd {
	return common.WithBusy(fmt.Sprintf("group#%d.%s.%d", m.Origin(), what, m.Gen()), m.Wrap(cmd))
}
