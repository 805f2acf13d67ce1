// Package themes holds kafkatui's colour themes: semantic colours only.
//
// A Theme names what a colour means (text, muted, accent, error...), never
// where it is used; panes build their styles from it. The default palette
// uses ANSI colours so it follows the terminal's own scheme. It may import
// lipgloss and the standard library only.
package themes

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a set of semantic colours.
type Theme struct {
	Name          string
	Text          lipgloss.TerminalColor
	Muted         lipgloss.TerminalColor
	Accent        lipgloss.TerminalColor
	Border        lipgloss.TerminalColor
	FocusedBorder lipgloss.TerminalColor
	// SelectionFg and SelectionBg colour the selected row.
	SelectionFg lipgloss.TerminalColor
	SelectionBg lipgloss.TerminalColor
	Error       lipgloss.TerminalColor
	Warning     lipgloss.TerminalColor
	Success     lipgloss.TerminalColor
	// NoColor disables colour entirely; styles should fall back to bold,
	// reverse and underline so state stays visible.
	NoColor bool
}

// Adaptive follows the terminal: ANSI colours, with light and dark variants
// picked by the terminal's background.
func Adaptive() Theme {
	return Theme{
		Name:          "auto",
		Text:          lipgloss.NoColor{},
		Muted:         lipgloss.AdaptiveColor{Light: "8", Dark: "8"},
		Accent:        lipgloss.AdaptiveColor{Light: "4", Dark: "12"},
		Border:        lipgloss.AdaptiveColor{Light: "7", Dark: "8"},
		FocusedBorder: lipgloss.AdaptiveColor{Light: "4", Dark: "12"},
		SelectionFg:   lipgloss.AdaptiveColor{Light: "15", Dark: "0"},
		SelectionBg:   lipgloss.AdaptiveColor{Light: "4", Dark: "12"},
		Error:         lipgloss.AdaptiveColor{Light: "1", Dark: "9"},
		Warning:       lipgloss.AdaptiveColor{Light: "3", Dark: "11"},
		Success:       lipgloss.AdaptiveColor{Light: "2", Dark: "10"},
	}
}

// Dark is for dark terminal backgrounds regardless of detection.
func Dark() Theme {
	t := Theme{
		Name:          "dark",
		Text:          lipgloss.Color("252"),
		Muted:         lipgloss.Color("245"),
		Accent:        lipgloss.Color("75"),
		Border:        lipgloss.Color("240"),
		FocusedBorder: lipgloss.Color("75"),
		SelectionFg:   lipgloss.Color("16"),
		SelectionBg:   lipgloss.Color("75"),
		Error:         lipgloss.Color("203"),
		Warning:       lipgloss.Color("214"),
		Success:       lipgloss.Color("114"),
	}
	return t
}

// Light is for light terminal backgrounds regardless of detection.
func Light() Theme {
	return Theme{
		Name:          "light",
		Text:          lipgloss.Color("235"),
		Muted:         lipgloss.Color("243"),
		Accent:        lipgloss.Color("25"),
		Border:        lipgloss.Color("250"),
		FocusedBorder: lipgloss.Color("25"),
		SelectionFg:   lipgloss.Color("231"),
		SelectionBg:   lipgloss.Color("25"),
		Error:         lipgloss.Color("160"),
		Warning:       lipgloss.Color("130"),
		Success:       lipgloss.Color("28"),
	}
}

// Plain has no colours at all (NO_COLOR, or --theme none).
func Plain() Theme {
	n := lipgloss.NoColor{}
	return Theme{
		Name: "none", Text: n, Muted: n, Accent: n, Border: n, FocusedBorder: n,
		SelectionFg: n, SelectionBg: n, Error: n, Warning: n, Success: n, NoColor: true,
	}
}

var byName = map[string]func() Theme{
	"auto":  Adaptive,
	"dark":  Dark,
	"light": Light,
	"none":  Plain,
}

// Names lists the theme names accepted by Get, sorted.
func Names() []string {
	out := make([]string, 0, len(byName))
	for n := range byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the named theme ("" means auto). NO_COLOR in the environment
// wins over any name, as https://no-color.org asks.
func Get(name string) (Theme, error) {
	if os.Getenv("NO_COLOR") != "" {
		return Plain(), nil
	}
	if name == "" {
		name = "auto"
	}
	f, ok := byName[strings.ToLower(name)]
	if !ok {
		return Theme{}, fmt.Errorf("unknown theme %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	return f(), nil
}
