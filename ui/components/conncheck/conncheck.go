// Package conncheck is the header's cluster check: it asks the cluster
// for its brokers every refresh period and keeps the connection state and
// broker count the header shows, reporting only changes in the status line.
//
// It may import bubbletea, kafkaops (its interfaces and types) and
// ui/common.
package conncheck

import (
	"context"
	"log"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// describeTimeout bounds one cluster check, so a stuck request cannot stop
// the refresh chain (each check schedules the next when it ends).
const describeTimeout = 30 * time.Second

// ids tells checks apart: a check of a cluster switched away from must not
// take the results of the new one's.
var ids atomic.Int64

// resultMsg is the result of check id's request of chain gen.
type resultMsg struct {
	id   int64
	gen  int
	info kafkaops.ClusterInfo
	err  error
}

// tickMsg starts the next request of check id's chain gen.
type tickMsg struct {
	id  int64
	gen int
}

// Check is one cluster's check. It owns the context of its requests:
// Stop ends them when the UI leaves the cluster or quits.
type Check struct {
	ctx   context.Context
	stop  context.CancelFunc
	d     kafkaops.ClusterDescriber
	every time.Duration
	log   *log.Logger

	id     int64
	gen    int  // drops results and ticks of an older chain
	everUp bool // connected at least once: failures then mean reconnecting
	// Brokers is the broker count, -1 until known.
	Brokers int
	// State is the connection state.
	State common.ConnState
}

// New is a check of d every period, logging state changes to lg. Call
// Stop once it is no longer shown.
func New(d kafkaops.ClusterDescriber, every time.Duration, lg *log.Logger) Check {
	ctx, stop := context.WithCancel(context.Background())
	return Check{
		ctx: ctx, stop: stop, d: d, every: every, log: lg,
		id: ids.Add(1), Brokers: -1, State: common.ConnConnecting,
	}
}

// Stop cancels the check's request in flight and every later one, as the
// UI quits or leaves the cluster (the root then drops the check).
func (c *Check) Stop() { c.stop() }

// Start asks the cluster now.
func (c *Check) Start() tea.Cmd { return c.describe() }

// Restart starts a new chain now (ctrl+r), dropping the running one.
func (c *Check) Restart() tea.Cmd {
	c.gen++
	return c.describe()
}

// Tick is the message that starts the running chain's next request, for
// tests that drive the chain by hand.
func (c *Check) Tick() tea.Msg { return tickMsg{id: c.id, gen: c.gen} }

// Gen is the running chain's number.
func (c *Check) Gen() int { return c.gen }

func (c *Check) describe() tea.Cmd {
	ctx, d, id, gen := c.ctx, c.d, c.id, c.gen
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, describeTimeout)
		defer cancel()
		info, err := d.DescribeCluster(ctx)
		return resultMsg{id: id, gen: gen, info: info, err: err}
	}
}

// Update handles the check's own messages and reports whether msg was
// one; those of another check or an older chain are dropped.
func (c *Check) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.id == c.id && msg.gen == c.gen {
			return c.describe(), true
		}
		return nil, true
	case resultMsg:
		if msg.id != c.id || msg.gen != c.gen {
			return nil, true
		}
		return c.result(msg), true
	}
	return nil, false
}

// result updates the state from a check and schedules the next one. A
// failure before the first success is an error (wrong address, bad
// credentials); after it, the UI is reconnecting.
func (c *Check) result(msg resultMsg) tea.Cmd {
	id, gen := c.id, c.gen
	next := tea.Tick(c.every, func(time.Time) tea.Msg { return tickMsg{id: id, gen: gen} })
	if msg.err != nil {
		state := common.ConnError
		if c.everUp {
			state = common.ConnReconnecting
		}
		return tea.Batch(next, c.Set(state, msg.err))
	}
	c.Brokers = len(msg.info.Brokers)
	return tea.Batch(next, c.Set(common.ConnConnected, nil))
}

// Set changes the connection state (a pane may report it too). Only
// changes are reported in the status line, so a cluster that stays down
// does not repeat itself on every refresh.
func (c *Check) Set(s common.ConnState, err error) tea.Cmd {
	prev := c.State
	c.State = s
	if s == common.ConnConnected {
		c.everUp = true
	}
	if s == prev {
		return nil
	}
	c.log.Printf("connection: %s -> %s (%v)", prev, s, err)
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
