package produce

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the form's bindings, copied from the keymap.
type keys struct {
	p    keymap.Produce
	next key.Binding
	prev key.Binding
	stop key.Binding // esc while a repeat runs
}

func newKeys(c *common.Common) keys {
	k := keys{p: c.Keys.Produce, next: c.Keys.Form.Next, prev: c.Keys.Form.Prev}
	k.stop = k.p.Cancel
	k.stop.SetHelp(k.stop.Help().Key, "stop")
	return k
}

// ShortHelp is the keys that do something in the current field and state.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.running {
		return []key.Binding{k.stop}
	}
	out := []key.Binding{k.p.Send, k.p.Repeat, k.next}
	switch m.focus {
	case fKey:
		if m.key.Value() == "" {
			out = append(out, k.p.EmptyKey)
		}
	case fValue:
		out = append(out, k.p.Editor)
		if m.hint == hintJSON {
			out = append(out, k.p.Pretty)
		}
	case fAcks, fCompression:
		out = append(out, k.p.Choose)
	}
	if m.canRecall() {
		out = append(out, k.p.HistoryPrev)
	}
	return out // esc back is among the root's keys
}

// FullHelp is every key of the form, by column.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	if m.running {
		return [][]key.Binding{{k.stop}}
	}
	return [][]key.Binding{
		{k.p.Send, k.p.Repeat},
		{k.next, k.prev, k.p.Choose},
		{k.p.Editor, k.p.Pretty, k.p.EmptyKey, k.p.HistoryPrev},
	}
}
