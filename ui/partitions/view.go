package partitions

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// View draws the tabs and summary line, the table of the current tab and
// the bottom line. It only lays out what Update prepared.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	var body string
	switch {
	case m.tab == tabPartitions && !m.p.loaded && m.p.err != nil:
		body = m.errorView("Could not describe topic "+m.display, m.p.err)
	case m.tab == tabConfigs && !m.k.loaded && m.k.err != nil:
		body = m.errorView("Could not read the configs of "+m.display, m.k.err)
	default:
		body = m.table().View()
	}
	return fit.Box(m.topLine(), w, 1) + "\n" + body + "\n" + m.bottomLine()
}

// topLine is the summary of the current tab.
func (m *Model) topLine() string {
	st := m.c.Styles
	if m.tab == tabConfigs {
		if !m.k.loaded {
			return " "
		}
		return " " + st.Muted.Render(table.Counted(len(m.k.rows), "config")+fmt.Sprintf(" · %d set", m.k.nonDefault))
	}
	if !m.p.loaded {
		return " "
	}
	// When the line is too narrow its parts give way by importance, whole:
	// the offsets total and the counts that are zero go first, then the
	// internal mark; the partition count and the problems stay.
	s := m.p.sum
	parts := []fit.Part{
		{Text: st.Text.Render(table.Counted(s.partitions, "partition")), Rank: 3},
		{Text: st.Text.Render(numfmt.Group(s.messages) + " offsets"), Rank: 1},
		count(s.underReplicated, "under-replicated", st.Warning, st.Text),
		count(s.offline, "offline", st.Error, st.Text),
	}
	if s.errors > 0 {
		parts = append(parts, fit.Part{Text: st.Error.Render(fmt.Sprintf("%d with errors", s.errors)), Rank: 3})
	}
	if m.p.internal {
		parts = append(parts, fit.Part{Text: st.Muted.Render("internal"), Rank: 2})
	}
	return " " + fit.Ranked(parts, st.Muted.Render(" · "), m.width-1)
}

// count shows "n what", highlighted and kept when n is not zero; a zero
// count gives way with the offsets total.
func count(n int, what string, bad, ok lipgloss.Style) fit.Part {
	s := fmt.Sprintf("%d %s", n, what)
	if n > 0 {
		return fit.Part{Text: bad.Render(s), Rank: 3}
	}
	return fit.Part{Text: ok.Render(s), Rank: 1}
}

// bottomLine is the filter input while typed in, else the position and
// the time of the data.
func (m *Model) bottomLine() string {
	if m.filter.Focused() {
		return fit.Box(m.filter.View(), m.width, 1)
	}
	st := m.c.Styles
	t := m.table()
	var left string
	if e := m.selectedError(); e != "" {
		left = " " + st.Error.Render(e)
	} else if m.filter.Active() {
		total := len(m.p.rows)
		if m.tab == tabConfigs {
			total = len(m.k.rows)
		}
		left = st.Muted.Render(fmt.Sprintf(" %d of %d match", t.Len(), total))
	}
	var right string
	if t.Len() > 0 {
		right = st.Muted.Render(fmt.Sprintf("%d/%d", t.Cursor()+1, t.Len())) + "  "
	}
	switch {
	case m.updated.IsZero() && m.p.err != nil:
	case m.updated.IsZero():
		right += st.Muted.Render("loading…")
	case m.p.err != nil && m.p.loaded:
		right += st.Warning.Render("refresh failed, showing " + m.updated.Format("15:04:05"))
	default:
		right += st.Muted.Render("updated " + m.updated.Format("15:04:05"))
	}
	return fit.Spread(left, right+" ", m.width)
}

// selectedError is the error of the partition under the cursor, in full:
// the ERROR column may be too narrow for it.
func (m *Model) selectedError() string {
	if m.tab != tabPartitions {
		return ""
	}
	r, ok := m.parts.Selected()
	if !ok || len(r.Cells) <= pcError || r.Cells[pcError].Text == "" {
		return ""
	}
	return "partition " + r.Cells[pcID].Text + ": " + r.Cells[pcError].Text
}

// errorView replaces the table when its first load failed.
func (m *Model) errorView(title string, err error) string {
	st := m.c.Styles
	lines := []string{"", " " + st.Error.Render(title), ""}
	lines = append(lines, fit.Indent(fit.Wrap(safe.String(err.Error()), m.width-2), " ", st.Text)...)
	lines = append(lines, "",
		" "+st.Muted.Render(fmt.Sprintf("Retrying every %s; press %s to retry now, %s to go back.",
			m.c.Refresh, m.keys.reload.Help().Key, m.keys.back.Help().Key)))
	return fit.Box(strings.Join(lines, "\n"), m.width, max(m.height-2, 0))
}
