package topics

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
)

// Update handles keys, mouse and the pane's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if own, ok := m.Own(msg); ok {
		switch own := own.(type) {
		case listedMsg:
			return m, m.listed(own)
		case common.TickMsg:
			// A closed pane's last tick may still arrive: it stays quiet.
			if m.Ctx().Err() == nil {
				return m, m.load()
			}
			return m, nil
		}
	}
	// Writes and notes are answered whatever loads started since they
	// were asked (a refresh every few seconds is likely meanwhile).
	if own, _, ok := m.OwnAny(msg); ok {
		switch own := own.(type) {
		case notedMsg:
			if own.err == nil {
				// A failure keeps the notes as they were: they are a hint
				// beside the counts, and the list's own errors are shown.
				m.data.setNotes(own.notes)
				m.apply(m.selectedName())
			}
		case createdMsg:
			return m, m.created(own)
		case deletedMsg:
			return m, m.deleted(own)
		}
		return m, nil
	}
	switch msg := msg.(type) {
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
	m.NextGen()
	return m.Request(listTopics(m.Ctx(), m.b))
}

// write asks for a create or delete: a Request whose spinner is its own,
// so that a list of the same generation finishing first does not stop it.
func (m *Model) write(cmd tea.Cmd) tea.Cmd {
	return common.WithBusy(fmt.Sprintf("topics#%d.write", m.Origin()), m.Wrap(cmd))
}

func (m *Model) listed(msg listedMsg) tea.Cmd {
	next := m.Tick(refreshEvery(m.c.Refresh))
	if msg.err != nil {
		m.loadErr = msg.err
		if !m.loaded {
			m.table.SetEmpty("")
		}
		return tea.Batch(next, status(common.StatusError, msg.err.Error()))
	}
	keep := m.selectedName()
	if m.data.want != "" {
		keep, m.data.want = m.data.want, ""
	}
	namesChanged := m.data.set(msg.topics)
	m.loaded, m.loadErr, m.updated = true, nil, m.c.Now()
	m.table.SetEmpty("no topics")
	m.apply(keep)
	cmds := []tea.Cmd{next}
	if namesChanged {
		cmds = append(cmds, topicNames(m.data.names))
	}
	if m.noter != nil {
		if m.notesDue--; m.notesDue < 0 || namesChanged {
			m.notesDue = notesEvery
			// No spinner: the notes are a hint beside the counts.
			cmds = append(cmds, m.Wrap(offsetNotes(m.Ctx(), m.noter, m.data.names)))
		}
	}
	return tea.Batch(cmds...)
}

// apply shows the rows the filter and toggles let through and puts the
// cursor back on topic keep when it is still shown.
func (m *Model) apply(keep string) {
	if m.data.offsetsW != m.offsetsW {
		m.offsetsW = m.data.offsetsW
		m.table.SetColumns(m.data.columns()) // the largest count grew a digit
	}
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

// resort sorts by the new key and keeps the cursor on the same topic.
func (m *Model) resort() {
	keep := m.selectedName()
	m.table.SetColumns(m.data.columns())
	m.data.sort()
	m.apply(keep)
}

// openCreate opens the create form. In read-only mode its key is refused
// by the root and never gets here.
func (m *Model) openCreate() {
	m.form = newCreateForm(m.c, m.data.existing())
	m.form.setWidth(m.width)
	m.mode = modeCreate
}

// openDelete asks to confirm deleting the selected topic. In read-only
// mode its key is refused by the root and never gets here.
func (m *Model) openDelete() tea.Cmd {
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
		spec, ok := m.form.validate()
		if !ok {
			return cmd
		}
		m.form.submitting = true
		return tea.Batch(cmd, m.write(createTopic(m.Ctx(), m.b, spec)))
	}
	return cmd
}

func (m *Model) created(msg createdMsg) tea.Cmd {
	open := m.mode == modeCreate && m.form != nil && m.form.submitting
	if msg.err != nil {
		if open {
			m.form.submitting = false
			m.form.brokerError(msg.err)
			return nil
		}
		return status(common.StatusError, msg.err.Error())
	}
	if open {
		m.form, m.mode = nil, modeList
	}
	m.data.want = msg.name
	return tea.Batch(status(common.StatusSuccess, "created topic "+safe.String(msg.name)), m.load())
}

func (m *Model) confirmKey(k tea.KeyMsg) tea.Cmd {
	act, cmd := m.confirm.Update(k)
	switch act {
	case confirm.Cancel:
		m.confirm, m.mode = nil, modeList
	case confirm.Submit:
		m.confirm.SetBusy(true)
		return tea.Batch(cmd, m.write(deleteTopic(m.Ctx(), m.b, m.confirm.Target())))
	}
	return cmd
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	open := m.mode == modeDelete && m.confirm != nil && m.confirm.Target() == msg.name
	if msg.err != nil {
		if open {
			m.confirm.SetBusy(false)
			m.confirm.SetErr(msg.err.Error()) // the dialog escapes it
			return nil
		}
		return status(common.StatusError, msg.err.Error())
	}
	if open {
		m.confirm, m.mode = nil, modeList
	}
	return tea.Batch(status(common.StatusSuccess, "deleted topic "+safe.String(msg.name)), m.load())
}
