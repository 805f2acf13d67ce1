package table

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
)

// Update moves the cursor for the movement keys of keymap.List and the
// mouse wheel. It reports whether msg was one of them, so the pane can
// handle everything else itself. It never returns work to do: moving is
// synchronous.
func (m *Model) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.key(msg)
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			return false
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.MoveBy(-wheelStep)
			return true
		case tea.MouseButtonWheelDown:
			m.MoveBy(wheelStep)
			return true
		}
	}
	return false
}

func (m *Model) key(msg tea.KeyMsg) bool {
	page := max(m.pageSize(), 1)
	switch {
	case key.Matches(msg, m.keys.Up):
		m.MoveBy(-1)
	case key.Matches(msg, m.keys.Down):
		m.MoveBy(1)
	case key.Matches(msg, m.keys.PageUp):
		m.scroll(-page)
	case key.Matches(msg, m.keys.PageDown):
		m.scroll(page)
	case key.Matches(msg, m.keys.HalfUp):
		m.scroll(-max(page/2, 1))
	case key.Matches(msg, m.keys.HalfDown):
		m.scroll(max(page/2, 1))
	case key.Matches(msg, m.keys.Top):
		m.cursor, m.offset = 0, 0
	case key.Matches(msg, m.keys.Bottom):
		m.cursor = len(m.rows) - 1
		m.clamp()
	default:
		return false
	}
	return true
}

// MoveBy moves the cursor n rows (negative is up), scrolling as little as
// needed to keep it on screen.
func (m *Model) MoveBy(n int) {
	m.cursor += n
	m.clamp()
}

// scroll moves the cursor and the window together by n rows, as less and
// vim do for page and half-page keys, so the cursor keeps its place on
// screen until an end of the list is reached.
func (m *Model) scroll(n int) {
	m.cursor += n
	m.offset += n
	m.clamp()
}

// MoveHelp is the help for Update's movement keys, as the two columns
// list panes show: by line and to the ends, then by page.
func MoveHelp(l keymap.List) [][]key.Binding {
	return [][]key.Binding{
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}
