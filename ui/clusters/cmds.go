package clusters

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// pick asks the root to switch to the cluster name; the root connects (in
// a Cmd of its own) and replaces every pane, this one included.
func pick(name string) tea.Cmd {
	return func() tea.Msg { return common.SwitchClusterMsg{Name: name} }
}
