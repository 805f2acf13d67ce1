package tail

import (
	"sort"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys, mouse and the pane's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case openedMsg:
		if msg.origin != m.origin {
			break // another tail's
		}
		if msg.gen == m.gen && m.ctx.Err() == nil {
			return m, m.opened(msg)
		}
		if msg.src != nil {
			msg.src.cancel() // a stream nobody will read
		}
	case batchMsg:
		if msg.origin == m.origin && msg.gen == m.gen {
			return m, m.batch(msg)
		}
	case tickMsg:
		if msg.origin == m.origin && msg.gen == m.gen {
			return m, m.tick(msg)
		}
	case exportedMsg:
		if msg.origin == m.origin {
			if msg.err != nil {
				return m, status(common.StatusError, msg.err.Error())
			}
			return m, status(common.StatusSuccess, exportNote(msg.n, msg.path))
		}
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		if m.mode == modeTail {
			m.mouse(msg)
		}
	}
	return m, nil
}

// start opens the stream the form asked for.
func (m *Model) start(req kafkaops.ConsumeRequest, flt *filter) tea.Cmd {
	m.gen++
	m.mode = modeTail
	m.state = stateOpening
	m.err = nil
	m.isolation = req.Isolation
	m.setFilter(flt)
	return open(m.ctx, m.cons, req, m.origin, m.gen)
}

func (m *Model) opened(msg openedMsg) tea.Cmd {
	if msg.err != nil {
		// Back to the form, as typed, with the reason (no such
		// partition, topic deleted...).
		m.mode = modeForm
		m.state = stateStopped
		m.form.err = msg.err.Error()
		return nil
	}
	m.src = msg.src
	m.state = stateLive
	m.started = m.c.Now()
	m.samples = append(m.samples[:0], sample{at: m.started})
	m.pos = m.src.positions()
	m.waiting = true
	return tea.Batch(wait(m.src, m.origin, m.gen), tick(m.tickEvery, m.origin, m.gen))
}

// batch appends a batch and re-arms the wait unless consumption is paused.
func (m *Model) batch(msg batchMsg) tea.Cmd {
	m.waiting = false
	m.add(msg.recs)
	var note tea.Cmd
	if why := m.dropSlowJQ(); why != "" {
		note = status(common.StatusError, why)
	}
	if msg.closed {
		m.state = stateStopped
		m.err = msg.err
		m.retrying = nil
		m.pos = m.src.positions()
		return note
	}
	if m.paused {
		return note
	}
	m.waiting = true
	return tea.Batch(note, wait(m.src, m.origin, m.gen))
}

// add puts records into the ring, with their filter match and jq columns,
// and keeps the
// cursor on the record it was on while the oldest ones are dropped.
func (m *Model) add(recs []kafkaops.Record) {
	m.jqPass()
	gone := 0 // shown records dropped from the ring
	for i := range recs {
		r := &recs[i]
		m.received++
		m.bytes += recordSize(r)
		switch r.Txn {
		case kafkaops.TxnAborted:
			m.aborted++
		case kafkaops.TxnOpen:
			m.open++
		}
		e := entry{rec: *r}
		var j *jsonValue // parsed once for the filter and the columns
		if len(m.cols) > 0 || m.filter != nil {
			j = new(jsonValue)
		}
		if len(m.cols) > 0 {
			e.cols = m.columnValues(r, j)
		}
		m.grow(&e)
		if m.ring.n == m.ring.limit {
			// The oldest is about to go; is it shown?
			shownGone := m.listAll()
			if m.filter != nil && m.visAt < len(m.vis) && m.vis[m.visAt] == m.ring.first {
				m.visAt++
				shownGone = true
			}
			if shownGone {
				gone++
			}
		}
		seq, _ := m.ring.push(e)
		if m.filter != nil && m.filter.match(r, j) {
			m.vis = append(m.vis, seq)
		}
	}
	if m.visAt > 4096 && m.visAt > len(m.vis)/2 {
		m.vis = append(m.vis[:0], m.vis[m.visAt:]...)
		m.visAt = 0
	}
	m.cursor -= gone
	m.top -= gone
	m.clampView()
}

// grow widens the partition, offset and key columns to fit e: widths only
// grow, so rows do not jitter as records scroll by.
func (m *Model) grow(e *entry) {
	m.wPart = max(m.wPart, digits(int64(e.rec.Partition)))
	m.wOff = max(m.wOff, digits(e.rec.Offset))
	if e.rec.Txn != kafkaops.TxnNone {
		m.wTxn = len("aborted")
	}
	if m.wKey < maxKeyWidth {
		var w int
		w, m.scratch = keyWidth(e.rec.Key, m.scratch)
		m.wKey = min(max(m.wKey, w), maxKeyWidth)
	}
	for i := range e.cols {
		if c := &m.cols[i]; c.width < maxColumnWidth {
			c.width = min(max(c.width, textWidth(e.cols[i])), maxColumnWidth)
		}
	}
}

func recordSize(r *kafkaops.Record) int64 {
	n := len(r.Key) + len(r.Value)
	for _, h := range r.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return int64(n)
}

// tick updates the rates and the positions, and schedules the next tick
// while the stream runs.
func (m *Model) tick(msg tickMsg) tea.Cmd {
	m.samples = append(m.samples, sample{at: msg.at, received: m.received, bytes: m.bytes})
	cut := 0
	for cut < len(m.samples)-2 && msg.at.Sub(m.samples[cut+1].at) >= rateWindow {
		cut++
	}
	m.samples = m.samples[cut:]
	if f, l := m.samples[0], m.samples[len(m.samples)-1]; l.at.After(f.at) {
		secs := l.at.Sub(f.at).Seconds()
		m.rate = float64(l.received-f.received) / secs
		m.byteRate = float64(l.bytes-f.bytes) / secs
	}
	if m.src == nil || m.state == stateStopped {
		return nil
	}
	m.pos = m.src.positions()
	m.retrying = nil
	for _, p := range m.pos {
		if p.Retrying != nil {
			m.retrying = p.Retrying
			break
		}
	}
	return tick(m.tickEvery, m.origin, m.gen)
}

// setFilter applies f (nil: none) to the held records, keeping the cursor
// on the record it was on when that record still shows.
func (m *Model) setFilter(f *filter) {
	var keep uint64
	had := m.count() > 0 && !m.follow
	if had {
		keep = m.seqAt(m.cursor)
	}
	m.filter = f
	m.jqPass()
	m.showHidden = false
	m.vis, m.visAt = m.vis[:0], 0
	if f != nil {
		for i := 0; i < m.ring.n; i++ {
			e := m.ring.get(m.ring.first + uint64(i))
			var j jsonValue
			if f.match(&e.rec, &j) {
				m.vis = append(m.vis, e.seq)
			}
		}
	}
	if had {
		m.cursor = m.indexOf(keep)
	}
	m.clampView()
}

// indexOf is the index of the shown record with seq s, or of the first
// shown after it.
func (m *Model) indexOf(s uint64) int {
	if m.listAll() {
		if s < m.ring.first {
			return 0
		}
		return int(s - m.ring.first)
	}
	v := m.vis[m.visAt:]
	return sort.Search(len(v), func(i int) bool { return v[i] >= s })
}

// clampView keeps cursor and window in range; in follow mode, on the
// newest record.
func (m *Model) clampView() {
	n, h := m.count(), m.tableHeight()
	if m.follow {
		m.cursor = n - 1
	}
	m.cursor = max(min(m.cursor, n-1), 0)
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if h > 0 && m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(min(m.top, n-h), 0)
}

// moveBy moves the cursor; moving up leaves follow mode (consumption goes
// on), so the record being read stays put.
func (m *Model) moveBy(d int) {
	if d < 0 {
		m.follow = false
	}
	m.cursor += d
	m.clampView()
}

func (m *Model) mouse(msg tea.MouseMsg) {
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		m.moveBy(-3)
	case tea.MouseButtonWheelDown:
		m.moveBy(3)
	}
}

// selected is the record under the cursor.
func (m *Model) selected() (*entry, bool) {
	if m.count() == 0 {
		return nil, false
	}
	return m.entryAt(m.cursor), true
}

// shown returns copies of the records the filter lets through, oldest
// first, for an export (hidden ones too only when there is no filter, even
// while H lists them).
func (m *Model) shown() []kafkaops.Record {
	if m.filter == nil {
		out := make([]kafkaops.Record, m.ring.n)
		for i := range out {
			out[i] = m.ring.get(m.ring.first + uint64(i)).rec
		}
		return out
	}
	v := m.vis[m.visAt:]
	out := make([]kafkaops.Record, len(v))
	for i, s := range v {
		out[i] = m.ring.get(s).rec
	}
	return out
}

// toggleHidden lists or unlists the records the filter hides, keeping the
// cursor on the record it was on (or the next shown one).
func (m *Model) toggleHidden() {
	if m.filter == nil {
		return
	}
	var keep uint64
	had := m.count() > 0 && !m.follow
	if had {
		keep = m.seqAt(m.cursor)
	}
	m.showHidden = !m.showHidden
	if had {
		m.cursor = m.indexOf(keep)
	}
	m.clampView()
}
