package common

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/themes"
)

// Styles are the lipgloss styles built once from a Theme. Panes use these,
// never colours of their own.
type Styles struct {
	Text      lipgloss.Style
	Muted     lipgloss.Style
	Accent    lipgloss.Style
	Bold      lipgloss.Style
	Error     lipgloss.Style
	Warning   lipgloss.Style
	Success   lipgloss.Style
	Selected  lipgloss.Style
	Header    lipgloss.Style
	TableHead lipgloss.Style
	// Pane and PaneFocused frame a pane body.
	Pane        lipgloss.Style
	PaneFocused lipgloss.Style
	Title       lipgloss.Style
	StatusBar   lipgloss.Style
	// NoColor is set when the theme has no colours (NO_COLOR, --theme
	// none): colours configured elsewhere (a cluster's) are then not used.
	NoColor bool
}

// NewStyles builds Styles from t. Without colour, state is carried by bold,
// reverse and underline instead.
func NewStyles(t themes.Theme) Styles {
	s := Styles{
		NoColor:     t.NoColor,
		Text:        lipgloss.NewStyle().Foreground(t.Text),
		Muted:       lipgloss.NewStyle().Foreground(t.Muted),
		Accent:      lipgloss.NewStyle().Foreground(t.Accent),
		Bold:        lipgloss.NewStyle().Bold(true),
		Error:       lipgloss.NewStyle().Foreground(t.Error).Bold(true),
		Warning:     lipgloss.NewStyle().Foreground(t.Warning),
		Success:     lipgloss.NewStyle().Foreground(t.Success),
		Selected:    lipgloss.NewStyle().Foreground(t.SelectionFg).Background(t.SelectionBg),
		Header:      lipgloss.NewStyle().Foreground(t.Accent).Bold(true),
		TableHead:   lipgloss.NewStyle().Foreground(t.Muted).Bold(true),
		Pane:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Border),
		PaneFocused: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.FocusedBorder),
		Title:       lipgloss.NewStyle().Foreground(t.Accent).Bold(true),
		StatusBar:   lipgloss.NewStyle().Foreground(t.Muted),
	}
	if t.NoColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
		s.Warning = lipgloss.NewStyle().Underline(true)
		s.Accent = lipgloss.NewStyle().Bold(true)
		s.Title = lipgloss.NewStyle().Bold(true)
	}
	return s
}
