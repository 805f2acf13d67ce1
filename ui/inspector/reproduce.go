package inspector

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// WithReproduce turns r on: it runs open on the record shown, which opens
// the produce form loaded with its key, value and headers (the pane that
// opens the inspector knows the cluster; the inspector does not). Without
// it r is not offered; in read-only mode r is listed disabled, and the
// root refuses it with the reason before it reaches the pane.
func (m *Model) WithReproduce(open func(kafkaops.Record) tea.Cmd) *Model {
	m.reproduce = open
	m.keys.canReproduce = open != nil
	return m
}
