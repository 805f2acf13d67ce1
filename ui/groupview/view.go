package groupview

import (
	"strings"

	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// maxHealthLines bounds the health reason, so that the table keeps the
// room: the header is 3 lines, 4 when the reason wraps.
const maxHealthLines = 2

// layout rebuilds the header, which depends on the width and the data,
// and sizes the tables and dialogs to the room it leaves.
func (m *Model) layout() {
	m.buildHeader()
	h := max(m.height-m.headerHeight()-1, 0)
	m.lag.SetSize(m.width, h)
	m.members.SetSize(m.width, h)
	if m.form != nil {
		m.form.setWidth(m.width)
	}
	if m.preview != nil {
		m.preview.setSize(m.width, m.height)
	}
	if m.confirm != nil {
		m.confirm.SetWidth(m.width)
	}
}

// headerHeight is the lines above the table: at least 3, so the table
// does not jump while the group loads.
func (m *Model) headerHeight() int { return max(len(m.header), 3) }

// View draws the header, the table and a summary line, or the dialog that
// has the keys. It only lays out what Update prepared.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	switch {
	case m.mode == modeResetForm && m.form != nil:
		return m.form.view(m.display, w, h)
	case m.mode == modePreview && m.preview != nil:
		return m.preview.view(w, h)
	case m.mode == modeConfirm && m.confirm != nil:
		return m.confirm.View(w, h)
	}
	head := fit.Box(strings.Join(m.header, "\n"), w, m.headerHeight())
	return head + "\n" + m.current().View() + "\n" + m.bottomLine()
}

// bottomLine counts what the table shows and says when it was updated.
func (m *Model) bottomLine() string {
	st := m.c.Styles
	if !m.loaded {
		return fit.Box("", m.width, 1)
	}
	var left string
	if m.tab == tabMembers {
		left = " " + table.Counted(len(m.detail.Members), "member")
	} else {
		left = " " + table.Counted(len(m.detail.Offsets), "partition") + " of " + table.Counted(m.topics, "topic")
	}
	right := st.Muted.Render("updated " + m.updated.Format("15:04:05"))
	if m.loadErr != nil {
		right = st.Warning.Render("refresh failed, showing " + m.updated.Format("15:04:05"))
	}
	return fit.Spread(st.Muted.Render(left), right+" ", m.width)
}
