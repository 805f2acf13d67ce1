package produce

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys and the form's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	var cmd tea.Cmd
	if own, ok := m.Own(msg); ok {
		cmd = m.receive(own)
	} else if k, ok := msg.(tea.KeyMsg); ok {
		cmd = m.handleKey(k)
	}
	m.syncKeys()
	return m, cmd
}

// receive takes in one of the form's own results.
func (m *Model) receive(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case topicsMsg:
		// Without the names there is no completion; typing still works.
		if msg.err == nil {
			m.topic.SetSuggestions(msg.names)
		}
	case partsMsg:
		m.partsLoaded(msg)
	case historyMsg:
		return m.historyLoaded(msg)
	case sentMsg:
		return m.sentResult(msg)
	case repeatMsg:
		return m.repeatProgress(msg)
	case editorReadyMsg:
		if msg.err != nil {
			m.formErr = safe.String(msg.err.Error())
			return nil
		}
		return runEditor(msg.path, m.Wrap)
	case editedMsg:
		m.edited(msg)
	}
	return nil
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
		if m.big != nil {
			m.bigKey(k)
			return nil
		}
		if m.pasteBig(k) {
			return nil
		}
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
	return m.Wrap(describeTopic(m.Ctx(), m.b, t))
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
	out, ok := prettyJSON(string(m.valueText()))
	if !ok {
		m.formErr = "ctrl+f: the value is not valid JSON"
		return
	}
	m.formErr = ""
	m.setValue([]byte(out), "pretty-printed")
}

// valueText is the value as it is edited: the text area's text, or a
// loaded value's bytes.
func (m *Model) valueText() []byte {
	if m.big != nil {
		return m.big.data
	}
	return []byte(m.value.Value())
}

// openEditor writes the value to a file for $EDITOR, which the form then
// runs (editorReadyMsg).
func (m *Model) openEditor() tea.Cmd {
	m.setFocus(fValue)
	ext := ".txt"
	if m.hint == hintJSON {
		ext = ".json"
	}
	return m.Wrap(writeEditorFile(m.valueText(), ext))
}

func (m *Model) edited(msg editedMsg) {
	if msg.err != nil {
		m.formErr = safe.String(msg.err.Error())
		return
	}
	// Editors end the file with a new line the user did not mean to send.
	m.setValue(bytes.TrimSuffix(msg.data, []byte("\n")), "from $EDITOR")
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
	// Read-only mode disables the send key (keymap marks it dangerous),
	// and the form is never opened there: no check of its own here.
	m.sending = true
	m.result = ""
	return m.Request(send(m.Ctx(), m.b, msg))
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
