package filter

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Keys are the two keys a list pane gives its filter, copied into the
// pane's own bindings so that the pane's help lists them where it wants.
type Keys struct {
	// Open (`/`) gives the filter line the keys, keeping the query.
	Open key.Binding
	// Clear (esc) empties an applied query. HandleKey keeps it on exactly
	// while a query is applied, so help shows it only then and esc
	// otherwise goes where it would (the root's back, or the pane's).
	Clear key.Binding
}

// NewKeys is open and clear as a pane's filter keys: clear says "clear
// filter" in help and starts off, as no query is applied yet.
func NewKeys(open, clear key.Binding) Keys {
	clear.SetHelp(clear.Help().Key, "clear filter")
	clear.SetEnabled(false)
	return Keys{Open: open, Clear: clear}
}

// HandleKey is the key handling every list pane with a filter shares.
// While the filter line is focused it takes every key; otherwise it takes
// keys.Open (focus the line) and keys.Clear (drop an applied query), and
// hands any other key to list, the pane's own. Whenever the query changed
// (typed, or cleared from the line or the list) it calls refilter, for the
// pane to rebuild its rows. After the key, keys.Clear is on exactly while
// a query is applied, even when list itself cleared the filter.
func (m *Model) HandleKey(k tea.KeyMsg, keys *Keys, refilter func(), list func(tea.KeyMsg) tea.Cmd) tea.Cmd {
	keys.Clear.SetEnabled(m.Active())
	defer func() { keys.Clear.SetEnabled(m.Active()) }()
	if m.Focused() {
		before := m.Value()
		res, cmd := m.Update(k)
		// A key that only moved the input's cursor leaves the rows
		// alone: rebuilding them may move the list's cursor.
		if res == Cleared || m.Value() != before {
			refilter()
		}
		return cmd
	}
	switch {
	case key.Matches(k, keys.Open):
		m.Focus()
		return nil
	case m.Active() && key.Matches(k, keys.Clear):
		m.Clear()
		refilter()
		return nil
	}
	return list(k)
}

// Help is the help of a list pane with this filter: the filter's keys
// while its line is focused, else list's.
func (m *Model) Help(list help.KeyMap) help.KeyMap {
	if m.Focused() {
		return m
	}
	return list
}

// FullHelp is the keys that work while typing, as one column.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp()}
}
