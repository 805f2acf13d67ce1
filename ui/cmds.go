package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

)

// switchTimeout bounds resolving a cluster's settings when switching to
// it: its password or token command may hang.
const switchTimeout = 30 * time.Second

// connectCluster has the command line open a configured cluster (resolve
// its settings, read variables, run its password command). Opening does
// not dial: the new home pane's first request does.
func connectCluster(c ClusterChoice, gen int) tea.Cmd {
	return func() tea.Msg {
		if c.Open == nil {
			return clusterSwitchedMsg{gen: gen, choice: c, err: errors.New("no settings for this cluster")}
		}
		ctx, cancel := context.WithTimeout(context.Background(), switchTimeout)
		defer cancel()
		conn, err := c.Open(ctx)
		return clusterSwitchedMsg{gen: gen, choice: c, conn: conn, err: err}
	}
}

// releaseCmd releases a backend the UI no longer uses.
func releaseCmd(release func()) tea.Cmd {
	return func() tea.Msg {
		release()
		return nil
	}
}
