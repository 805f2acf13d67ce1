package clusters

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// columns of the clusters table; the first marks the current cluster.
var columns = []table.Column{
	{Title: " ", Width: 1},
	{Title: "NAME", Width: 12, Fit: true},
	{Title: "BROKERS", Width: 20, Grow: 1, Fit: true},
	{Title: "AUTH", Width: 10, Fit: true},
	{Title: "MODE", Width: 10, Fit: true},
}

// Update handles keys and mouse.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.filter.Focused() {
			before := m.filter.Query()
			res, cmd := m.filter.Update(msg)
			if res == filter.Cleared || m.filter.Query() != before {
				m.buildRows()
			}
			m.layout()
			return m, cmd
		}
		return m, m.key(msg)
	case tea.MouseMsg:
		m.table.Update(msg)
	}
	return m, nil
}

func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.pick):
		i := m.table.Cursor()
		if _, ok := m.table.Selected(); !ok || i >= len(m.shown) {
			return nil
		}
		return pick(m.entries[m.shown[i]].Name)
	case key.Matches(k, m.keys.filter):
		m.filter.Focus()
		m.layout()
		return nil
	case m.filter.Active() && key.Matches(k, m.keys.clear):
		m.filter.Clear()
		m.buildRows()
		m.layout()
		return nil
	}
	m.table.Update(k)
	return nil
}

// buildRows makes the rows from the entries and the filter, the cursor on
// the current cluster (or the first shown).
func (m *Model) buildRows() {
	q := strings.ToLower(m.filter.Query())
	rows := make([]table.Row, 0, len(m.entries))
	m.shown = m.shown[:0]
	cursor := 0
	for i, e := range m.entries {
		r := row(e, e.Name == m.current)
		if q != "" && !matches(r, q) {
			continue
		}
		if e.Name == m.current {
			cursor = len(rows)
		}
		rows = append(rows, r)
		m.shown = append(m.shown, i)
	}
	if len(rows) == 0 && q != "" {
		m.table.SetEmpty("no cluster matches the filter")
	}
	m.table.SetRows(rows)
	m.table.SetCursor(cursor)
	m.summary = fmt.Sprintf(" %s %d   %s %s", m.c.Styles.Muted.Render("clusters"), len(m.entries),
		m.c.Styles.Muted.Render("current"), safe.String(m.current))
}

func row(e Entry, current bool) table.Row {
	mark := table.Cell{}
	if current {
		mark = table.Cell{Text: "*", Hint: table.HintAccent}
	}
	auth := table.Cell{Text: "plaintext", Hint: table.HintMuted}
	if e.Auth != "" {
		auth = table.Cell{Text: safe.String(e.Auth)}
	}
	mode := table.Cell{Text: "read-write", Hint: table.HintMuted}
	if e.ReadOnly {
		mode = table.Cell{Text: "read-only", Hint: table.HintWarning}
	}
	return table.Row{Cells: []table.Cell{
		mark,
		{Text: safe.String(e.Name), Hint: table.HintNone},
		{Text: safe.String(strings.Join(e.Brokers, ","))},
		auth,
		mode,
	}}
}

// matches is the filter: a case-insensitive substring of any cell.
func matches(r table.Row, q string) bool {
	for _, c := range r.Cells {
		if strings.Contains(strings.ToLower(c.Text), q) {
			return true
		}
	}
	return false
}
