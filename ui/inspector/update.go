package inspector

import (
	"encoding/hex"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
)

// Update handles keys, the mouse wheel, the age tick and the value
// prepared in the background.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	// The age tick outlives value generations (n, N and tab start new
	// ones): it is this inspector's whatever the generation.
	if own, gen, ok := m.OwnAny(msg); ok {
		switch own := own.(type) {
		case common.TickMsg:
			if len(m.fixed) > 1 {
				m.fixed[1] = cut(m.timeLine(), m.width) // as layout builds it
			}
			return m, m.Tick(ageEvery)
		case docMsg:
			if gen == m.Gen() {
				m.val = docView{d: own.d}
				m.layout()
			}
		}
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.vp, _ = m.vp.Update(msg)
		m.fill()
	}
	return m, nil
}

// ageEvery is how often the record's age is brought up to date: its
// finest unit is the second. Once the inspector has left the stack nobody
// re-arms the tick.
const ageEvery = time.Second

// setValueMode switches the value's view and shows it from the top: the
// rows of one view say nothing about where to be in another.
func (m *Model) setValueMode(v mode) tea.Cmd {
	m.valMode = v
	return m.loadValue()
}

// navigate moves to the record step gives, with what the opener says of
// it (why a filter hides it): the note of the record left is about that
// one only.
func (m *Model) navigate(step func(kafkaops.Record) (kafkaops.Record, string, *common.Decoding, bool), none string) tea.Cmd {
	rec, note, dec, ok := step(m.rec)
	if !ok {
		return status(common.StatusInfo, none)
	}
	m.note = note
	return m.setRecord(rec, dec)
}

// copyValue copies the value: as it is when it is text, as hex when it
// is not (raw binary on a clipboard is rarely what anyone wants). A
// decoded value is copied as its JSON, but in the hex view.
func (m *Model) copyValue() tea.Cmd {
	v := m.valueBytes()
	if v == nil {
		return status(common.StatusWarning, "the value is null: nothing to copy")
	}
	text, what := string(v), "the value"
	if !utf8.Valid(v) {
		text, what = hex.EncodeToString(v), "the value as hex"
	}
	cmd := m.copy(text)
	return func() tea.Msg {
		res, ok := cmd().(clipboard.CopiedMsg)
		switch {
		case !ok:
			return nil
		case res.Err != nil:
			return common.Errorf(res.Err)
		}
		return common.StatusMsg{Kind: common.StatusSuccess, Text: clipboard.Status(what, len(text))}
	}
}

func status(kind common.StatusKind, text string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}
