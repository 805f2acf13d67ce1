package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/brokers"
	"github.com/kafkatui/kafkatui/ui/clusters"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/groups"
	"github.com/kafkatui/kafkatui/ui/produce"
	"github.com/kafkatui/kafkatui/ui/tail"
	"github.com/kafkatui/kafkatui/ui/topics"
)

// defaultHome builds the home pane: the topics list.
func defaultHome(b Backend) func(*common.Common) common.Pane {
	return func(c *common.Common) common.Pane { return topics.New(c, b) }
}

// commands is the registry of `:` commands. Each pane package provides the
// entry for its own pane; a new pane (groups, tail, produce) is one more
// line here, and the bar offers nothing whose pane does not exist.
func (m *Model) commands(b Backend) []common.Command {
	cmds := []common.Command{
		home(topics.Command(m.common, b)),
		brokers.Command(m.common, b),
		tail.Command(m.common, b),
		groups.Command(m.common, b),
		{
			Name:    "quit",
			Aliases: []string{"q"},
			Help:    "quit kafkatui",
			Run: func(string) (tea.Cmd, error) {
				return func() tea.Msg { return quitMsg{} }, nil
			},
		},
	}
	if len(m.clusters) > 0 {
		cmds = append(cmds, clusters.Command(m.common, clusterEntries(m.clusters), func() string { return m.cluster }))
	}
	// Not offered in read-only mode, where nothing may write.
	if c, ok := produce.Command(m.common, b); ok {
		cmds = append(cmds, c)
	}
	return cmds
}

// home turns the command of the home pane's kind into "go back home", so
// `:topics` returns to the list the user left (cursor, filter and all)
// instead of stacking a second one.
func home(c common.Command) common.Command {
	c.Run = func(string) (tea.Cmd, error) {
		return func() tea.Msg { return common.SwitchMsg{} }, nil
	}
	return c
}
