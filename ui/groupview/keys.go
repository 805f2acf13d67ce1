package groupview

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/confirm"
)

// keys are the pane's bindings, copied from the keymap (after read-only
// mode disabled the dangerous ones: the root refuses those, and help, which
// lists them here where they act, hides them).
type keys struct {
	list    keymap.List
	groups  keymap.Groups
	refresh key.Binding
}

func newKeys(c *common.Common) keys {
	return keys{
		list:    c.Keys.List,
		groups:  c.Keys.Groups,
		refresh: c.Keys.Global.Refresh,
	}
}

// ShortHelp is the tables' keys, actions included.
func (k keys) ShortHelp() []key.Binding {
	g := k.groups
	return []key.Binding{k.list.Up, k.list.Down, g.Members, g.Reset, g.DeleteOffsets, g.Delete}
}

// FullHelp is every key of the tables, by column.
func (k keys) FullHelp() [][]key.Binding {
	g, l := k.groups, k.list
	return [][]key.Binding{
		{g.Members, g.Reset, g.DeleteOffsets, g.Delete},
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}

// ShortHelp is the keys of the current mode; the root adds the global ones.
func (m *Model) ShortHelp() []key.Binding {
	switch m.mode {
	case modeResetForm:
		return m.form.shortHelp()
	case modePreview:
		return m.preview.shortHelp()
	case modeConfirm:
		return m.confirm.ShortHelp()
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the current mode, by column.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode != modeTable {
		return [][]key.Binding{m.ShortHelp()}
	}
	return m.keys.FullHelp()
}

// handleKey is the pane's one entry for keys: the dialog that is open, or
// the tables.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeResetForm:
		return m.formKey(k)
	case modePreview:
		return m.previewKey(k)
	case modeConfirm:
		return m.confirmKey(k)
	}
	if m.current().Update(k) {
		return nil
	}
	g := m.keys.groups
	switch {
	case key.Matches(k, g.Members):
		m.tab = 1 - m.tab
		m.layout()
	case key.Matches(k, m.keys.refresh):
		return m.reload()
	case key.Matches(k, g.Reset):
		return m.openReset()
	case key.Matches(k, g.Delete):
		return m.openDeleteGroup()
	case key.Matches(k, g.DeleteOffsets):
		return m.openDeleteOffsets()
	}
	return nil
}

func (m *Model) formKey(k tea.KeyMsg) tea.Cmd {
	act, cmd := m.form.update(k)
	switch act {
	case actCancel:
		m.closeDialog()
	case actSubmit:
		req, ok := m.form.request(m.group)
		if !ok {
			return cmd
		}
		m.form.planning = true
		return tea.Batch(cmd, m.act("plan", plan(m.Ctx(), m.b, req)))
	}
	return cmd
}

func (m *Model) previewKey(k tea.KeyMsg) tea.Cmd {
	switch m.preview.update(k) {
	case actCancel:
		if m.preview.writing {
			return nil // the write is under way: its result closes the dialog
		}
		// Back to the form as it was filled, to change a value and look
		// again; esc there closes the dialog.
		m.mode, m.preview = modeResetForm, nil
		m.layout()
	case actSubmit:
		m.preview.writing = true
		return m.act("reset", execute(m.Ctx(), m.b, m.preview.plan))
	}
	return nil
}

func (m *Model) confirmKey(k tea.KeyMsg) tea.Cmd {
	act, cmd := m.confirm.Update(k)
	switch act {
	case confirm.Cancel:
		m.closeDialog()
	case confirm.Submit:
		m.confirm.SetBusy(true)
		if topic := m.confirm.Target(); topic != "" {
			return tea.Batch(cmd, m.act("delete", deleteOffsets(m.Ctx(), m.b, m.group, topic)))
		}
		return tea.Batch(cmd, m.act("delete", deleteGroup(m.Ctx(), m.b, m.group)))
	}
	return cmd
}
