// Package header draws the two header lines of the UI: which cluster, how
// many brokers, the connection state and read-only mode on the first; the
// breadcrumb of the pane stack on the second.
//
// It may import lipgloss, ui/common and internal/safe.
package header

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// Height is the number of lines View returns.
const Height = 2

// State is what the header shows.
type State struct {
	// Cluster is the cluster's name or bootstrap address.
	Cluster string
	// Color is the cluster's configured colour ("#rrggbb", "#rgb" or an
	// ANSI number) for its name, so production looks unlike staging;
	// empty for the theme's.
	Color string
	// Insecure warns that broker certificates are not verified.
	Insecure bool
	// Brokers is the broker count; negative while unknown.
	Brokers  int
	Conn     common.ConnState
	ReadOnly bool
	// Crumbs are the titles of the panes on the stack, bottom first.
	Crumbs []string
}

// Label is the name the header gives a cluster: its configured name,
// else its bootstrap address (the first, with how many more there are).
func Label(name string, bootstrap []string) string {
	if name != "" {
		return name
	}
	switch len(bootstrap) {
	case 0:
		return "kafka"
	case 1:
		return bootstrap[0]
	default:
		return fmt.Sprintf("%s (+%d)", bootstrap[0], len(bootstrap)-1)
	}
}

// View renders the header at width: exactly Height lines, none wider.
func View(st common.Styles, s State, width int) string {
	return line1(st, s, width) + "\n" + crumbs(st, s.Crumbs, width)
}

func line1(st common.Styles, s State, width int) string {
	brokers := "? brokers"
	if s.Brokers >= 0 {
		brokers = table.Counted(s.Brokers, "broker")
	}
	right := connStyle(st, s.Conn).Render("● " + s.Conn.String())
	if s.ReadOnly {
		right += st.Muted.Render(" │ ") + st.Warning.Render("read-only")
	}
	if s.Insecure {
		right += st.Muted.Render(" │ ") + st.Warning.Render("TLS not verified")
	}
	right += " "
	title := st.Header.Render(" kafkatui ")
	meta := st.Muted.Render(" │ " + brokers + " │ ")
	// The cluster name gets whatever space the rest leaves.
	room := width - lipgloss.Width(title) - lipgloss.Width(meta) - lipgloss.Width(right) - 1
	name := safe.String(s.Cluster)
	if room < 1 {
		name = ""
	} else {
		name = ansi.Truncate(name, room, "…")
	}
	nameStyle := st.Bold
	if s.Color != "" && !st.NoColor {
		nameStyle = nameStyle.Foreground(lipgloss.Color(s.Color))
	}
	left := title + nameStyle.Render(name) + meta
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 0 {
		return ansi.Truncate(left+right, width, "")
	}
	return left + strings.Repeat(" ", gap) + right
}

func connStyle(st common.Styles, c common.ConnState) lipgloss.Style {
	switch c {
	case common.ConnConnected:
		return st.Success
	case common.ConnReconnecting:
		return st.Warning
	case common.ConnError:
		return st.Error
	default:
		return st.Muted
	}
}

// crumbs renders "topics / orders / partitions", the last segment in bold.
// When too long it drops segments from the left: where you are matters
// more than where you came from.
func crumbs(st common.Styles, titles []string, width int) string {
	sep := st.Muted.Render(" / ")
	parts := make([]string, len(titles))
	for i, t := range titles {
		t = safe.Name(t) // topic and group names: two must never look alike
		if i == len(titles)-1 {
			parts[i] = st.Title.Render(t)
		} else {
			parts[i] = st.Muted.Render(t)
		}
	}
	for start := 0; start < len(parts); start++ {
		s := " " + strings.Join(parts[start:], sep)
		if start > 0 {
			s = " " + st.Muted.Render("…") + sep + strings.Join(parts[start:], sep)
		}
		if lipgloss.Width(s) <= width {
			return s
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ansi.Truncate(" "+parts[len(parts)-1], width, "…")
}
