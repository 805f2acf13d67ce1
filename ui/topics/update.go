package topics

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
	"github.com/kafkatui/kafkatui/ui/components/filter"
)

// Update handles keys, mouse and the pane's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case listedMsg:
		if msg.origin == m.origin {
			return m, m.listed(msg)
		}
	case tickMsg:
		if msg.origin == m.origin && msg.gen == m.gen && m.ctx.Err() == nil {
			return m, m.load()
		}
	case notedMsg:
		if msg.origin == m.origin && msg.err == nil {
			// A failure keeps the notes as they were: they are a hint
			// beside the counts, and the list's own errors are shown.
			m.data.setNotes(msg.notes)
			m.apply(m.selectedName())
		}
	case createdMsg:
		if msg.origin == m.origin {
			return m, m.created(msg)
		}
	case deletedMsg:
		if msg.origin == m.origin {
			return m, m.deleted(msg)
		}
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		if m.mode == modeList {
			m.table.Update(msg)
		}
	}
	return m, nil
}

// notesEvery is how many lists pass between two reads of the offset notes
// (about a minute at the default refresh); a new or deleted topic reads
// them at once.
const notesEvery = 12

// load starts a list request of a new generation; the answer of any older
// one still in flight will be dropped.
func (m *Model) load() tea.Cmd {
	m.gen++
	return tea.Batch(m.started(), listTopics(m.ctx, m.b, m.origin, m.gen))
}

// started counts a request in and turns the spinner on for the first.
func (m *Model) started() tea.Cmd {
	m.inflight++
	if m.inflight == 1 {
		return busy(m.owner, true)
	}
	return nil
}

// finished counts a request out and turns the spinner off after the last.
func (m *Model) finished() tea.Cmd {
	m.inflight = max(m.inflight-1, 0)
	if m.inflight == 0 {
		return busy(m.owner, false)
	}
	return nil
}

func (m *Model) listed(msg listedMsg) tea.Cmd {
	done := m.finished()
	if msg.gen != m.gen {
		return done // an older request: a newer one is on its way
	}
	next := tick(m.c.Refresh, m.origin, m.gen)
	if msg.err != nil {
		m.loadErr = msg.err
		if !m.loaded {
			m.table.SetEmpty("")
		}
		return tea.Batch(done, next, status(common.StatusError, msg.err.Error()))
	}
	keep := m.selectedName()
	if m.data.want != "" {
		keep, m.data.want = m.data.want, ""
	}
	namesChanged := m.data.set(msg.topics)
	m.loaded, m.loadErr, m.updated = true, nil, m.c.Now()
	m.table.SetEmpty("no topics")
	m.apply(keep)
	cmds := []tea.Cmd{done, next}
	if namesChanged {
		cmds = append(cmds, topicNames(m.data.names))
	}
	if m.noter != nil {
		if m.notesDue--; m.notesDue < 0 || namesChanged {
			m.notesDue = notesEvery
			cmds = append(cmds, offsetNotes(m.ctx, m.noter, m.origin, m.data.names))
		}
	}
	return tea.Batch(cmds...)
}

// apply shows the rows the filter and toggles let through and puts the
// cursor back on topic keep when it is still shown.
func (m *Model) apply(keep string) {
	m.data.refilter(m.filter.Query())
	m.table.SetRows(m.data.rows)
	if m.filter.Active() {
		m.table.SetEmpty("no topics match /" + safe.String(m.filter.Value()))
	} else if m.loaded {
		m.table.SetEmpty("no topics")
	}
	if keep == "" {
		return
	}
	if i := m.data.indexOf(keep); i >= 0 {
		m.table.SetCursor(i)
	}
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeCreate:
		return m.formKey(k)
	case modeDelete:
		return m.confirmKey(k)
	}
	if m.filter.Focused() {
		keep := m.selectedName()
		res, cmd := m.filter.Update(k)
		if res == filter.Typed || res == filter.Cleared {
			m.apply(keep)
		}
		return cmd
	}
	if m.table.Update(k) {
		return nil
	}
	keys := m.keys
	switch {
	case key.Matches(k, keys.list.Open):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenTopic{Topic: e.t.Name})
		}
	case key.Matches(k, keys.produceAny):
		// The root refuses in read-only mode, where p is hidden.
		if e := m.selected(); e != nil {
			return common.Push(common.OpenProduce{Topic: e.t.Name})
		}
	case key.Matches(k, keys.tail):
		if e := m.selected(); e != nil {
			return common.Push(common.OpenTail{Topic: e.t.Name})
		}
	case key.Matches(k, keys.filter):
		m.filter.Focus()
	case key.Matches(k, keys.clear):
		if m.filter.Active() {
			keep := m.selectedName()
			m.filter.Clear()
			m.apply(keep)
		}
	case key.Matches(k, keys.reload):
		return m.load()
	case key.Matches(k, keys.topics.ToggleInternal):
		keep := m.selectedName()
		m.data.showInternal = !m.data.showInternal
		m.apply(keep)
	case key.Matches(k, keys.topics.Sort):
		m.data.sortCol = (m.data.sortCol + 1) % numColumns
		m.data.sortDesc = sortColumns[m.data.sortCol].desc
		m.resort()
	case key.Matches(k, keys.topics.Reverse):
		m.data.sortDesc = !m.data.sortDesc
		m.resort()
	case key.Matches(k, keys.createAny):
		return m.openCreate()
	case key.Matches(k, keys.deleteAny):
		return m.openDelete()
	}
	return nil
}

// resort sorts by the new key and keeps the cursor on the same topic.
func (m *Model) resort() {
	keep := m.selectedName()
	m.table.SetColumns(m.data.columns())
	m.data.sort()
	m.apply(keep)
}

// refuseReadOnly is the answer to a write key in read-only mode.
func refuseReadOnly(what string) tea.Cmd {
	return status(common.StatusWarning, "read-only mode: "+what+" is disabled")
}

func (m *Model) openCreate() tea.Cmd {
	if m.c.ReadOnly {
		return refuseReadOnly("creating topics")
	}
	m.form = newCreateForm(m.c, m.data.existing())
	m.form.setWidth(m.width)
	m.mode = modeCreate
	return nil
}

func (m *Model) openDelete() tea.Cmd {
	if m.c.ReadOnly {
		return refuseReadOnly("deleting topics")
	}
	e := m.selected()
	if e == nil {
		return nil
	}
	if e.t.Internal {
		return status(common.StatusWarning, fmt.Sprintf("%s is an internal topic: Kafka needs it, kafkatui will not delete it", e.name))
	}
	m.confirm = newDeleteConfirm(m.c, e.t, e.name)
	m.confirm.SetWidth(m.width)
	m.mode = modeDelete
	return nil
}

func (m *Model) formKey(k tea.KeyMsg) tea.Cmd {
	act, cmd := m.form.update(k)
	switch act {
	case formCancel:
		m.form, m.mode = nil, modeList
	case formSubmit:
		if m.c.ReadOnly { // unreachable through the keys; a last guard
			return refuseReadOnly("creating topics")
		}
		spec, ok := m.form.validate()
		if !ok {
			return cmd
		}
		m.form.submitting = true
		return tea.Batch(cmd, m.started(), createTopic(m.ctx, m.b, m.origin, spec))
	}
	return cmd
}

func (m *Model) created(msg createdMsg) tea.Cmd {
	done := m.finished()
	open := m.mode == modeCreate && m.form != nil && m.form.submitting
	if msg.err != nil {
		if open {
			m.form.submitting = false
			m.form.brokerError(msg.err)
			return done
		}
		return tea.Batch(done, status(common.StatusError, msg.err.Error()))
	}
	if open {
		m.form, m.mode = nil, modeList
	}
	m.data.want = msg.name
	return tea.Batch(done, status(common.StatusSuccess, "created topic "+safe.String(msg.name)), m.load())
}

func (m *Model) confirmKey(k tea.KeyMsg) tea.Cmd {
	act, cmd := m.confirm.Update(k)
	switch act {
	case confirm.Cancel:
		m.confirm, m.mode = nil, modeList
	case confirm.Submit:
		if m.c.ReadOnly {
			return refuseReadOnly("deleting topics")
		}
		m.confirm.SetBusy(true)
		return tea.Batch(cmd, m.started(), deleteTopic(m.ctx, m.b, m.origin, m.confirm.Target()))
	}
	return cmd
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	done := m.finished()
	open := m.mode == modeDelete && m.confirm != nil && m.confirm.Target() == msg.name
	if msg.err != nil {
		if open {
			m.confirm.SetBusy(false)
			m.confirm.SetErr(msg.err.Error()) // the dialog escapes it
			return done
		}
		return tea.Batch(done, status(common.StatusError, msg.err.Error()))
	}
	if open {
		m.confirm, m.mode = nil, modeList
	}
	return tea.Batch(done, status(common.StatusSuccess, "deleted topic "+safe.String(msg.name)), m.load())
}
