package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// describeTimeout bounds one cluster check, so a stuck request cannot stop
// the refresh chain (each check schedules the next when it ends).
const describeTimeout = 30 * time.Second

// clusterMsg is the result of the header's cluster check number gen.
type clusterMsg struct {
	gen  int
	info kafkaops.ClusterInfo
	err  error
}

// clusterTickMsg starts the next cluster check of chain gen.
type clusterTickMsg struct{ gen int }

// describeCluster asks the cluster for its brokers: the header's broker
// count and connection state come from it.
func describeCluster(ctx context.Context, d kafkaops.ClusterDescriber, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, describeTimeout)
		defer cancel()
		info, err := d.DescribeCluster(ctx)
		return clusterMsg{gen: gen, info: info, err: err}
	}
}

func clusterTick(every time.Duration, gen int) tea.Cmd {
	return tea.Tick(every, func(time.Time) tea.Msg { return clusterTickMsg{gen: gen} })
}

// clusterResult updates the header from a cluster check and schedules the
// next one. A failure before the first success is an error (wrong address,
// bad credentials); after it, the UI is reconnecting.
func (m *Model) clusterResult(msg clusterMsg) tea.Cmd {
	if msg.gen != m.clusterGen {
		return nil
	}
	next := clusterTick(m.common.Refresh, m.clusterGen)
	if msg.err != nil {
		state := common.ConnError
		if m.everUp {
			state = common.ConnReconnecting
		}
		return tea.Batch(next, m.setConn(state, msg.err))
	}
	m.brokerCount = len(msg.info.Brokers)
	return tea.Batch(next, m.setConn(common.ConnConnected, nil))
}

// setConn changes the connection state. Only changes are reported in the
// status line, so a cluster that stays down does not repeat itself on
// every refresh.
func (m *Model) setConn(s common.ConnState, err error) tea.Cmd {
	prev := m.conn
	m.conn = s
	if s == common.ConnConnected {
		m.everUp = true
	}
	if s == prev {
		return nil
	}
	m.common.Log.Printf("connection: %s -> %s (%v)", prev, s, err)
	var st common.StatusMsg
	switch {
	case err != nil:
		st = common.StatusMsg{Kind: common.StatusError, Text: err.Error()}
	case s == common.ConnConnected && prev == common.ConnReconnecting:
		st = common.StatusMsg{Kind: common.StatusSuccess, Text: "connected again"}
	case s == common.ConnConnected && prev == common.ConnError:
		st = common.StatusMsg{Kind: common.StatusSuccess, Text: "connected"}
	default:
		return nil
	}
	return func() tea.Msg { return st }
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
