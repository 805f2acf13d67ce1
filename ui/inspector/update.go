package inspector

import (
	"encoding/hex"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
)

// Update handles keys and the mouse wheel.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.vp, _ = m.vp.Update(msg)
		m.fill()
	case ageTickMsg:
		if msg.origin != m.origin {
			return m, nil
		}
		if len(m.fixed) > 1 {
			m.fixed[1] = fit(m.timeLine(), m.width) // as layout builds it
		}
		return m, ageTick(m.origin)
	case docMsg:
		if msg.origin == m.origin && msg.gen == m.gen {
			m.val = docView{d: msg.d}
			m.layout()
		}
	}
	return m, nil
}

// ageEvery is how often the record's age is brought up to date: its
// finest unit is the second.
const ageEvery = time.Second

func ageTick(origin int64) tea.Cmd {
	return tea.Tick(ageEvery, func(time.Time) tea.Msg { return ageTickMsg{origin: origin} })
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.reproduceRecord(k); ok {
		return cmd
	}
	ins := m.keys.ins
	switch {
	case key.Matches(k, m.keys.back):
		return func() tea.Msg { return common.BackMsg{} }
	case key.Matches(k, ins.NextView):
		return m.setValueMode((m.valMode + 1) % modeCount)
	case key.Matches(k, ins.PrevView):
		return m.setValueMode((m.valMode + modeCount - 1) % modeCount)
	case key.Matches(k, ins.KeyView):
		m.keyMode = (m.keyMode + 1) % modeCount
		m.key = docView{d: buildDoc(m.rec.Key, m.keyMode)}
		m.layout()
	case key.Matches(k, ins.Next):
		return m.navigate(m.nav.Next, "no next record")
	case key.Matches(k, ins.Prev):
		return m.navigate(m.nav.Prev, "no previous record")
	case key.Matches(k, ins.Copy):
		return m.copyValue()
	case key.Matches(k, m.keys.list.Top):
		m.vp.GotoTop()
		m.fill()
	case key.Matches(k, m.keys.list.Bottom):
		m.vp.GotoBottom()
		m.fill()
	default:
		m.vp, _ = m.vp.Update(k)
		m.fill()
	}
	return nil
}

// setValueMode switches the value's view and shows it from the top: the
// rows of one view say nothing about where to be in another.
func (m *Model) setValueMode(v mode) tea.Cmd {
	m.valMode = v
	return m.loadValue()
}

// navigate moves to the record step gives, with what the opener says of
// it (why a filter hides it): the note of the record left is about that
// one only.
func (m *Model) navigate(step func(kafkaops.Record) (kafkaops.Record, string, bool), none string) tea.Cmd {
	rec, note, ok := step(m.rec)
	if !ok {
		return status(common.StatusInfo, none)
	}
	m.note = note
	return m.setRecord(rec)
}

// copyValue copies the value: as it is when it is text, as hex when it
// is not (raw binary on a clipboard is rarely what anyone wants).
func (m *Model) copyValue() tea.Cmd {
	v := m.rec.Value
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
