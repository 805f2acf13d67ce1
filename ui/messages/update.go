package messages

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys and the mouse wheel.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		if m.table.Update(msg) {
			m.layout()
		}
	}
	return m, nil
}
