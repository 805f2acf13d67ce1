package produce

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the form's bindings, copied from the keymap, and what the help
// needs to know of the form to offer only keys that do something: the
// form sets it after every message (syncKeys).
type keys struct {
	p    keymap.Produce
	next key.Binding
	prev key.Binding
	stop key.Binding // esc while a repeat runs
	// clear empties a value too large for the text area (ctrl+u, as the
	// text area deletes what is before the cursor).
	clear key.Binding

	running  bool  // a repeat run has the form
	focus    field // the field the keys go to
	keyEmpty bool  // the key field is empty (ctrl+t toggles null/"")
	json     bool  // the value is JSON (ctrl+f pretty-prints)
	recall   bool  // up recalls history
	big      bool  // the value is too large for the text area
}

func newKeys(c *common.Common) keys {
	k := keys{p: c.Keys.Produce, next: c.Keys.Form.Next, prev: c.Keys.Form.Prev}
	k.stop = k.p.Cancel
	k.stop.SetHelp(k.stop.Help().Key, "stop")
	k.clear = key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear value"))
	return k
}

// ShortHelp is the keys that do something in the current field and state.
func (k keys) ShortHelp() []key.Binding {
	if k.running {
		return []key.Binding{k.stop}
	}
	out := []key.Binding{k.p.Send, k.p.Repeat, k.next}
	switch k.focus {
	case fKey:
		if k.keyEmpty {
			out = append(out, k.p.EmptyKey)
		}
	case fValue:
		out = append(out, k.p.Editor)
		if k.json {
			out = append(out, k.p.Pretty)
		}
		if k.big {
			out = append(out, k.clear)
		}
	case fAcks, fCompression:
		out = append(out, k.p.Choose)
	}
	if k.recall {
		out = append(out, k.p.HistoryPrev)
	}
	return out // esc back is among the root's keys
}

// FullHelp is every key of the form, by column.
func (k keys) FullHelp() [][]key.Binding {
	if k.running {
		return [][]key.Binding{{k.stop}}
	}
	value := []key.Binding{k.p.Editor, k.p.Pretty}
	if k.big && k.focus == fValue {
		value = append(value, k.clear)
	}
	return [][]key.Binding{
		{k.p.Send, k.p.Repeat},
		{k.next, k.prev, k.p.Choose},
		append(value, k.p.EmptyKey, k.p.HistoryPrev),
	}
}

// syncKeys tells the keys what the help needs to know of the form.
func (m *Model) syncKeys() {
	k := &m.keys
	k.running, k.focus = m.running, m.focus
	k.keyEmpty = m.key.Value() == ""
	k.json = m.hint == hintJSON
	k.recall = m.canRecall()
	k.big = m.big != nil
}

// ShortHelp is the form's keys, or only stop while a repeat run sends.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp is every key of the form, by column.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// handleKey is the form's one entry for keys: a running repeat takes only
// esc; else the form's own keys, then the focused field's.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	kp := m.keys.p
	if m.running {
		// A repeat run has the form: only esc (stop) does something.
		if key.Matches(k, kp.Cancel) {
			m.cancelRun()
		}
		return nil
	}
	if isPaste(k) {
		// Text, never a key of the form: no binding is several runes, and
		// matching one spells the key out as a string, for every binding
		// (a megabyte each for a large paste).
		if m.focus == fAcks || m.focus == fCompression {
			return nil
		}
		return m.edit(k)
	}
	switch {
	case key.Matches(k, kp.Cancel):
		return func() tea.Msg { return common.BackMsg{} }
	case key.Matches(k, kp.Send):
		return m.send()
	case key.Matches(k, kp.Repeat):
		return m.startRepeat()
	case key.Matches(k, kp.Editor):
		return m.openEditor()
	case m.big != nil && m.focus == fValue && key.Matches(k, m.keys.clear):
		m.setBig(nil)
		m.formErr = ""
		return nil
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
