// Package helpline draws the footer's help: one line of the focused
// pane's keys with the global keys kept whole at the right, or every key
// in columns wrapped to the width; and fits drawn text to the window.
//
// It may import bubbles, lipgloss, charmbracelet/x/ansi and ui/common.
package helpline

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/ui/common"
)

// New is a help model drawn with c's styles.
func New(c *common.Common) help.Model {
	h := help.New()
	st := c.Styles
	h.Styles = help.Styles{
		Ellipsis:       st.Muted,
		ShortKey:       st.Accent,
		ShortDesc:      st.Muted,
		ShortSeparator: st.Muted,
		FullKey:        st.Accent,
		FullDesc:       st.Muted,
		FullSeparator:  st.Muted,
	}
	return h
}

// Line is the short help, width cells wide: the pane's keys on the left,
// cut with an ellipsis, and the global ones (those the pane does not
// already show) whole on the right: ? is the way to everything else.
func Line(h help.Model, pane, global []key.Binding, width int) string {
	right := Short(h, NotShown(global, pane), width-1)
	left := Short(h, pane, width-1-lipgloss.Width(right)-3)
	gap := max(width-1-lipgloss.Width(left)-lipgloss.Width(right)-1, 1)
	return FitLines(" "+left+strings.Repeat(" ", gap)+right, width)
}

// Full is every key of the pane's groups and the global ones, indented by
// one cell and width cells wide at most.
func Full(h help.Model, pane [][]key.Binding, global []key.Binding, width int) string {
	full := columns(h, pane, global, max(width-1, 1))
	return FitLines(" "+strings.ReplaceAll(full, "\n", "\n "), width)
}

// Short is as many of the bindings as fit in w cells, from the first,
// with an ellipsis when some are left out. bubbles/help's own Width is not
// used: when its ellipsis does not fit it adds every remaining item, and
// the line overflows onto the global keys.
func Short(h help.Model, bindings []key.Binding, w int) string {
	h.Width = 0
	var on []key.Binding
	for _, b := range bindings {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	ellipsis := " " + h.Styles.Ellipsis.Inline(true).Render(h.Ellipsis)
	for n := len(on); n > 0; n-- {
		s := h.ShortHelpView(on[:n])
		if n < len(on) {
			s += ellipsis
		}
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	if len(on) > 0 && lipgloss.Width(ellipsis)-1 <= w {
		return strings.TrimPrefix(ellipsis, " ")
	}
	return ""
}

// columns is a column per group, wrapped into rows of columns so that no
// row is wider than w: a column that does not fit starts the next row
// instead of being cut.
func columns(h help.Model, pane [][]key.Binding, global []key.Binding, w int) string {
	h.Width = 0
	sep := h.Styles.FullSeparator.Inline(true).Render(h.FullSeparator)
	var rows, row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, g := range append(pane, NotShown(global, slices.Concat(pane...))) {
		col := h.FullHelpView([][]key.Binding{g})
		if col == "" {
			continue
		}
		cw := lipgloss.Width(col)
		if len(row) > 0 && rowW+lipgloss.Width(sep)+cw > w {
			flush()
		}
		if len(row) > 0 {
			row = append(row, sep)
			rowW += lipgloss.Width(sep)
		}
		row = append(row, col)
		rowW += cw
	}
	flush()
	return strings.Join(rows, "\n")
}

// NotShown is the global bindings the pane's own do not already show with
// the same key and text (a form's "esc back"), so no key is listed twice.
func NotShown(global, pane []key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range global {
		if !slices.ContainsFunc(pane, func(p key.Binding) bool { return p.Enabled() && p.Help() == g.Help() }) {
			out = append(out, g)
		}
	}
	return out
}

// FitLines cuts every line of s to w cells, the last guard for a single
// column or key wider than the whole window.
func FitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// WriteFitted writes exactly h lines of s, each at most w cells wide.
func WriteFitted(b *strings.Builder, s string, w, h int) {
	lines := strings.Split(s, "\n")
	for i := range h {
		if i < len(lines) {
			l := lines[i]
			if ansi.StringWidth(l) > w {
				l = ansi.Truncate(l, w, "")
			}
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
}
