// Package ui is kafkatui's terminal UI: the root model that owns the
// window, the global keys and the stack of panes, builds every pane from
// the intents panes and `:` commands send, and routes messages between
// them. Everything a user looks at lives in a pane package (ui/topics,
// ui/brokers...) or a widget of ui/components (the frame around the pane,
// the command bar, the status line); this package only routes.
//
// It may import bubbletea, bubbles, themes, keymap, kafkaops (its
// interfaces and types; it calls nothing of it), ui/common, ui/components
// and the pane packages.
package ui

import (
	"context"
	"fmt"
	"log"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clusterswitch"
	"github.com/kafkatui/kafkatui/ui/components/conncheck"
	"github.com/kafkatui/kafkatui/ui/components/frame"
	"github.com/kafkatui/kafkatui/ui/components/header"
	"github.com/kafkatui/kafkatui/ui/components/pagestack"
)

// ClusterChoice is one configured cluster the UI may switch to; the
// command line's Open connects to it when the user switches.
type ClusterChoice = clusterswitch.Choice[Backend]

// Connection is a cluster the command line opened for the UI.
type Connection = clusterswitch.Connection[Backend]

// Model is the root model.
type Model struct {
	common *common.Common
	keys   keymap.Global // the root's own copy: it disables Back on the home pane
	be     Backend
	dec    common.RecordDecoder // the cluster's Schema Registry; nil: none

	stack *pagestack.Stack // home at the bottom; the top has focus
	frame frame.Frame      // header, status line and footer around the top

	hdr      header.State // the cluster the UI is on; View adds the live state
	warnings []string
	check    conncheck.Check // the header's connection state and broker count
	switcher *clusterswitch.Switcher[Backend]

	closed bool
}

// New builds the root model on b. The returned model is ready for
// tea.NewProgram; Run does that with the usual options.
func New(b Backend, opts Options) (tea.Model, error) {
	return newModel(b, opts)
}

// Run shows the UI full screen on the terminal until the user quits or
// ctx is cancelled.
func Run(ctx context.Context, b Backend, opts Options) error {
	m, err := newModel(b, opts)
	if err != nil {
		return err
	}
	defer m.close()
	defer m.switcher.Release()
	if m.common.Theme.Name == "auto" {
		// Ask the terminal for its background now: asked later, from View,
		// the answer races with the program's own reading of the input.
		_ = lipgloss.HasDarkBackground()
	}
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
	_, err = p.Run()
	if err != nil && ctx.Err() != nil {
		return nil // cancelled from outside (SIGTERM): a clean exit
	}
	if err != nil {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}

func newModel(b Backend, opts Options) (*Model, error) {
	if b == nil {
		return nil, fmt.Errorf("ui: no cluster backend")
	}
	th, err := themes.Get(opts.Theme)
	if err != nil {
		return nil, err
	}
	c := common.NewCommon(th)
	c.Configure(opts.Settings)
	if opts.DebugLog != nil {
		c.Log = log.New(opts.DebugLog, "ui ", log.LstdFlags|log.Lmicroseconds)
	}
	m := &Model{
		common: c,
		keys:   keymap.DefaultKeyMap().Global,
		be:     b,
		dec:    opts.Decoder,
		hdr: header.State{
			Cluster:  header.Label(opts.ClusterName, opts.Brokers),
			Color:    opts.ClusterColor,
			Insecure: opts.Insecure,
			ReadOnly: opts.ReadOnly,
		},
		warnings: opts.Warnings,
		check:    conncheck.New(b, c.Refresh, c.Log),
		switcher: clusterswitch.New(opts.Clusters, c.Log),
	}
	home := opts.Home
	if home == nil {
		home = defaultHome(b)
	}
	c.Cluster = m.hdr.Cluster
	m.stack = pagestack.New(home(c))
	m.frame = frame.New(c, m.commands())
	m.syncKeys()
	return m, nil
}

// Init starts the home pane and the cluster check behind the header.
func (m *Model) Init() tea.Cmd {
	m.common.Log.Printf("start: cluster %s, read-only %v", m.hdr.Cluster, m.common.ReadOnly)
	return tea.Batch(m.stack.Top().Init(), m.check.Start(), m.warn(m.warnings))
}

// warn shows what is unsafe about the connection in the status line (and
// the debug log); nil when nothing is.
func (m *Model) warn(warnings []string) tea.Cmd {
	if len(warnings) == 0 {
		return nil
	}
	for _, w := range warnings {
		m.common.Log.Printf("warning: %s", w)
	}
	return common.Status(common.StatusWarning, "warning: "+strings.Join(warnings, "; "))
}

// close releases every pane and cancels requests in flight.
func (m *Model) close() {
	if m.closed {
		return
	}
	m.closed = true
	m.stack.Close()
	m.switcher.Stop()
	m.check.Stop()
}

// layout sizes the frame and gives every pane the body size it leaves.
func (m *Model) layout() {
	m.syncKeys()
	m.stack.SetSize(m.frame.Width(), m.frame.Layout(m.stack.Top(), m.keys))
}

// syncKeys enables esc-as-back only when there is somewhere to go back to
// and the focused pane does not want esc itself (to clear its filter), so
// the help never offers esc for two things at once.
func (m *Model) syncKeys() {
	back := m.stack.Len() > 1
	if h, ok := m.stack.Top().(common.EscHandler); ok && h.HandlesEsc() {
		back = false
	}
	m.keys.Back.SetEnabled(back)
}

// View draws the screen: the frame around the focused pane.
func (m *Model) View() string {
	hdr := m.hdr
	hdr.Brokers, hdr.Conn = m.check.Brokers, m.check.State
	hdr.Crumbs = m.stack.Crumbs()
	return m.frame.View(hdr, m.stack.Top(), m.keys)
}
