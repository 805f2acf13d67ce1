package produce

import (
	"strconv"

	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
)

// canRecall reports whether up/down walk the history: in an empty form,
// or while the form still shows an entry recalled untouched. Otherwise
// they move in the text.
func (m *Model) canRecall() bool {
	if m.focus == fAcks || m.focus == fCompression {
		return false
	}
	c := m.content()
	if m.histPos >= 0 {
		return c == m.recalled
	}
	return c.empty() && len(m.hist.byTopic[m.topicName()]) > 0
}

// atEdge reports whether the cursor of a multi-line field is on its first
// line (dir -1) or last line (dir +1), as in a shell: inside a recalled
// multi-line value, up and down move the cursor first.
func (m *Model) atEdge(dir int) bool {
	var ta *textarea.Model
	switch m.focus {
	case fValue:
		ta = &m.value
	case fHeaders:
		ta = &m.headers
	default:
		return true
	}
	if dir < 0 {
		return ta.Line() == 0
	}
	return ta.Line() >= ta.LineCount()-1
}

// recall shows the entry dir steps older (+1) or newer (-1) than the one
// shown. Going newer than the newest empties the form again.
func (m *Model) recall(dir int) {
	list := m.hist.byTopic[m.topicName()]
	pos := m.histPos + dir
	if pos >= len(list) {
		return // the oldest is shown
	}
	if pos < 0 {
		m.histPos = -1
		m.raw = raw{}
		m.partition.SetValue("")
		m.key.SetValue("")
		m.setBig(nil)
		m.headers.SetValue("")
		m.fitHeaders()
		m.emptyKey = false
		m.syncKey()
		m.valueChanged()
		return
	}
	e := list[len(list)-1-pos]
	m.histPos = pos
	if e.Partition >= 0 {
		m.partition.SetValue(strconv.Itoa(int(e.Partition)))
	} else {
		m.partition.SetValue("")
	}
	m.load(e.Key, e.Value, e.headers())
	m.recalled = m.content()
	for f := range numFields {
		m.errs[f] = ""
	}
}

// historyLoaded merges the file with what was sent before it was read.
func (m *Model) historyLoaded(msg historyMsg) tea.Cmd {
	if msg.err != nil {
		m.histWarn = safe.String(msg.err.Error())
		text := m.histWarn
		return func() tea.Msg { return common.StatusMsg{Kind: common.StatusWarning, Text: text} }
	}
	sentHere := m.hist
	m.hist = msg.hist
	for _, list := range sentHere.byTopic {
		for _, e := range list {
			m.hist.add(e)
		}
	}
	if msg.warn != "" {
		m.histWarn = safe.String(msg.warn)
		text := m.histWarn
		return func() tea.Msg { return common.StatusMsg{Kind: common.StatusWarning, Text: text} }
	}
	return nil
}
