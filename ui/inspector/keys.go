package inspector

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the common keymap.
type keys struct {
	list keymap.List
	ins  keymap.Inspector
	back key.Binding
	// reproduce is r, listed only when the opener gave a way to produce
	// (canReproduce). In read-only mode the keymap has disabled it: it
	// stays listed, so that the root refuses r with the reason.
	reproduce    key.Binding
	canReproduce bool
}

func newKeys(c *common.Common, canNavigate bool) keys {
	k := keys{list: c.Keys.List, ins: c.Keys.Inspector, back: c.Keys.Global.Back, reproduce: c.Keys.Produce.Reproduce}
	// Without a Navigator there is nowhere to go: n and N leave the help.
	k.ins.Next.SetEnabled(canNavigate)
	k.ins.Prev.SetEnabled(canNavigate)
	return k
}

// ShortHelp is the footer's help; esc is in the root's.
func (k keys) ShortHelp() []key.Binding {
	out := []key.Binding{k.ins.NextView, k.ins.Next, k.ins.Copy}
	if k.canReproduce {
		out = append(out, k.reproduce)
	}
	return out
}

// FullHelp is the `?` help.
func (k keys) FullHelp() [][]key.Binding {
	l, i := k.list, k.ins
	last := []key.Binding{i.Next, i.Copy}
	if k.canReproduce {
		last = append(last, k.reproduce)
	}
	return [][]key.Binding{
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
		{i.NextView, i.PrevView, i.KeyView},
		append(last, k.back),
	}
}

// ShortHelp is the footer's help.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp is the `?` help.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// handleKey is the pane's one entry for keys.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	ins := m.keys.ins
	switch {
	case m.keys.canReproduce && key.Matches(k, m.keys.reproduce):
		return m.reproduce(m.rec)
	case key.Matches(k, m.keys.back):
		return func() tea.Msg { return common.BackMsg{} }
	case key.Matches(k, ins.NextView):
		return m.setValueMode(m.stepMode(1))
	case key.Matches(k, ins.PrevView):
		return m.setValueMode(m.stepMode(-1))
	case key.Matches(k, ins.KeyView):
		m.keyMode = (m.keyMode + 1) % modeSchema // the schema view is the value's
		m.key = docView{d: buildDoc(m.keyBytes(), m.keyMode)}
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
