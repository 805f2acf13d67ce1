// Package fit lays text out in a pane's box: exactly h lines of at most w
// cells (so the footer never moves), a line with a left and a right part,
// word-wrapped messages. Widths are terminal cells (wide characters count
// two), measured with x/ansi as lipgloss does. It imports lipgloss and
// x/ansi only.
package fit

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Box makes s exactly h lines of at most w cells: long lines are cut with
// an ellipsis, missing lines added empty, extra lines dropped.
func Box(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, max(w, 0), "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Spread puts left and right on one line of exactly w cells, the right
// part winning when both do not fit.
func Spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		left = ansi.Truncate(left, max(w-rw-1, 0), "…")
		lw = ansi.StringWidth(left)
	}
	if lw+rw > w {
		return Box(right, w, 1)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

// MaxWrap bounds a wrapped message, so that a broker's long answer cannot
// push everything else off the screen.
const MaxWrap = 4

// Wrap word-wraps s to w cells (breaking words longer than w) and returns
// at most MaxWrap lines, the last one cut short with an ellipsis.
func Wrap(s string, w int) []string {
	w = max(w, 8)
	lines := strings.Split(ansi.Wrap(s, w, "-/"), "\n")
	if len(lines) > MaxWrap {
		lines = lines[:MaxWrap]
		lines[MaxWrap-1] = ansi.Truncate(lines[MaxWrap-1]+" …", w, "…")
	}
	return lines
}

// Indent styles each line and puts prefix before it.
func Indent(lines []string, prefix string, st lipgloss.Style) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + st.Render(l)
	}
	return out
}

// minHang is the narrowest room worth wrapping text under itself in; a
// label wider than the rest of the line has a line of its own instead.
const minHang = 16

// Hang puts text, in style st, after label and wraps it under itself
// (indented by the label's width) to fit w cells, in at most n lines, the last one cut short with an ellipsis:
// a reason or a message is read whole, not lost at the edge. When the
// label leaves less than minHang cells, the label has the first line and
// the text wraps under it from the second cell. The label may be styled;
// the text is shown as given (escape it first).
func Hang(label, text string, st lipgloss.Style, w, n int) []string {
	n = max(n, 1)
	indent := ansi.StringWidth(label)
	room := w - indent
	var head []string
	if room < minHang {
		head, indent, room = []string{label}, 1, max(w-1, 1)
		n = max(n-1, 1)
	}
	lines := Wrap(text, room)
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1]+" …", room, "…")
	}
	for i, l := range lines {
		if i == 0 && head == nil {
			lines[i] = label + st.Render(l)
		} else {
			lines[i] = strings.Repeat(" ", indent) + st.Render(l)
		}
	}
	return append(head, lines...)
}

// Part is one piece of a line of parts (a header, a summary) with its
// rank: when the line is too narrow, parts of a lower rank give way first.
type Part struct {
	Text string
	Rank int
}

// Ranked joins the parts with sep, in their order, within w cells: it
// takes the parts of the highest rank first, then the next rank while
// they fit, and leaves out the others whole, so that what a line says
// gives way by importance instead of being cut at the right edge.
func Ranked(parts []Part, sep string, w int) string {
	top := 0
	for _, p := range parts {
		top = max(top, p.Rank)
	}
	sw := ansi.StringWidth(sep)
	room := w + sw // the first part has no separator before it
	take := make([]bool, len(parts))
	for r := top; r >= 0; r-- { // no sort: this runs in View
		for i, p := range parts {
			if cost := ansi.StringWidth(p.Text) + sw; p.Rank == r && cost <= room {
				take[i], room = true, room-cost
			}
		}
	}
	out := make([]string, 0, len(parts))
	for i, p := range parts {
		if take[i] {
			out = append(out, p.Text)
		}
	}
	return strings.Join(out, sep)
}
