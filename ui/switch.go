package ui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/clusters"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clusterswitch"
	"github.com/kafkatui/kafkatui/ui/components/conncheck"
	"github.com/kafkatui/kafkatui/ui/components/header"
)

// clusterSwitchedMsg is the result of connecting to a configured cluster.
type clusterSwitchedMsg = clusterswitch.SwitchedMsg[Backend]

// clusterEntries are the configured clusters as the switcher shows them.
func clusterEntries(cs []ClusterChoice) []clusters.Entry {
	out := make([]clusters.Entry, len(cs))
	for i, c := range cs {
		out[i] = clusters.Entry{Name: c.Name, Brokers: c.Brokers, Auth: c.Auth, ReadOnly: c.ReadOnly, Color: c.Color}
	}
	return out
}

// clusterSwitched replaces the backend and every pane once the new
// cluster's settings are resolved; on failure the UI stays where it was.
func (m *Model) clusterSwitched(msg clusterSwitchedMsg) tea.Cmd {
	release, ok := m.switcher.Done(msg)
	if !ok {
		return release
	}
	m.check.Stop()
	m.be = msg.Conn.Backend
	m.dec = msg.Conn.Decoder
	m.hdr = header.State{
		Cluster:  msg.Choice.Name,
		Color:    msg.Choice.Color,
		Insecure: msg.Conn.Insecure,
		ReadOnly: msg.Choice.ReadOnly,
	}
	m.common.Cluster = m.hdr.Cluster
	m.common.SetReadOnly(m.hdr.ReadOnly)
	m.check = conncheck.New(m.be, m.common.Refresh, m.common.Log)
	m.stack.Reset(defaultHome(m.be)(m.common))
	m.frame.Bar.SetCommands(m.commands())
	m.frame.Bar.SetTopics(nil)
	m.syncKeys()
	m.common.Log.Printf("switch: now on %s (read-only %v)", m.hdr.Cluster, m.common.ReadOnly)
	done := common.Status(common.StatusSuccess, "switched to "+m.hdr.Cluster)
	if w := msg.Conn.Warnings; len(w) > 0 {
		done = m.warn(append([]string{"switched to " + m.hdr.Cluster}, w...))
	}
	return tea.Batch(m.stack.Top().Init(), m.check.Start(), done, release)
}

// noClusters explains `:cluster` when there is no config file to list
// clusters from.
const noClusters = "no clusters to switch to: :cluster lists the clusters of a config file (kafkatui --config FILE, or ~/.config/kafkatui/config.yaml)"

// commands is the registry of `:` commands. Each opens an intent through
// the router, as the panes' keys do, so a command exists everywhere and
// one that may not run here (`:produce` in read-only mode, `:cluster`
// without a config file) says why instead of being unknown.
func (m *Model) commands() []common.Command {
	names := m.switcher.Names()
	return []common.Command{
		{Name: "topics", Help: "list the topics", Run: to(common.OpenTopics{})},
		{Name: "brokers", Help: "list the brokers", Run: to(common.OpenBrokers{})},
		{Name: "groups", Help: "list the consumer groups with lag and health", Run: to(common.OpenGroups{})},
		{Name: "group", Arg: common.ArgOptionalName, Help: "a consumer group's lag, members and actions",
			Run: func(id string) (tea.Cmd, error) {
				if id == "" {
					return nil, errors.New(":group needs one group id, e.g. :group billing (:groups lists them)")
				}
				return common.Switch(common.OpenGroup{ID: id}), nil
			}},
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
				if name == "" || len(names) == 0 {
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
