// Package messages is the `:messages` pane: every status message of the
// session with its time and kind, newest first, the selected one written
// out whole below the list (the status line cuts long ones to its width
// and clears them after seconds).
//
// It may import bubbletea, bubbles, keymap, ui/common and ui/components.
// It makes no Kafka call: the root hands it the session's log.
package messages

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Model is the messages pane.
type Model struct {
	common.Base // Close cancels its context; the pane makes no request
	c           *common.Common
	keys        keys
	log         []common.Message // newest first

	table  table.Model
	detail []string // the selected message, wrapped to the width

	width, height int
}

var (
	_ common.Pane   = (*Model)(nil)
	_ common.Closer = (*Model)(nil)
)

// New returns the pane on log, the session's messages oldest first as
// the status line keeps them.
func New(c *common.Common, log []common.Message) *Model {
	m := &Model{Base: common.NewBase("messages"), c: c, keys: newKeys(c), log: make([]common.Message, len(log))}
	for i, msg := range log {
		m.log[len(log)-1-i] = msg
	}
	m.table = table.New(columns, c.Keys.List, table.NewStyles(c.Styles))
	m.table.SetEmpty("no messages yet this session")
	m.table.SetRows(rows(c, m.log))
	return m
}

// Init has nothing to load.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Title is "messages".
func (m *Model) Title() string { return "messages" }

// InputFocused is false: the pane has no text input.
func (m *Model) InputFocused() bool { return false }
