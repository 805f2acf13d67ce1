package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/clusters"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/conncheck"
)

// clusterSwitchedMsg is the result of connecting to a configured cluster.
type clusterSwitchedMsg struct {
	gen    int
	choice ClusterChoice
	conn   Connection
	err    error
}

// clusterEntries are the configured clusters as the switcher shows them.
func clusterEntries(cs []ClusterChoice) []clusters.Entry {
	out := make([]clusters.Entry, len(cs))
	for i, c := range cs {
		out[i] = clusters.Entry{Name: c.Name, Brokers: c.Brokers, Auth: c.Auth, ReadOnly: c.ReadOnly, Color: c.Color}
	}
	return out
}

// switchCluster starts connecting to the configured cluster name. Work a
// pane would lose (a produce form being filled) is named first, and the
// switch waits for the same choice again.
func (m *Model) switchCluster(name string) tea.Cmd {
	var choice *ClusterChoice
	for i := range m.clusters {
		if strings.EqualFold(m.clusters[i].Name, name) {
			choice = &m.clusters[i]
		}
	}
	if choice == nil {
		names := make([]string, len(m.clusters))
		for i, c := range m.clusters {
			names[i] = c.Name
		}
		return statusCmd(common.StatusError, fmt.Sprintf("no cluster %q in the config file; clusters: %s", name, strings.Join(names, ", ")))
	}
	if choice.Name == m.cluster {
		m.switchPending = ""
		return statusCmd(common.StatusInfo, "already on "+choice.Name)
	}
	if w := m.unsavedWork(); w != "" && m.switchPending != choice.Name {
		m.switchPending = choice.Name
		return statusCmd(common.StatusWarning, fmt.Sprintf("switching to %s closes %s: choose it again to switch", choice.Name, w))
	}
	m.switchPending = ""
	m.switchGen++
	m.common.Log.Printf("switch: connecting to %s", choice.Name)
	return common.WithBusy(fmt.Sprintf("switch#%d", m.switchGen), connectCluster(*choice, m.switchGen))
}

// clusterSwitched replaces the backend and every pane once the new
// cluster's settings are resolved; on failure the UI stays where it was.
func (m *Model) clusterSwitched(msg clusterSwitchedMsg) tea.Cmd {
	if msg.gen != m.switchGen || m.closed {
		if msg.conn.Release != nil {
			return releaseCmd(msg.conn.Release)
		}
		return nil
	}
	if msg.err != nil {
		m.common.Log.Printf("switch to %s: %v", msg.choice.Name, msg.err)
		return statusCmd(common.StatusError, fmt.Sprintf("cannot switch to %s: %v", msg.choice.Name, msg.err))
	}
	for i := len(m.stack) - 1; i >= 0; i-- {
		closePane(m.stack[i])
	}
	m.cancel()
	old := m.release
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.be, m.release = msg.conn.Backend, msg.conn.Release
	m.cluster, m.color = msg.choice.Name, msg.choice.Color
	m.common.Cluster = m.cluster
	m.insecure = msg.conn.Insecure
	m.common.ReadOnly = msg.choice.ReadOnly
	m.common.Keys = keymap.DefaultKeyMap()
	if m.common.ReadOnly {
		m.common.Keys.SetReadOnly()
	}
	m.check = conncheck.New(m.ctx, m.be, m.common.Refresh, m.common.Log)
	m.quitPending = false
	m.stack = []common.Pane{defaultHome(msg.conn.Backend)(m.common)}
	m.bar.SetCommands(m.commands())
	m.bar.SetTopics(nil)
	m.sizePane(m.top())
	m.syncKeys()
	m.common.Log.Printf("switch: now on %s (read-only %v)", m.cluster, m.common.ReadOnly)
	done := statusCmd(common.StatusSuccess, "switched to "+m.cluster)
	if w := msg.conn.Warnings; len(w) > 0 {
		done = m.warn(append([]string{"switched to " + m.cluster}, w...))
	}
	cmds := []tea.Cmd{m.top().Init(), m.check.Start(), done}
	if old != nil {
		cmds = append(cmds, releaseCmd(old))
	}
	return tea.Batch(cmds...)
}

// releaseBackend releases the backend the UI opened itself, if any.
func (m *Model) releaseBackend() {
	if m.release != nil {
		m.release()
		m.release = nil
	}
}

func statusCmd(kind common.StatusKind, text string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}

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
