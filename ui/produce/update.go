package produce

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys and the form's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case topicsMsg:
		// Without the names there is no completion; typing still works.
		if msg.origin == m.origin && msg.err == nil {
			m.topic.SetSuggestions(msg.names)
		}
	case partsMsg:
		if msg.origin == m.origin {
			m.partsLoaded(msg)
		}
	case historyMsg:
		if msg.origin == m.origin {
			return m, m.historyLoaded(msg)
		}
	case sentMsg:
		if msg.origin == m.origin && msg.seq == m.seq {
			return m, m.sentResult(msg)
		}
	case repeatMsg:
		if msg.origin == m.origin && msg.run == m.runSeq {
			return m, m.repeatProgress(msg)
		}
	case editorReadyMsg:
		if msg.origin == m.origin {
			if msg.err != nil {
				m.formErr = safe.String(msg.err.Error())
				return m, nil
			}
			return m, runEditor(msg.path, m.origin)
		}
	case editedMsg:
		if msg.origin == m.origin {
			m.edited(msg)
		}
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	kp := m.keys.p
	if m.running {
		// A repeat run has the form: only esc (stop) does something.
		if key.Matches(k, kp.Cancel) {
			m.cancelRun()
		}
		return nil
	}
	switch {
	case key.Matches(k, kp.Cancel):
		return func() tea.Msg { return common.BackMsg{} }
	case key.Matches(k, kp.Send):
		return m.send()
	case key.Matches(k, kp.Repeat):
		return m.startRepeat()
	case key.Matches(k, kp.Editor):
		m.setFocus(fValue)
		ext := ".txt"
		if m.hint == hintJSON {
			ext = ".json"
		}
		return writeEditorFile(m.value.Value(), m.origin, ext)
	case key.Matches(k, kp.Pretty):
		m.pretty()
		return nil
	case key.Matches(k, kp.EmptyKey):
		if m.key.Value() == "" {
			m.emptyKey = !m.emptyKey
			m.syncKey()
		}
		return nil
	case key.Matches(k, kp.HistoryPrev) && m.canRecall() && m.atEdge(-1):
		m.recall(+1)
		return nil
	case key.Matches(k, kp.HistoryNext) && m.canRecall() && m.atEdge(+1):
		m.recall(-1)
		return nil
	case key.Matches(k, m.keys.next):
		if m.focus == fTopic && m.acceptSuggestion() {
			return nil
		}
		return m.move(m.focus + 1)
	case key.Matches(k, m.keys.prev):
		return m.move(m.focus - 1)
	case k.Type == tea.KeyEnter && m.focus != fValue && m.focus != fHeaders:
		// enter in a one-line field goes on, as in most forms; sending
		// is ctrl+s, so that enter in the value is a new line.
		return m.move(m.focus + 1)
	case m.focus == fAcks || m.focus == fCompression:
		m.choose(k)
		return nil
	}
	return m.edit(k)
}

// edit gives a key to the focused input and rechecks what it changed.
func (m *Model) edit(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case fTopic:
		m.topic, cmd = m.topic.Update(k)
	case fPartition:
		m.partition, cmd = m.partition.Update(k)
	case fKey:
		m.key, cmd = m.key.Update(k)
	case fRepeat:
		m.repeat, cmd = m.repeat.Update(k)
	case fValue:
		m.value, cmd = m.value.Update(k)
		m.valueChanged()
	case fHeaders:
		m.headers, cmd = m.headers.Update(k)
		m.fitHeaders()
	}
	if m.tried || m.errs[m.focus] != "" {
		m.errs[m.focus] = m.check(m.focus)
	}
	if m.focus == fRepeat {
		m.errs[fRepeat] = ""
	}
	return cmd
}

// acceptSuggestion completes the topic from the cluster's names; false
// when there is nothing to complete.
func (m *Model) acceptSuggestion() bool {
	s := m.topic.CurrentSuggestion()
	if s == "" || s == m.topic.Value() || len(m.topic.MatchedSuggestions()) == 0 {
		return false
	}
	m.topic.SetValue(s)
	m.topic.CursorEnd()
	m.errs[fTopic] = ""
	return true
}

// move focuses f; leaving the topic asks for its partition count.
func (m *Model) move(f field) tea.Cmd {
	leaving := m.focus
	m.setFocus(f)
	if leaving == fTopic {
		return m.describeTyped()
	}
	return nil
}

// describeTyped asks for the partition count of the topic typed, once.
func (m *Model) describeTyped() tea.Cmd {
	t := m.topicName()
	if t == "" || t == m.describe {
		return nil
	}
	if _, ok := m.parts[t]; ok {
		return nil
	}
	m.describe = t
	return describeTopic(m.ctx, m.b, t, m.origin)
}

func (m *Model) partsLoaded(msg partsMsg) {
	switch {
	case errors.Is(msg.err, kafkaops.ErrTopicNotFound):
		m.partsErr[msg.topic] = "no such topic"
		return
	case msg.err != nil:
		if !isCanceled(msg.err) {
			m.partsErr[msg.topic] = "partitions not known"
		}
		return
	}
	delete(m.partsErr, msg.topic)
	m.parts[msg.topic] = msg.n
	if msg.topic == m.topicName() && (m.tried || m.errs[fPartition] != "") {
		m.errs[fPartition] = m.check(fPartition)
	}
}

// choose cycles the choices of the acks or compression field.
func (m *Model) choose(k tea.KeyMsg) {
	step := 0
	switch {
	case key.Matches(k, m.keys.p.Choose):
		step = 1
	case key.Matches(k, m.keys.p.ChooseBack):
		step = -1
	}
	if m.focus == fAcks {
		m.acks = (m.acks + step + len(acksChoices)) % len(acksChoices)
		m.errs[fAcks] = ""
	} else {
		m.comp = (m.comp + step + len(compChoices)) % len(compChoices)
		m.errs[fCompression] = ""
	}
}

// pretty re-indents a JSON value.
func (m *Model) pretty() {
	out, ok := prettyJSON(m.value.Value())
	if !ok {
		m.formErr = "ctrl+f: the value is not valid JSON"
		return
	}
	m.formErr = ""
	m.value.SetValue(out)
	m.valueChanged()
}

func (m *Model) edited(msg editedMsg) {
	if msg.err != nil {
		m.formErr = safe.String(msg.err.Error())
		return
	}
	// Editors end the file with a new line the user did not mean to send.
	text := strings.TrimSuffix(msg.text, "\n")
	m.value.SetValue(text)
	m.valueChanged()
	m.setFocus(fValue)
}

// send validates the form and sends the message once.
func (m *Model) send() tea.Cmd {
	if m.sending {
		return nil
	}
	msg, ok := m.message()
	if !ok {
		m.result = ""
		return nil
	}
	if m.c.ReadOnly { // unreachable through the keys; a last guard
		return refuseReadOnly()
	}
	m.sending = true
	m.seq++
	m.result = ""
	owner := fmt.Sprintf("%s.%d", m.owner, m.seq)
	return common.WithBusy(owner, send(m.ctx, m.b, msg, m.origin, m.seq))
}

func (m *Model) sentResult(msg sentMsg) tea.Cmd {
	m.sending = false
	if msg.err != nil {
		if isCanceled(msg.err) {
			return nil
		}
		m.brokerError(msg.err)
		return nil
	}
	where := fmt.Sprintf("%s/%d", safeName(msg.msg.Topic), msg.res.Partition)
	if msg.res.OffsetKnown {
		m.result = fmt.Sprintf("✓ sent to %s at offset %d (acks=%s)", where, msg.res.Offset, acksNames[m.acksIndex(msg)])
	} else {
		m.result = fmt.Sprintf("✓ sent to %s, offset not known (acks=none)", where)
	}
	m.resultOK = true
	m.sent = m.content()
	e := entryOf(msg.msg, m.c.Now())
	m.hist.add(e)
	m.histPos = -1
	return saveHistory(m.opts.historyPath, e)
}

func (m *Model) acksIndex(msg sentMsg) int {
	for i, a := range acksChoices {
		if a == msg.msg.Acks {
			return i
		}
	}
	return 0
}
