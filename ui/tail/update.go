package tail

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys, mouse and the pane's own results, then brings the
// keys' toggles to the state they left.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if own, gen, ok := m.OwnAny(msg); ok {
		return m.result(own, gen)
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		if m.mode == modeTail {
			m.mouse(msg)
		}
	}
	return nil
}

// result takes one of the pane's results in. The stream's (opened,
// batches, ticks) count only for the stream of the current generation; an
// export ends whatever stream runs since.
func (m *Model) result(msg tea.Msg, gen int) tea.Cmd {
	current := gen == m.Gen()
	switch msg := msg.(type) {
	case openedMsg:
		if current && m.Ctx().Err() == nil {
			return m.opened(msg)
		}
		if msg.src != nil {
			msg.src.cancel() // a stream nobody will read
		}
	case batchMsg:
		if current {
			return m.batch(msg)
		}
	case tickMsg:
		if current {
			return m.tick(msg)
		}
	case exportedMsg:
		if msg.err != nil {
			return status(common.StatusError, msg.err.Error())
		}
		return status(common.StatusSuccess, exportNote(msg.n, msg.path))
	}
	return nil
}

// start opens the stream the form asked for.
func (m *Model) start(req kafkaops.ConsumeRequest, flt *filter) tea.Cmd {
	m.NextGen()
	m.mode = modeTail
	m.state = stateOpening
	m.err = nil
	m.isolation = req.Isolation
	m.setFilter(flt)
	return m.Wrap(open(m.Ctx(), m.cons, req, m.dec))
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
	m.stream.startRates(m.started)
	m.stream.setPositions(m.src.positions(), true) // nothing read yet
	m.waiting = true
	return tea.Batch(m.Wrap(wait(m.src)), m.Wrap(tick(m.tickEvery)))
}

// batch appends a batch and re-arms the wait unless consumption is paused.
func (m *Model) batch(msg batchMsg) tea.Cmd {
	m.waiting = false
	m.src.holding.Store(false)
	m.add(msg.recs, msg.decs)
	if msg.pos != nil {
		// The position line moves with the rows, in the same frame.
		m.stream.setPositions(msg.pos, msg.exact)
	}
	var note tea.Cmd
	if why := m.dropSlowJQ(); why != "" {
		note = status(common.StatusError, why)
	}
	if msg.closed {
		m.state = stateStopped
		m.err = msg.err
		m.retrying = nil
		return note
	}
	if m.paused {
		return note
	}
	m.waiting = true
	return tea.Batch(note, m.Wrap(wait(m.src)))
}

// add puts records into the stream and keeps the cursor on the record it
// was on while the oldest ones are dropped.
func (m *Model) add(recs []kafkaops.Record, decs []*common.Decoding) {
	gone := m.stream.add(recs, decs)
	m.cursor -= gone
	m.top -= gone
	m.clampView()
}

// tick updates the rates and the positions, and schedules the next tick
// while the stream runs.
func (m *Model) tick(msg tickMsg) tea.Cmd {
	m.stream.sampleRates(msg.at)
	if m.src == nil || m.state == stateStopped {
		return nil
	}
	// The positions first, then whether anything below them can be on
	// its way (see wait): the channel empty and no wait holding a batch.
	pos := m.src.positions()
	exact := len(m.src.batches) == 0 && !m.src.holding.Load()
	m.retrying = nil
	for _, p := range pos {
		if p.Retrying != nil {
			m.retrying = p.Retrying
			break
		}
	}
	if !m.paused {
		// Paused, the rows stand still and so does the line, as of
		// when the pause began (which it says); the readers fill the
		// stream's buffer meanwhile.
		m.stream.setPositions(pos, exact)
	}
	return m.Wrap(tick(m.tickEvery))
}

// setFilter applies f (nil: none) to the held records, keeping the cursor
// on the record it was on when that record still shows.
func (m *Model) setFilter(f *filter) {
	var keep uint64
	had := m.count() > 0 && !m.follow
	if had {
		keep = m.seqAt(m.cursor)
	}
	m.stream.applyFilter(f)
	if had {
		m.cursor = m.indexOf(keep)
	}
	m.clampView()
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
