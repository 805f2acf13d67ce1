package groupview

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the keymap so that read-only
// mode can switch the actions off for this pane only.
type keys struct {
	list    keymap.List
	groups  keymap.Groups
	refresh key.Binding
	// The *Any bindings match the action keys even in read-only mode,
	// where the visible ones are disabled (and so hidden from help), so
	// that the pane can say why it refuses instead of ignoring the key.
	resetAny         key.Binding
	deleteAny        key.Binding
	deleteOffsetsAny key.Binding
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:    c.Keys.List,
		groups:  c.Keys.Groups,
		refresh: c.Keys.Global.Refresh,
	}
	k.resetAny = key.NewBinding(key.WithKeys(k.groups.Reset.Keys()...))
	k.deleteAny = key.NewBinding(key.WithKeys(k.groups.Delete.Keys()...))
	k.deleteOffsetsAny = key.NewBinding(key.WithKeys(k.groups.DeleteOffsets.Keys()...))
	if c.ReadOnly {
		k.groups.Reset.SetEnabled(false)
		k.groups.Delete.SetEnabled(false)
		k.groups.DeleteOffsets.SetEnabled(false)
	}
	return k
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
func (m *Model) ShortHelp() []key.Binding {
	switch m.mode {
	case modeResetForm:
		return m.form.shortHelp()
	case modePreview:
		return m.preview.shortHelp()
	case modeConfirm:
		return m.confirm.shortHelp()
	}
	g := m.keys.groups
	return []key.Binding{m.keys.list.Up, m.keys.list.Down, g.Members, g.Reset, g.DeleteOffsets, g.Delete}
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != modeTable {
		return [][]key.Binding{m.ShortHelp()}
	}
	g, l := m.keys.groups, m.keys.list
	return [][]key.Binding{
		{g.Members, g.Reset, g.DeleteOffsets, g.Delete},
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}
