package clusters

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// layout sizes the table to the body left by the summary and filter lines.
func (m *Model) layout() {
	m.filter.SetWidth(m.width - 1)
	chrome := 1
	if m.filter.Focused() {
		chrome++
	}
	m.table.SetSize(m.width, max(m.height-chrome, 0))
}

// View draws the summary, the filter while it is typed, and the table.
func (m *Model) View() string {
	var b strings.Builder
	b.WriteString(ansi.Truncate(m.summary, m.width, "…"))
	if m.filter.Focused() {
		b.WriteString("\n ")
		b.WriteString(m.filter.View())
	}
	b.WriteByte('\n')
	b.WriteString(m.table.View())
	return b.String()
}
