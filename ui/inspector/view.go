package inspector

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// labelWidth is the column the key's rows start at, after "Key".
const labelWidth = 7

// maxKeyRows bounds the key block; the value is what the pane is for.
const maxKeyRows = 3

// maxNoteLines bounds a note (transaction, LogAppendTime, navigation)
// that wraps, for the same reason.
const maxNoteLines = 3

// layout renders everything that depends on the record, the views and the
// width: the fixed lines, the headers section and the value's rows. It
// runs when one of those changes, never in View.
func (m *Model) layout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	w, p := m.width, &m.pal
	m.fixed = m.fixed[:0]
	m.fixed = append(m.fixed, cut(m.metaLine(), w), cut(m.timeLine(), w))

	m.key.layout(max(w-labelWidth, 1))
	n := m.key.count()
	for i := 0; i < min(n, maxKeyRows); i++ {
		label := strings.Repeat(" ", labelWidth)
		if i == 0 {
			label = p.label.Render(pad("Key", labelWidth))
		}
		row := m.key.row(i, p, true)
		if i == maxKeyRows-1 && n > maxKeyRows {
			row = p.muted.Render(fmt.Sprintf("… %d more rows (K changes the key's view)", n-i))
		}
		m.fixed = append(m.fixed, cut(label+row, w))
	}
	// Notes explain the record: they wrap under themselves, not cut.
	if t := txnNote(m.rec.Txn); t != "" {
		m.fixed = append(m.fixed, fit.Hang(p.label.Render(pad("Txn", labelWidth)), t, p.note, w, maxNoteLines)...)
	}
	for _, line := range m.schemaLines() {
		m.fixed = append(m.fixed, fit.Hang(p.label.Render(pad("Schema", labelWidth)), line.text, line.style, w, maxNoteLines)...)
	}
	for _, note := range [...]string{m.timeNote(), m.note} {
		if note != "" {
			m.fixed = append(m.fixed, fit.Hang(p.label.Render(pad("Note", labelWidth)), safe.String(note), p.note, w, maxNoteLines)...)
		}
	}

	m.headRows = m.headRows[:0]
	if hs := headerLines(m.rec.Headers); len(hs) > 0 {
		m.headRows = append(m.headRows, p.label.Render(fmt.Sprintf("Headers (%d)", len(hs))))
		for _, r := range wrapLines(hs, max(w-2, 1)) {
			m.headRows = append(m.headRows, "  "+hs[r.line][r.start:r.end])
		}
		m.headRows = append(m.headRows, p.label.Render("Value"))
	}

	m.val.layout(w)
	m.vp.Width = w
	m.vp.Height = max(m.height-len(m.fixed)-1, 1)
	m.setRows(len(m.headRows) + m.val.count())
	m.cache = nil
	m.fill()
}

// metaLine is partition, offset and sizes.
func (m *Model) metaLine() string {
	p := &m.pal
	var b strings.Builder
	item := func(label, value string) {
		if b.Len() > 0 {
			b.WriteString("  ")
		}
		b.WriteString(p.label.Render(label))
		b.WriteByte(' ')
		b.WriteString(value)
	}
	item("Partition", fmt.Sprint(m.rec.Partition))
	item("Offset", fmt.Sprint(m.rec.Offset))
	k := sizeOf(m.rec.Key)
	if !m.key.d.null && !m.key.d.empty {
		k += " (" + viewName(m.keyMode, m.key.d) + ")"
	}
	item("Key", k)
	item("Value", sizeOf(m.rec.Value))
	item("Headers", fmt.Sprint(len(m.rec.Headers)))
	return b.String()
}

func sizeOf(b []byte) string {
	if b == nil {
		return "null"
	}
	return size(len(b))
}

// viewName is the view as the user chose it, with what auto resolved to.
func viewName(v mode, d *doc) string {
	if d.null || d.empty || d.rendering {
		return v.String()
	}
	if v == modeAuto {
		return "auto: " + d.kind.String()
	}
	return v.String()
}

// timeLine is the timestamp in UTC, its type and age, and local time.
// When the line is too narrow its parts give way whole, by importance:
// the type first when it is CreateTime (the default; LogAppendTime has a
// note of its own), then the age, then the local time; the UTC time stays.
func (m *Model) timeLine() string {
	p := &m.pal
	label := p.label.Render(pad("Time", labelWidth))
	t := m.rec.Time
	if t.IsZero() || t.UnixMilli() < 0 {
		return label + p.muted.Render("no timestamp")
	}
	now := m.c.Now()
	typeRank := 0
	if m.rec.TimeType == kafkaops.LogAppendTime {
		typeRank = 1
	}
	parts := []fit.Part{
		{Text: t.UTC().Format("2006-01-02 15:04:05.000 MST"), Rank: 3},
		{Text: p.muted.Render(m.rec.TimeType.String()), Rank: typeRank},
		{Text: p.muted.Render(age(now.Sub(t))), Rank: 1},
	}
	loc := now.Location()
	if name, off := t.In(loc).Zone(); off != 0 || name != "UTC" {
		parts = append(parts, fit.Part{Text: t.In(loc).Format("2006-01-02 15:04:05.000 MST"), Rank: 2})
	}
	return label + fit.Ranked(parts, p.muted.Render(" · "), m.width-labelWidth)
}

// timeNote is appendTimeNote for a LogAppendTime record, else "".
func (m *Model) timeNote() string {
	if m.rec.TimeType == kafkaops.LogAppendTime {
		return appendTimeNote
	}
	return ""
}

// txnNote says in words what a record's transaction mark means; empty for
// a record outside any transaction or in a committed one.
func txnNote(t kafkaops.TxnState) string {
	switch t {
	case kafkaops.TxnAborted:
		return "aborted transaction: rolled back; read_committed consumers never see it"
	case kafkaops.TxnOpen:
		return "open transaction: not committed yet; read_committed consumers wait for it"
	}
	return ""
}

// appendTimeNote explains a LogAppendTime record's time: the broker stamps
// the batch header with the time it appended the batch, and kafkaops reads
// it from there (the producer's own timestamp is not kept by Kafka).
const appendTimeNote = "LogAppendTime topic: the time shown is when the broker appended the record, not when it was produced"

// age is a duration for people, coarser as it grows.
func age(d time.Duration) string {
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Second:
		s = fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		s = fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		s = fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 24*time.Hour:
		s = fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	default:
		s = fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
	}
	if future {
		return s + " in the future"
	}
	return s + " ago"
}

// barLeft is the value's view selector, the current view in brackets.
func (m *Model) barLeft() string {
	parts := make([]string, 0, modeCount+2)
	parts = append(parts, "Value")
	for v := modeAuto; v < modeCount; v++ {
		if v == modeSchema && !m.hasSchema() {
			continue
		}
		name := v.String()
		if v == m.valMode {
			name = "[" + viewName(v, m.val.d) + "]"
		}
		parts = append(parts, name)
	}
	s := m.pal.bar.Render(strings.Join(parts, " "))
	if m.val.d.note != "" {
		s += "  " + m.pal.note.Render(m.val.d.note)
	}
	return s
}

// View draws the fixed lines, the view bar and the rows on screen. The
// rows were rendered by fill; View only joins them.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range m.fixed {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	left := m.barLeft()
	if m.total > m.vp.Height {
		pos := fmt.Sprintf("%d-%d/%d", m.vp.YOffset+1, min(m.vp.YOffset+m.vp.Height, m.total), m.total)
		gap := m.width - ansi.StringWidth(left) - len(pos)
		if gap >= 2 {
			left += strings.Repeat(" ", gap) + m.pal.muted.Render(pos)
		}
	}
	b.WriteString(cut(left, m.width))
	for i := 0; i < m.vp.Height; i++ {
		b.WriteByte('\n')
		r := m.vp.YOffset + i
		if r >= m.total {
			continue
		}
		row, ok := m.cache[r]
		if !ok {
			row = m.renderRow(r, false)
		}
		b.WriteString(row)
	}
	return b.String()
}

// cut makes s at most w cells, ending in … when it is longer: for data
// and lines whose parts already gave way.
func cut(s string, w int) string { return ansi.Truncate(s, w, "…") }

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}
