package topics

import (
	"fmt"
	"strings"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// View draws the pane body: the table and a summary line, or the dialog
// that has the keys. It only lays out what Update prepared.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	switch {
	case m.mode == modeCreate && m.form != nil:
		return m.form.view(w, h)
	case m.mode == modeDelete && m.confirm != nil:
		return m.confirm.View(w, h)
	case !m.loaded && m.loadErr != nil:
		return m.errorView()
	}
	return m.table.View() + "\n" + m.bottomLine()
}

// bottomLine is the filter input while it is typed in, else the summary.
func (m *Model) bottomLine() string {
	if m.filter.Focused() {
		return fit.Box(m.filter.View(), m.width, 1)
	}
	st := m.c.Styles
	if !m.loaded {
		return fit.Box(" "+st.Muted.Render("loading topics…"), m.width, 1)
	}
	d := &m.data
	var b strings.Builder
	if m.filter.Active() {
		fmt.Fprintf(&b, " %d of %s", len(d.shown), table.Counted(d.eligible(), "topic"))
	} else {
		b.WriteString(" " + table.Counted(d.eligible(), "topic"))
	}
	if d.internal > 0 && !d.showInternal {
		fmt.Fprintf(&b, " · %d internal hidden", d.internal)
	}
	if d.noted > 0 || d.showInternal && d.notedInternal > 0 {
		// OFFSETS is high minus low watermark: say where that is more
		// than the records a consumer reads.
		b.WriteString(" · ≤ fewer records (compacted/transactions)")
	}
	left := st.Muted.Render(b.String())
	var right string
	if len(d.shown) > 0 {
		right = st.Muted.Render(fmt.Sprintf("%d/%d", m.table.Cursor()+1, len(d.shown))) + "  "
	}
	if m.loadErr != nil {
		right += st.Warning.Render("refresh failed, showing " + m.updated.Format("15:04:05"))
	} else {
		right += st.Muted.Render("updated " + m.updated.Format("15:04:05"))
	}
	right += " "
	return fit.Spread(left, right, m.width)
}

// errorView replaces the table when the first load failed: there is
// nothing else to show, and the user needs to know why and what to do.
func (m *Model) errorView() string {
	st := m.c.Styles
	lines := []string{"", " " + st.Error.Render("Could not list topics"), ""}
	lines = append(lines, fit.Indent(fit.Wrap(safe.String(m.loadErr.Error()), m.width-2), " ", st.Text)...)
	lines = append(lines, "",
		" "+st.Muted.Render(fmt.Sprintf("Retrying every %s; press %s to retry now.", m.c.Refresh, m.keys.reload.Help().Key)))
	return fit.Box(strings.Join(lines, "\n"), m.width, m.height)
}
