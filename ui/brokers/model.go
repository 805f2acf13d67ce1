// Package brokers is the `:brokers` pane: the cluster's brokers with their
// id, address and rack, the controller marked, refreshed periodically.
//
// It may import bubbletea, bubbles, lipgloss, keymap, kafkaops (types and
// the ClusterDescriber interface), internal/safe, ui/common and
// ui/components. Its only Kafka call is DescribeCluster, in cmds.go.
package brokers

import (
	"context"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// nextOrigin numbers pane instances, so a result reaches only the pane
// that asked for it even when several brokers panes have lived.
var nextOrigin atomic.Int64

// Model is the brokers pane.
type Model struct {
	c      *common.Common
	d      kafkaops.ClusterDescriber
	ctx    context.Context
	cancel context.CancelFunc
	origin int64
	gen    int // current load generation; older results are dropped
	keys   keys

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
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		c:      c,
		d:      d,
		ctx:    ctx,
		cancel: cancel,
		origin: nextOrigin.Add(1),
		keys:   newKeys(c),
		filter: filter.New(c),
		table:  table.New(columns, c.Keys.List, table.NewStyles(c.Styles)),
	}
	m.table.SetEmpty("loading brokers…")
	return m
}

// Init loads the brokers.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Close cancels a load in flight and stops the refresh.
func (m *Model) Close() { m.cancel() }

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
