package groups

import (
	"fmt"
	"strings"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// maxDetailLines bounds the selected group's health and why under the
// table: one line, two when the reason wraps.
const maxDetailLines = 2

// layout rebuilds the detail lines, which depend on the width, and sizes
// the table to the body they and the bottom line leave.
func (m *Model) layout() {
	m.filter.SetWidth(m.width)
	m.buildDetail()
}

// detailHeight is the lines under the table above the bottom line: at
// least one, so the table does not jump while the groups load, and as
// many as a reason has taken at this size, so that the table does not
// move (nor scroll under the cursor) as the cursor passes from a group
// with a two-line reason to one with a one-line reason.
func (m *Model) detailHeight() int { return max(len(m.detail), m.detailRows, 1) }

// sizeTable gives the table the body left by the detail and bottom lines;
// it gives up a row the first time a reason wraps at this size.
func (m *Model) sizeTable() {
	m.detailRows = max(m.detailRows, len(m.detail))
	m.table.SetSize(m.width, max(m.height-1-m.detailHeight(), 0))
}

// View draws the table, the selected group's health line, and the filter
// or a summary. It only lays out what Update prepared.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.table.View())
	b.WriteByte('\n')
	b.WriteString(fit.Box(strings.Join(m.detail, "\n"), m.width, m.detailHeight()))
	b.WriteByte('\n')
	b.WriteString(m.bottomLine())
	return b.String()
}

// bottomLine is the filter input while it is typed in, else the summary.
func (m *Model) bottomLine() string {
	if m.filter.Focused() {
		return fit.Box(m.filter.View(), m.width, 1)
	}
	st := m.c.Styles
	if !m.loaded {
		return fit.Box(" "+st.Muted.Render("loading groups…"), m.width, 1)
	}
	d := &m.data
	var left string
	if m.filter.Active() {
		left = fmt.Sprintf(" %d of %s", len(d.shown), table.Counted(len(d.all), "group"))
	} else {
		left = " " + table.Counted(len(d.all), "group")
	}
	left = st.Muted.Render(left + " · total lag " + health.Count(d.total))
	if d.expired > 0 {
		left += " " + st.Error.Render("("+health.Count(d.expired)+" expired unread)")
	}
	right := st.Muted.Render("updated " + m.updated.Format("15:04:05"))
	switch {
	case m.loadErr != nil:
		right = st.Warning.Render("refresh failed, showing " + m.updated.Format("15:04:05"))
	case m.partial != "":
		right = st.Warning.Render(m.partial) + "  " + right
	}
	return fit.Spread(left, right+" ", m.width)
}
