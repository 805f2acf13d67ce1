package tail

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// View draws the form, or the header lines, the visible window of rows and
// the bottom line. Only the rows in the window are formatted, from the
// columns and widths computed on arrival.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.mode == modeForm {
		return fit.Box(m.form.view(m.display, m.width), m.width, m.height)
	}
	var b strings.Builder
	b.Grow((m.width + 1) * m.height)
	b.WriteString(fit.Box(m.statusLine(), m.width, 1))
	b.WriteByte('\n')
	b.WriteString(fit.Box(m.positionLine(), m.width, 1))
	b.WriteByte('\n')
	b.WriteString(m.c.Styles.TableHead.Render(m.titles()))
	h := m.tableHeight()
	n := m.count()
	shown := 0
	if n == 0 {
		b.WriteString("\n" + fit.Box(m.c.Styles.Muted.Render(" "+m.emptyText()), m.width, 1))
		shown = 1
	}
	for i := m.top; i < n && shown < h; i++ {
		b.WriteByte('\n')
		e := m.entryAt(i)
		line := m.rowLine(e, i != m.cursor)
		if m.showHidden && !m.matches(e.seq) {
			line = m.c.Styles.Muted.Render(markHidden(line))
		}
		if i == m.cursor && !m.follow {
			line = m.c.Styles.Selected.Render(line)
		} else if i == m.cursor {
			line = m.c.Styles.Bold.Render(line)
		}
		b.WriteString(line)
		shown++
	}
	for ; shown < h; shown++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(m.bottomLine())
	return b.String()
}

func (m *Model) emptyText() string {
	switch {
	case m.state == stateOpening:
		return "opening the stream…"
	case m.filter != nil && m.ring.n > 0:
		return fmt.Sprintf("no held record matches the filter (%s hidden)", commas(int64(m.hidden())))
	case m.state == stateStopped:
		return "no records"
	}
	return "waiting for records…"
}

// statusLine is the state and counters.
func (m *Model) statusLine() string {
	st := m.c.Styles
	var state string
	switch {
	case m.state == stateOpening:
		state = st.Muted.Render("○ opening")
	case m.state == stateStopped && m.err != nil:
		state = st.Error.Render("■ stopped")
	case m.state == stateStopped:
		state = st.Muted.Render("■ stopped")
	case m.retrying != nil:
		state = st.Warning.Render("◌ reconnecting")
	case m.paused:
		state = st.Warning.Render("‖ paused")
	default:
		state = st.Success.Render("● live")
	}
	// Each part with how long it stays when the line is too narrow: the
	// state and follow first (they say what the screen does), then what
	// hides or marks records, then the counters.
	parts := []fit.Part{
		{Text: state, Rank: 3},
		{Text: commas(m.received) + " recv", Rank: 1},
		{Text: fmt.Sprintf("%s msg/s", commas(int64(m.rate+0.5))), Rank: 1},
		{Text: bytesRate(m.byteRate), Rank: 0},
		{Text: fmt.Sprintf("held %s/%s", commas(int64(m.ring.n)), commas(int64(m.ring.limit))), Rank: 0},
		{Text: "dropped " + commas(m.ring.dropped), Rank: 0},
	}
	if m.ring.dropped > 0 {
		parts[len(parts)-1].Rank = 2
	}
	if m.filter != nil {
		parts = append(parts, fit.Part{Text: st.Accent.Render("hidden " + commas(int64(m.hidden()))), Rank: 2})
	}
	if m.aborted > 0 {
		parts = append(parts, fit.Part{Text: st.Error.Render("aborted " + commas(m.aborted)), Rank: 2})
	}
	if m.open > 0 {
		parts = append(parts, fit.Part{Text: st.Warning.Render("open " + commas(m.open)), Rank: 2})
	}
	if m.follow {
		parts = append(parts, fit.Part{Text: st.Muted.Render("follow"), Rank: 3})
	} else {
		parts = append(parts, fit.Part{Text: st.Warning.Render("follow off (F)"), Rank: 3})
	}
	return " " + fit.Ranked(parts, " · ", m.width-1)
}

// positionLine is the isolation level, the error that stopped the stream
// or is being retried, then the tail's own position and lag per partition.
func (m *Model) positionLine() string {
	st := m.c.Styles
	var b strings.Builder
	b.WriteByte(' ')
	// The isolation first: what the list leaves out depends on it.
	b.WriteString(m.isolationWord() + " · ")
	switch {
	case m.state == stateStopped && m.err != nil:
		b.WriteString(st.Error.Render("stopped: " + safe.String(m.err.Error())))
		b.WriteString(" · ")
	case m.retrying != nil:
		b.WriteString(st.Warning.Render("retrying: " + safe.String(m.retrying.Error())))
		b.WriteString(" · ")
	}
	if m.paused && m.state == stateLive {
		// Nothing is read while paused: the figures below stop, while the
		// partitions go on growing.
		b.WriteString(st.Warning.Render("as of " + m.pausedAt.In(m.loc).Format("15:04:05") + " (paused)"))
		b.WriteString(" · ")
	}
	var lag, skipped int64
	for _, p := range m.pos {
		lag += p.Lag()
		skipped += p.Skipped
	}
	b.WriteString("lag " + commas(lag))
	if skipped > 0 {
		// Records retention deleted before the tail got to them: the list
		// has a hole the user cannot otherwise see.
		b.WriteString(" · " + st.Warning.Render("skipped "+commas(skipped)))
	}
	// The partitions give way by importance when they do not all fit:
	// their offsets go first, then the partitions caught up, then those
	// least behind; one an open transaction holds stays longest. The ones
	// left out are counted. Shown in partition order.
	full := make([]string, len(m.pos))
	short := make([]string, len(m.pos))
	rank := make([]int, len(m.pos))
	for i, p := range m.pos {
		full[i] = fmt.Sprintf(" · p%d @%d", p.Partition, p.Next)
		short[i] = fmt.Sprintf(" · p%d", p.Partition)
		if l := p.Lag(); l > 0 {
			full[i] += " lag " + commas(l)
			short[i] += " lag " + commas(l)
			rank[i] = 1
		}
		if m.heldByOpenTxn(p) {
			// read_committed waits here until the transaction ends: say
			// so, or the lag looks like a stuck stream.
			txn := " " + st.Warning.Render("open txn")
			full[i] += txn
			short[i] += txn
			rank[i] = 2
		}
	}
	room := m.width - ansi.StringWidth(b.String()) - 1
	if itemsWidth(full) <= room {
		for _, it := range full {
			b.WriteString(it)
		}
		return b.String()
	}
	// Too narrow for every partition: those caught up are counted, and
	// those behind are listed without their offsets, most important
	// first, as many as fit; the rest of them are counted too.
	caughtUp := 0
	for i := range rank {
		if rank[i] == 0 {
			caughtUp++
		}
	}
	lagging := len(m.pos) - caughtUp
	// Room is kept for " · +N more" at least: it says something is left out.
	more := ansi.StringWidth(fmt.Sprintf(" · +%d more", len(m.pos)))
	take := pickBehind(short, rank, room-more)
	used := 0
	for i, it := range short {
		if take[i] {
			b.WriteString(it)
			used += ansi.StringWidth(it)
		}
	}
	behind := lagging - countTrue(take)
	tail := ""
	if behind > 0 {
		tail += fmt.Sprintf(" · +%d more behind", behind)
	}
	if caughtUp > 0 {
		tail += fmt.Sprintf(" · %d caught up", caughtUp)
	}
	if ansi.StringWidth(tail) > room-used {
		tail = fmt.Sprintf(" · +%d more", behind+caughtUp)
	}
	b.WriteString(st.Muted.Render(tail))
	return b.String()
}

// pickBehind chooses the partitions behind (rank 1, or 2 when an open
// transaction holds them) to list in room cells, most important first;
// without sorting, as View may not.
func pickBehind(short []string, rank []int, room int) []bool {
	take := make([]bool, len(short))
	for r := 2; r >= 1; r-- {
		for i, it := range short {
			if w := ansi.StringWidth(it); rank[i] == r && w <= room {
				take[i], room = true, room-w
			}
		}
	}
	return take
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// itemsWidth is the cells the items take on one line.
func itemsWidth(items []string) int {
	n := 0
	for _, it := range items {
		n += ansi.StringWidth(it)
	}
	return n
}

func (m *Model) titles() string {
	var b strings.Builder
	b.WriteString(pad("time", 12))
	b.WriteByte(' ')
	b.WriteString(padLeft("p", m.wPart))
	b.WriteByte(' ')
	b.WriteString(padLeft("offset", m.wOff))
	b.WriteByte(' ')
	if m.wTxn > 0 {
		b.WriteString(pad("txn", m.wTxn))
		b.WriteByte(' ')
	}
	b.WriteString(pad("key", m.wKey))
	for i := range m.cols {
		b.WriteByte(' ')
		b.WriteString(pad(safe.String(m.cols[i].src), m.cols[i].width))
	}
	b.WriteString(" hdr value")
	return fitLine(b.String(), m.width)
}

// markHidden marks the row of a record the filter hides, when H lists
// those: a dot takes the place of the space after the time column (always
// 12 ASCII cells, see rowLine), so that no column moves and the mark shows
// without colours too.
func markHidden(line string) string {
	if len(line) <= 12 || line[12] != ' ' {
		return line
	}
	return line[:12] + "·" + line[13:]
}

// hiddenShown is the bottom line's word on H.
func (m *Model) hiddenShown() string {
	if m.showHidden {
		return " (listed, marked ·; enter says why)"
	}
	return ""
}

// heldByOpenTxn says whether a read_committed tail waits at p's last
// stable offset for a transaction still open.
func (m *Model) heldByOpenTxn(p kafkaops.PartitionPosition) bool {
	return m.isolation == kafkaops.ReadCommitted && p.LastStable < p.HighWatermark && p.Next >= p.LastStable
}

// isolationWord is the stream's isolation level in Kafka's words, which
// users of other clients recognise.
func (m *Model) isolationWord() string {
	if m.isolation == kafkaops.ReadCommitted {
		return "read_committed"
	}
	return "read_uncommitted"
}

// txnCell is the transaction column's text for rec, coloured when the row
// takes no style of its own (an inner colour would end the row's).
func (m *Model) txnCell(rec *kafkaops.Record, colour bool) string {
	s := pad(rec.Txn.String(), m.wTxn)
	if !colour {
		return s
	}
	switch rec.Txn {
	case kafkaops.TxnAborted:
		return m.c.Styles.Error.Render(s)
	case kafkaops.TxnOpen:
		return m.c.Styles.Warning.Render(s)
	}
	return s
}

// rowLine is one record's line at the current widths; colour lets cells
// carry colours of their own.
func (m *Model) rowLine(e *entry, colour bool) string {
	shown := e.shown()
	row := formatRow(&shown, m.loc)
	r := &row
	var b strings.Builder
	b.Grow(m.width + 16)
	b.WriteString(pad(r.cell(cellTime), 12))
	b.WriteByte(' ')
	b.WriteString(padLeft(r.cell(cellPart), m.wPart))
	b.WriteByte(' ')
	b.WriteString(padLeft(r.cell(cellOffset), m.wOff))
	b.WriteByte(' ')
	if m.wTxn > 0 {
		b.WriteString(m.txnCell(&e.rec, colour))
		b.WriteByte(' ')
	}
	b.WriteString(pad(r.cell(cellKey), m.wKey))
	for i := range m.cols {
		b.WriteByte(' ')
		v := ""
		if i < len(e.cols) {
			v = e.cols[i]
		}
		b.WriteString(pad(v, m.cols[i].width))
	}
	b.WriteByte(' ')
	b.WriteString(padLeft(r.cell(cellHeaders), 3))
	b.WriteByte(' ')
	used := b.Len() // ASCII so far except the key and columns: measured below
	if !isASCII(b.String()) {
		used = ansi.StringWidth(b.String())
	}
	b.WriteString(pad(r.cell(cellValue), max(m.width-used, 0)))
	return b.String()
}

// bottomLine is the input being typed, or the active filter.
func (m *Model) bottomLine() string {
	st := m.c.Styles
	if m.inputKind != inputNone {
		line := m.input.View()
		if m.inputErr != "" {
			line += "  " + st.Error.Render(safe.String(m.inputErr))
		}
		return fit.Box(line, m.width, 1)
	}
	if m.filter != nil {
		return fit.Box(st.Accent.Render(" /"+safe.String(m.filter.src))+
			st.Muted.Render(fmt.Sprintf("  hides %s of %s held%s", commas(int64(m.hidden())), commas(int64(m.ring.n)), m.hiddenShown())), m.width, 1)
	}
	return ""
}

// pad cuts s with an ellipsis or pads it to exactly w cells.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	tw := textWidth(s)
	if tw > w {
		s = ansi.Truncate(s, w, "…")
		tw = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", w-tw)
}

func padLeft(s string, w int) string {
	tw := textWidth(s)
	if tw >= w {
		return pad(s, w)
	}
	return strings.Repeat(" ", w-tw) + s
}

func fitLine(s string, w int) string { return pad(s, w) }

// textWidth is ansi.StringWidth with a fast path for ASCII.
func textWidth(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// commas writes n with thousands separators: counts are read at a glance.
func commas(n int64) string { return numfmt.Group(n) }

// bytesRate formats a byte rate in binary units.
func bytesRate(v float64) string {
	units := []string{"B/s", "KiB/s", "MiB/s", "GiB/s"}
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if u == 0 {
		return fmt.Sprintf("%.0f %s", v, units[u])
	}
	return fmt.Sprintf("%.1f %s", v, units[u])
}
