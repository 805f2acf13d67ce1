// Package clusters is the `:cluster` pane: the clusters of the config
// file, the current one marked, to switch to with enter (k9s's contexts).
//
// It may import bubbletea, bubbles, lipgloss, keymap, internal/safe,
// ui/common and ui/components. It makes no Kafka call: switching is the
// root's, asked for with common.SwitchClusterMsg (cmds.go).
package clusters

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Entry is one configured cluster as the pane shows it.
type Entry struct {
	Name    string
	Brokers []string
	// Auth says how the cluster is reached, e.g. "SCRAM-SHA-512 · TLS";
	// empty means plaintext without SASL.
	Auth     string
	ReadOnly bool
	// Color is the cluster's header colour ("" for the theme's).
	Color string
}

// Model is the clusters pane.
type Model struct {
	common.Base // Close cancels its context; the pane makes no request
	c           *common.Common
	keys        keys
	entries     []Entry
	current     string

	table   table.Model
	shown   []int // entries index of each row
	filter  filter.Model
	summary string

	width, height int
}

var (
	_ common.Pane       = (*Model)(nil)
	_ common.EscHandler = (*Model)(nil)
	_ common.Closer     = (*Model)(nil)
)

// New returns the pane listing entries, current being the cluster the UI
// is on. The cursor starts on it.
func New(c *common.Common, entries []Entry, current string) *Model {
	m := &Model{
		Base:    common.NewBase("clusters"),
		c:       c,
		keys:    newKeys(c),
		entries: entries,
		current: current,
		filter:  filter.New(c),
		table:   table.New(columns, c.Keys.List, table.NewStyles(c.Styles)),
	}
	m.table.SetEmpty("no clusters in the config file")
	m.buildRows()
	return m
}

// Init has nothing to load: the entries come from the config file.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Title is "clusters", with the filter when one is applied.
func (m *Model) Title() string { return m.filter.Title("clusters") }

// InputFocused reports whether the filter is being typed.
func (m *Model) InputFocused() bool { return m.filter.Focused() }

// HandlesEsc is true while a filter is applied: esc clears it first.
func (m *Model) HandlesEsc() bool { return m.filter.Active() }
