package table

// measureFit records the widest cell of every Fit column and reports
// whether that changed anything.
func (m *Model) measureFit() bool {
	changed := false
	if len(m.fitW) != len(m.cols) {
		m.fitW = make([]int, len(m.cols))
		changed = true
	}
	for c, col := range m.cols {
		if !col.Fit {
			continue
		}
		w := 0
		for _, r := range m.rows {
			if c < len(r.Cells) {
				w = max(w, cellWidth(r.Cells[c]))
			}
		}
		if w != m.fitW[c] {
			m.fitW[c] = w
			changed = true
		}
	}
	return changed
}

// layout fits the columns to the width. Each column first gets its
// preferred width (its title's width at least, and its widest cell when it
// is a Fit column). When they do not all fit, the columns with a Short
// title take it, then the Drop columns are left out, the highest Drop
// first, until the rest fit or none is left; a Short column gets its full
// title back when that fits now. Space left over goes to the Grow columns
// by weight; when there is still not enough, the widest columns give up a
// cell at a time, so a long name column shrinks before a short number
// column does.
func (m *Model) layout() {
	n := len(m.cols)
	m.widths = make([]int, n)
	m.dropped = make([]bool, n)
	m.short = make([]bool, n)
	m.overrun = false
	if n == 0 {
		return
	}
	sum := 0
	for i := range m.cols {
		m.widths[i] = m.preferred(i)
		sum += m.widths[i]
	}
	shown := n
	fits := func() bool { return sum+2*pad+gap*(shown-1) <= m.width }
	if !fits() {
		for i, c := range m.cols {
			if c.Short != "" {
				m.short[i] = true
				w := m.preferred(i)
				sum += w - m.widths[i]
				m.widths[i] = w
			}
		}
	}
	for !fits() {
		d := -1
		for i, c := range m.cols {
			if c.Drop > 0 && !m.dropped[i] && (d < 0 || c.Drop > m.cols[d].Drop) {
				d = i
			}
		}
		if d < 0 || shown == 1 {
			break
		}
		m.dropped[d] = true
		sum -= m.widths[d]
		m.widths[d] = 0
		shown--
	}
	for i := range m.cols {
		if m.short[i] && !m.dropped[i] {
			m.short[i] = false
			w := m.preferred(i)
			sum += w - m.widths[i]
			if fits() {
				m.widths[i] = w
				continue
			}
			sum -= w - m.widths[i]
			m.short[i] = true
		}
	}
	avail := m.width - 2*pad - gap*(shown-1)
	switch {
	case sum < avail:
		m.grow(avail - sum)
	case sum > avail:
		m.shrink(sum - avail)
	}
}

// preferred is column i's width before any is grown or cut: its Width,
// its title (Short when it shows that) and, for a Fit column, its widest
// cell.
func (m *Model) preferred(i int) int {
	c := m.cols[i]
	w := max(c.Width, textWidth(m.title(i)))
	if c.Fit {
		w = max(w, m.fitW[i])
	}
	return w
}

// title is column i's title as shown: its Short one for want of room.
func (m *Model) title(i int) string {
	if m.short[i] {
		return m.cols[i].Short
	}
	return m.cols[i].Title
}

// grow shares extra cells among the Grow columns by weight; the remainder
// goes to the last of them.
func (m *Model) grow(extra int) {
	weights, last := 0, -1
	for i, c := range m.cols {
		if c.Grow > 0 && !m.dropped[i] {
			weights += c.Grow
			last = i
		}
	}
	if weights == 0 {
		return
	}
	given := 0
	for i, c := range m.cols {
		if c.Grow > 0 && !m.dropped[i] {
			add := extra * c.Grow / weights
			m.widths[i] += add
			given += add
		}
	}
	m.widths[last] += extra - given
}

// shrink takes deficit cells from the widest columns, down to one cell
// each, first from the columns without Keep and then from all of them;
// what still does not fit is clipped at the right edge.
func (m *Model) shrink(deficit int) {
	deficit = m.shrinkAmong(deficit, false)
	deficit = m.shrinkAmong(deficit, true)
	if deficit > 0 {
		m.overrun = true
	}
}

// shrinkAmong shrinks the widest columns (Keep ones too if withKeep) and
// returns what is left of deficit.
func (m *Model) shrinkAmong(deficit int, withKeep bool) int {
	for deficit > 0 {
		widest := -1
		for i, w := range m.widths {
			if (withKeep || !m.cols[i].Keep) && w > 1 && (widest < 0 || w > m.widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return deficit
		}
		// Take down to the next widest in one step: fewer iterations on
		// a very narrow pane, same result.
		next := 1
		for i, w := range m.widths {
			if i != widest && (withKeep || !m.cols[i].Keep) && w > next && w <= m.widths[widest] {
				next = w
			}
		}
		take := min(max(m.widths[widest]-next, 1), deficit)
		m.widths[widest] -= take
		deficit -= take
	}
	return 0
}

// ColumnWidths returns the widths the columns got (0 for one left out),
// for tests and for panes that align something with a column.
func (m *Model) ColumnWidths() []int { return append([]int(nil), m.widths...) }
