// Package filter is the `/` filter line of list panes: a one-line text
// input whose value filters the list as the user types (substring,
// case-insensitive). esc clears it; enter keeps it and gives focus back to
// the list. The pane shows the active filter in its title (Title). A list
// pane hands it every key through HandleKey (keys.go), which also does the
// list's side: / to focus, esc to clear an applied query.
//
// It may import bubbletea, bubbles, lipgloss, keymap, ui/common and
// internal/safe.
package filter

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// maxLen bounds the query: longer than any topic name Kafka allows (249).
const maxLen = 256

// Result says what a key did to the filter.
type Result int

// Results of Update.
const (
	// Ignored: the filter is not focused; the key is the pane's.
	Ignored Result = iota
	// Typed: the key went into the input; the query may have changed.
	Typed
	// Applied: enter; the query stays and focus returns to the list.
	Applied
	// Cleared: esc; the query is gone and focus returns to the list.
	Cleared
)

// Model is the filter line.
type Model struct {
	input textinput.Model
	keys  keymap.Form
	lower string
}

// New returns an empty, unfocused filter styled from c.
func New(c *common.Common) Model {
	in := textinput.New()
	in.Prompt = " /"
	in.CharLimit = maxLen
	in.PromptStyle = c.Styles.Accent
	in.TextStyle = c.Styles.Text
	in.PlaceholderStyle = c.Styles.Muted
	in.Placeholder = "type to filter"
	// A static cursor: a blinking one redraws the screen twice a second
	// for nothing.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	keys := c.Keys.Form
	keys.Submit.SetHelp("enter", "apply filter")
	keys.Cancel.SetHelp("esc", "clear filter")
	return Model{input: in, keys: keys}
}

// Focus gives the input the keys; the current query stays, so / after
// enter edits the filter in place.
func (m *Model) Focus() {
	m.input.Focus()
	m.input.CursorEnd()
}

// Focused reports whether the input has the keys.
func (m *Model) Focused() bool { return m.input.Focused() }

// Active reports whether a query is in effect.
func (m *Model) Active() bool { return m.input.Value() != "" }

// Value is the query as typed.
func (m *Model) Value() string { return m.input.Value() }

// Query is the query lowercased: what rows are matched against.
func (m *Model) Query() string { return m.lower }

// Match reports whether lower, an already lowercased text, matches.
func (m *Model) Match(lower string) bool {
	return m.lower == "" || strings.Contains(lower, m.lower)
}

// Clear empties and blurs the filter.
func (m *Model) Clear() {
	m.input.Reset()
	m.input.Blur()
	m.lower = ""
}

// Update handles msg while the input is focused.
func (m *Model) Update(msg tea.Msg) (Result, tea.Cmd) {
	if !m.input.Focused() {
		return Ignored, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, m.keys.Cancel):
			m.Clear()
			return Cleared, nil
		case key.Matches(k, m.keys.Submit):
			m.input.Blur()
			return Applied, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.lower = strings.ToLower(m.input.Value())
	return Typed, cmd
}

// Title appends the active filter to a pane title: "topics /ord".
func (m *Model) Title(base string) string {
	if !m.Active() {
		return base
	}
	return base + " [/" + safe.String(m.input.Value()) + "]"
}

// SetWidth sets the width the line is drawn at.
func (m *Model) SetWidth(w int) {
	// The prompt takes two cells and the cursor one.
	m.input.Width = max(w-3, 1)
}

// View is the input line.
func (m *Model) View() string { return m.input.View() }

// ShortHelp is the keys that work while typing.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Submit, m.keys.Cancel}
}
