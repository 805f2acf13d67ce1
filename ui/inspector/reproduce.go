package inspector

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// WithReproduce turns r on: it runs open on the record shown, which opens
// the produce form loaded with its key, value and headers (the pane that
// opens the inspector knows the cluster; the inspector does not). Without
// it, and in read-only mode, r is not offered.
func (m *Model) WithReproduce(open func(kafkaops.Record) tea.Cmd) *Model {
	m.reproduce = open
	return m
}

// reproduceKey is r, enabled when it can do something; help hides it
// otherwise.
func (m *Model) reproduceKey() key.Binding {
	b := m.c.Keys.Produce.Reproduce
	b.SetEnabled(m.reproduce != nil && !m.c.ReadOnly)
	return b
}

// reproduceRecord answers r. In read-only mode the opener refuses and
// says why (the key is hidden there, but can still be typed).
func (m *Model) reproduceRecord(k tea.KeyMsg) (tea.Cmd, bool) {
	// Matched on its keys: read-only mode disables the binding, and the
	// root's router refuses the form with the reason.
	if m.reproduce == nil || !slices.Contains(m.c.Keys.Produce.Reproduce.Keys(), k.String()) {
		return nil, false
	}
	return m.reproduce(m.rec), true
}
