// Package verdict draws a consumer group's health status the same way in
// every pane that shows one (the groups list, the group view): as a table
// cell's hint and as styled text. It may import internal/health, lipgloss,
// ui/common and ui/components/table.
package verdict

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Hint is how a health status stands out in a table.
func Hint(s health.Status) table.Hint {
	switch s {
	case health.OK:
		return table.HintSuccess
	case health.Warn, health.Rewind:
		return table.HintWarning
	case health.Stall, health.Stop, health.Expired:
		return table.HintError
	}
	return table.HintMuted
}

// Style is how a health status stands out in text.
func Style(st common.Styles, s health.Status) lipgloss.Style {
	switch s {
	case health.OK:
		return st.Success
	case health.Warn, health.Rewind:
		return st.Warning
	case health.Stall, health.Stop, health.Expired:
		return st.Error
	}
	return st.Muted
}
