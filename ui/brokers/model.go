// Package brokers is the `:brokers` pane: the cluster's brokers with their
// id, address and rack, the controller marked, refreshed periodically.
//
// It may import bubbletea, bubbles, lipgloss, keymap, kafkaops (types and
// the ClusterDescriber interface), internal/safe, ui/common and
// ui/components. Its only Kafka call is DescribeCluster, in cmds.go.
package brokers

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Model is the brokers pane.
type Model struct {
	common.Base // context, origin and load generation; Close cancels
	c           *common.Common
	d           kafkaops.ClusterDescriber
	keys        keys

	table  table.Model
	filter filter.Model

	info    kafkaops.ClusterInfo
	loaded  bool
	lastErr string // last error reported, so a refresh failing again stays quiet
	summary string // built when data arrives

	width, height int
}

var (
	_ common.Pane       = (*Model)(nil)
	_ common.EscHandler = (*Model)(nil)
	_ common.Closer     = (*Model)(nil)
)

// New returns the brokers pane reading from d. Init starts the first load.
func New(c *common.Common, d kafkaops.ClusterDescriber) *Model {
	m := &Model{
		Base:   common.NewBase("brokers"),
		c:      c,
		d:      d,
		keys:   newKeys(c),
		filter: filter.New(c),
		table:  table.New(columns, c.Keys.List, table.NewStyles(c.Styles)),
	}
	m.table.SetEmpty("loading brokers…")
	return m
}

// Init loads the brokers.
func (m *Model) Init() tea.Cmd { return m.reload() }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Title is "brokers", with the filter when one is applied.
func (m *Model) Title() string { return m.filter.Title("brokers") }

// InputFocused reports whether the filter is being typed.
func (m *Model) InputFocused() bool { return m.filter.Focused() }

// HandlesEsc is true while a filter is applied: esc clears it first.
func (m *Model) HandlesEsc() bool { return m.filter.Active() }

// Info is the cluster as last loaded.
func (m *Model) Info() kafkaops.ClusterInfo { return m.info }
