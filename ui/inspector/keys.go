package inspector

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the common keymap.
type keys struct {
	list keymap.List
	ins  keymap.Inspector
	back key.Binding
}

func newKeys(c *common.Common, canNavigate bool) keys {
	k := keys{list: c.Keys.List, ins: c.Keys.Inspector, back: c.Keys.Global.Back}
	// Without a Navigator there is nowhere to go: n and N leave the help.
	k.ins.Next.SetEnabled(canNavigate)
	k.ins.Prev.SetEnabled(canNavigate)
	return k
}

// ShortHelp is the footer's help.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.ins.NextView, m.keys.ins.Next, m.keys.ins.Copy, m.reproduceKey()} // esc is in the root's help
}

// FullHelp is the `?` help.
func (m *Model) FullHelp() [][]key.Binding {
	l, i := m.keys.list, m.keys.ins
	return [][]key.Binding{
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
		{i.NextView, i.PrevView, i.KeyView},
		{i.Next, i.Copy, m.reproduceKey(), m.keys.back},
	}
}
