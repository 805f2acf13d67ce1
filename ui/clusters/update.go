package clusters

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
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
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.table.Update(msg)
	}
	return m, nil
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
