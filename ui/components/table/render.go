package table

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
)

// ellipsis marks text cut to fit its column.
const ellipsis = "…"

// View draws the header and the visible rows: exactly Height lines, each
// row exactly Width cells wide. Its cost is proportional to the visible rows.
func (m *Model) View() string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(m.height * (m.width + 16))
	b.WriteString(m.styles.Header.Render(m.headerLine()))
	lines := 1
	if len(m.rows) == 0 && m.height > 1 {
		b.WriteByte('\n')
		b.WriteString(m.styles.Empty.Render(fitText(" "+safe.String(m.empty), m.width, AlignLeft)))
		lines++
	}
	end := min(m.offset+m.pageSize(), len(m.rows))
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		m.writeRow(&b, m.rows[i], i == m.cursor)
		lines++
	}
	// Blank lines below the rows stay empty: the renderer clears to the
	// end of each line anyway.
	for ; lines < m.height; lines++ {
		b.WriteByte('\n')
	}
	return b.String()
}

// headerLine is the column titles, unstyled.
func (m *Model) headerLine() string {
	var b strings.Builder
	b.WriteString(spaces(pad))
	first := true
	for i, c := range m.cols {
		if m.dropped[i] {
			continue
		}
		if !first {
			b.WriteString(spaces(gap))
		}
		first = false
		b.WriteString(fitText(safe.String(m.title(i)), m.widths[i], c.Align))
	}
	return m.finishLine(b.String())
}

// writeRow draws one row. The selected row is drawn plain and then styled
// as a whole, so the selection bar is unbroken.
func (m *Model) writeRow(b *strings.Builder, r Row, selected bool) {
	var lb strings.Builder
	lb.Grow(m.width + 32)
	lb.WriteString(spaces(pad))
	first := true
	for i, c := range m.cols {
		if m.dropped[i] {
			continue
		}
		if !first {
			lb.WriteString(spaces(gap))
		}
		first = false
		var cell Cell
		if i < len(r.Cells) {
			cell = r.Cells[i]
		}
		hint := cell.Hint
		if hint == HintNone {
			hint = r.Hint
		}
		m.writeCell(&lb, cell, m.widths[i], c.Align, hint, !selected)
	}
	line := m.finishLine(lb.String())
	if selected {
		line = m.styles.Selected.Render(line)
	}
	b.WriteString(line)
}

// finishLine pads line to the full width, or clips it when the columns
// could not be fitted.
func (m *Model) finishLine(line string) string {
	if m.overrun {
		line = ansi.Truncate(line, m.width, "")
	}
	if w := ansi.StringWidth(line); w < m.width {
		line += spaces(m.width - w)
	}
	return line
}

// writeCell writes cell fitted to w cells. Styles go on the text only, not
// on the padding, so an underline (the no-colour warning style) does not
// run across the empty part of a column.
func (m *Model) writeCell(b *strings.Builder, cell Cell, w int, align Align, hint Hint, styled bool) {
	if w <= 0 {
		return
	}
	tw := cellWidth(cell)
	if cell.Spans != nil && tw > w {
		// Too long: show it as one truncated text in the cell's hint.
		cell = Cell{Text: spansText(cell.Spans), Hint: hint}
	}
	if cell.Spans == nil {
		s := safe.String(cell.Text)
		if tw > w {
			s = ansi.Truncate(s, w, ellipsis)
			tw = textWidth(s)
		}
		if align == AlignRight {
			b.WriteString(spaces(w - tw))
		}
		b.WriteString(m.style(hint, s, styled))
		if align == AlignLeft {
			b.WriteString(spaces(w - tw))
		}
		return
	}
	if align == AlignRight {
		b.WriteString(spaces(w - tw))
	}
	for _, sp := range cell.Spans {
		h := sp.Hint
		if h == HintNone {
			h = hint
		}
		b.WriteString(m.style(h, safe.String(sp.Text), styled))
	}
	if align == AlignLeft {
		b.WriteString(spaces(w - tw))
	}
}

func (m *Model) style(h Hint, s string, styled bool) string {
	if !styled || s == "" || h >= numHints || m.styles.plain[h] {
		return s
	}
	return m.styles.hints[h].Render(s)
}

// fitText truncates s with an ellipsis or pads it to exactly w cells.
func fitText(s string, w int, align Align) string {
	if w <= 0 {
		return ""
	}
	tw := textWidth(s)
	if tw > w {
		s = ansi.Truncate(s, w, ellipsis)
		tw = textWidth(s)
	}
	if align == AlignRight {
		return spaces(w-tw) + s
	}
	return s + spaces(w-tw)
}

// cellWidth is the width of a cell's text in cells, as drawn (escaped).
func cellWidth(c Cell) int {
	if c.Spans == nil {
		return textWidth(safe.String(c.Text))
	}
	w := 0
	for _, sp := range c.Spans {
		w += textWidth(safe.String(sp.Text))
	}
	return w
}

func spansText(spans []Span) string {
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(safe.String(sp.Text))
	}
	return b.String()
}

// textWidth is ansi.StringWidth with a fast path for printable ASCII, which
// is nearly every topic name and number.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// blanks backs spaces for the common short lengths without allocating.
var blanks = strings.Repeat(" ", 256)

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}
