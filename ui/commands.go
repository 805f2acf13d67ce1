package ui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// noClusters explains `:cluster` when there is no config file to list
// clusters from.
const noClusters = "no clusters to switch to: :cluster lists the clusters of a config file (kafkatui --config FILE, or ~/.config/kafkatui/config.yaml)"

// commands is the registry of `:` commands. Each opens an intent through
// the router, as the panes' keys do, so a command exists everywhere and
// one that may not run here (`:produce` in read-only mode, `:cluster`
// without a config file) says why instead of being unknown.
func (m *Model) commands() []common.Command {
	names := make([]string, len(m.clusters))
	for i, c := range m.clusters {
		names[i] = c.Name
	}
	return []common.Command{
		{Name: "topics", Help: "list the topics", Run: to(common.OpenTopics{})},
		{Name: "brokers", Help: "list the brokers", Run: to(common.OpenBrokers{})},
		{Name: "groups", Help: "list the consumer groups with lag and health", Run: to(common.OpenGroups{})},
		{Name: "tail", Arg: common.ArgTopic, Help: "tail a topic live", Run: func(topic string) (tea.Cmd, error) {
			if topic == "" {
				return nil, errors.New("tail: which topic? (:tail <topic>)")
			}
			return common.Switch(common.OpenTail{Topic: topic}), nil
		}},
		{Name: "produce", Arg: common.ArgTopic, Help: "write a message to a topic", Run: func(topic string) (tea.Cmd, error) {
			return common.Switch(common.OpenProduce{Topic: topic}), nil
		}},
		{Name: "cluster", Aliases: []string{"ctx", "context"}, Arg: common.ArgOptionalName, Names: names,
			Help: "switch to another configured cluster", Run: func(name string) (tea.Cmd, error) {
				if name == "" || len(m.clusters) == 0 {
					return common.Switch(common.OpenClusters{}), nil
				}
				return func() tea.Msg { return common.SwitchClusterMsg{Name: name} }, nil
			}},
		{Name: "messages", Aliases: []string{"log"}, Help: "every status message of the session, whole, with its time", Run: to(common.OpenMessages{})},
		{Name: "quit", Aliases: []string{"q"}, Help: "quit kafkatui", Run: func(string) (tea.Cmd, error) {
			return func() tea.Msg { return quitMsg{} }, nil
		}},
	}
}

// to is a command without argument that opens intent as a top-level view.
func to(intent common.Intent) func(string) (tea.Cmd, error) {
	return func(string) (tea.Cmd, error) { return common.Switch(intent), nil }
}
