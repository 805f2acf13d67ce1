// Package partitions is the topic view: a topic's partitions (leader,
// replicas, ISR, watermarks, messages) under a summary line, and a second
// table of the topic's configs, toggled with tab.
//
// It may import bubbletea, bubbles, lipgloss, kafkaops (interfaces and
// types; every call is in cmds.go), keymap, internal/safe, ui/common,
// ui/components. It opens the tail and the produce form by sending
// intents to the root, never by building them.
package partitions

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// tab is which table is shown.
type tab int

const (
	tabPartitions tab = iota
	tabConfigs
)

// Model is the topic view.
type Model struct {
	common.Base // context, origin and load generation; Close cancels
	c           *common.Common
	b           kafkaops.TopicDescriber
	topic       string // as Kafka knows it, for requests
	display     string // safe to print
	keys        keys

	width, height int
	tab           tab
	parts         table.Model
	cfgs          table.Model
	filter        filter.Model

	p partData
	k cfgData

	pending int // answers of the current generation still to come
	updated time.Time
}

// New returns the topic view of topic on b. It does no I/O: Init starts
// the loads.
func New(c *common.Common, b kafkaops.TopicDescriber, topic string) *Model {
	m := &Model{
		Base:    common.NewBase("partitions"),
		c:       c,
		b:       b,
		topic:   topic,
		display: safe.String(topic),
		keys:    newKeys(c),
		filter:  filter.New(c),
	}
	st := table.NewStyles(c.Styles)
	m.parts = table.New(partColumns(false), c.Keys.List, st)
	m.parts.SetEmpty("loading partitions…")
	m.cfgs = table.New(cfgColumns, c.Keys.List, st)
	m.cfgs.SetEmpty("loading configs…")
	return m
}

// Init starts the first loads.
func (m *Model) Init() tea.Cmd { return m.load() }

// SetSize gives the pane its body size: a summary line, the table, and
// a bottom line for the filter and the refresh time.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	th := max(m.height-2, 0)
	m.parts.SetSize(m.width, th)
	m.cfgs.SetSize(m.width, th)
	m.filter.SetWidth(m.width)
}

// Title is "<topic> / partitions" or "<topic> / configs", with the filter
// when one is applied.
func (m *Model) Title() string {
	name := "partitions"
	if m.tab == tabConfigs {
		name = "configs"
	}
	return m.filter.Title(m.display + " / " + name)
}

// InputFocused reports whether the filter is being typed in.
func (m *Model) InputFocused() bool { return m.filter.Focused() }

// HandlesEsc reports whether esc clears a filter rather than going back.
func (m *Model) HandlesEsc() bool { return m.filter.Active() || m.filter.Focused() }

// table is the table of the current tab.
func (m *Model) table() *table.Model {
	if m.tab == tabConfigs {
		return &m.cfgs
	}
	return &m.parts
}
