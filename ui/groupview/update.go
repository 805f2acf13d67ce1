package groupview

import (
	"errors"
	"fmt"
	"maps"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Update handles keys, mouse and this pane's own results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if own, gen, ok := m.OwnAny(msg); ok {
		current := gen == m.Gen()
		switch own := own.(type) {
		case loadedMsg:
			if current {
				return m, m.receive(own)
			}
		case common.TickMsg:
			if current && m.Ctx().Err() == nil {
				return m, m.reload()
			}
		// An action's answer is taken whatever refreshes came since.
		case plannedMsg:
			return m, m.planned(own)
		case resetMsg:
			return m, m.resetDone(own)
		case deletedMsg:
			return m, m.deleted(own)
		}
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		if m.mode == modeTable {
			m.current().Update(msg)
		}
	}
	return m, nil
}

// current is the table on screen.
func (m *Model) current() *table.Model {
	if m.tab == tabMembers {
		return &m.members
	}
	return &m.lag
}

// reload starts a new load generation; results of older ones are dropped.
func (m *Model) reload() tea.Cmd {
	m.NextGen()
	return m.Request(load(m.Ctx(), m.b, m.group, maps.Clone(m.times)))
}

// receive takes a refresh in: it feeds the health history, rebuilds the
// rows and schedules the next refresh. A failed refresh keeps the last
// data on screen and is reported once, not on every retry.
func (m *Model) receive(msg loadedMsg) tea.Cmd {
	cmds := []tea.Cmd{m.Tick(refreshEvery(m.c.Refresh))}
	if msg.err != nil {
		m.c.Log.Printf("group %s: %v", m.group, msg.err)
		m.loadErr = msg.err
		if !m.loaded {
			m.lag.SetEmpty("")
			m.members.SetEmpty("")
		}
		if text := msg.err.Error(); text != m.lastErr {
			m.lastErr = text
			cmds = append(cmds, status(common.StatusError, text))
		}
		m.layout()
		return tea.Batch(cmds...)
	}
	if msg.timesErr != nil {
		// Lag in time is a nicety: say it is missing, keep the rest.
		m.c.Log.Printf("group %s: %v", m.group, msg.timesErr)
		if text := msg.timesErr.Error(); text != m.lastErr {
			m.lastErr = text
			cmds = append(cmds, status(common.StatusWarning, text))
		}
	} else {
		m.lastErr = ""
	}
	m.loaded, m.loadErr, m.updated = true, nil, m.c.Now()
	m.detail, m.times = msg.detail, msg.times
	m.hist.ObserveAt(m.updated, m.c.Refresh/2, msg.detail.Offsets, len(msg.detail.Members) > 0)
	m.buildRows()
	m.layout()
	return tea.Batch(cmds...)
}

// selectedTopic is the topic of the lag row under the cursor, else the
// group's first topic, else "".
func (m *Model) selectedTopic() string {
	offs := m.detail.Offsets
	if i := m.lag.Cursor(); m.tab == tabLag && i >= 0 && i < len(offs) {
		return offs[i].Topic
	}
	if len(offs) > 0 {
		return offs[0].Topic
	}
	return ""
}

// activeReason says why Kafka will refuse to change the group's offsets,
// "" when the group is known to have no members.
func (m *Model) activeReason() string {
	if n := len(m.detail.Members); n > 0 {
		return fmt.Sprintf("The group is %s with %s: offsets can only be changed while no consumer of the group runs. Stop its consumers first.", safe.String(m.detail.State), table.Counted(n, "member"))
	}
	return ""
}

// shareRefusal says why a share group's offsets are not changed here.
const shareRefusal = "this is a share group (KIP-932): its progress is share-partition start offsets, which kafkatui does not change (kafka-share-groups.sh --reset-offsets does)"

func (m *Model) openReset() tea.Cmd {
	if !m.loaded {
		return nil
	}
	if m.detail.ProtocolType == "share" {
		return status(common.StatusWarning, shareRefusal)
	}
	m.form = newResetForm(m.c, m.selectedTopic(), m.activeReason())
	m.mode = modeResetForm
	m.layout()
	return nil
}

func (m *Model) openDeleteGroup() tea.Cmd {
	if !m.loaded {
		return nil
	}
	if n := len(m.detail.Members); n > 0 {
		return status(common.StatusWarning, fmt.Sprintf("cannot delete group %s: it has %s; only an empty group can be deleted (stop its consumers first)", m.group, table.Counted(n, "member")))
	}
	lines := []string{
		"This deletes the group and its committed offsets on " + table.Counted(len(m.detail.Offsets), "partition") + ".",
		"Its consumers will start again from their reset policy (auto.offset.reset).",
	}
	m.confirm = confirm.New(m.c, confirm.Options{Title: "Delete group " + m.display, Lines: lines, Want: m.group, Shown: m.display})
	m.mode = modeConfirm
	m.layout()
	return nil
}

func (m *Model) openDeleteOffsets() tea.Cmd {
	topic := m.selectedTopic()
	if !m.loaded || topic == "" {
		return nil
	}
	if m.detail.ProtocolType == "share" {
		return status(common.StatusWarning, shareRefusal)
	}
	n := 0
	for _, o := range m.detail.Offsets {
		if o.Topic == topic && o.HasCommit {
			n++
		}
	}
	lines := []string{
		fmt.Sprintf("This deletes the group's committed offsets on %s of %s.", table.Counted(n, "partition"), safe.String(topic)),
		"The group then reads the topic from its reset policy, or forgets it.",
		"Kafka refuses while a member of the group is subscribed to the topic.",
	}
	m.confirm = confirm.New(m.c, confirm.Options{Title: "Delete offsets of " + safe.String(topic), Lines: lines, Want: topic, Shown: safe.String(topic), Target: topic})
	m.mode = modeConfirm
	m.layout()
	return nil
}

func (m *Model) closeDialog() {
	m.mode, m.form, m.preview, m.confirm = modeTable, nil, nil, nil
	m.layout()
}

func (m *Model) planned(msg plannedMsg) tea.Cmd {
	if m.mode != modeResetForm || m.form == nil || !m.form.planning {
		return nil // cancelled meanwhile
	}
	m.form.planning = false
	if errors.Is(msg.err, kafkaops.ErrNoCommits) {
		// Said at the field that asked for all topics.
		m.form.SetErr(fieldTopic, "the group has no committed offsets, so * resets nothing: name the topic to start it on")
		m.form.FocusOn(fieldTopic)
		return nil
	}
	if f, text, ok := fieldRefusal(msg.err); ok {
		// Kafka refused something typed in a field (a topic or partition
		// it does not have, a target it cannot resolve): said there, with
		// the focus, like the form's own checks.
		m.form.SetErr(f, text)
		m.form.FocusOn(f)
		return nil
	}
	if msg.err != nil {
		m.form.err = msg.err.Error()
		return nil
	}
	m.preview = newResetPreview(m.c, msg.plan)
	m.mode = modePreview
	m.layout()
	return nil
}

func (m *Model) resetDone(msg resetMsg) tea.Cmd {
	open := m.mode == modePreview && m.preview != nil && m.preview.writing
	if msg.err != nil {
		if open {
			m.preview.writing = false
			m.preview.err = msg.err.Error()
			return nil
		}
		return status(common.StatusError, msg.err.Error())
	}
	if open {
		m.closeDialog()
	}
	text := fmt.Sprintf("reset group %s on %s to %s: wrote %s%s", msg.plan.Group, planTopics(msg.plan), msg.plan.To, table.Counted(len(msg.plan.Rows), "partition"), ofTopics(msg.plan))
	return tea.Batch(status(common.StatusSuccess, text), m.reload())
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	open := m.mode == modeConfirm && m.confirm != nil && m.confirm.Busy() && m.confirm.Target() == msg.topic
	if msg.err != nil {
		if open {
			m.confirm.SetBusy(false)
			m.confirm.SetErr(msg.err.Error())
			return nil
		}
		return status(common.StatusError, msg.err.Error())
	}
	if open {
		m.closeDialog()
	}
	if msg.topic == "" {
		// The group is gone: nothing is left to show here.
		m.Close()
		return tea.Batch(status(common.StatusSuccess, "deleted group "+m.group), func() tea.Msg { return common.BackMsg{} })
	}
	return tea.Batch(status(common.StatusSuccess, fmt.Sprintf("deleted offsets of group %s on %s", m.group, msg.topic)), m.reload())
}
