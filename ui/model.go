// Package ui is kafkatui's terminal UI: the root model that owns the
// window, the header and footer, the `:` command bar, the status line and
// the stack of panes, and routes messages between them. Everything a user
// looks at lives in a pane package (ui/topics, ui/brokers...); this package
// only routes.
//
// It may import bubbletea, bubbles, lipgloss, themes, keymap, kafkaops
// (its interfaces and types; it calls nothing of it), ui/common, ui/components and the pane packages.
package ui

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clusterswitch"
	"github.com/kafkatui/kafkatui/ui/components/cmdbar"
	"github.com/kafkatui/kafkatui/ui/components/conncheck"
	"github.com/kafkatui/kafkatui/ui/components/header"
	"github.com/kafkatui/kafkatui/ui/components/helpline"
	"github.com/kafkatui/kafkatui/ui/components/pagestack"
	"github.com/kafkatui/kafkatui/ui/components/statusline"
)

// Minimum terminal size; below it the UI says so instead of drawing.
const (
	minWidth  = 60
	minHeight = 15
)

// Model is the root model.
type Model struct {
	common *common.Common
	keys   keymap.Global // the root's own copy: it disables Back on the home pane
	ctx    context.Context
	cancel context.CancelFunc
	be     Backend

	stack  *pagestack.Stack // home at the bottom; the top has focus
	bar    cmdbar.Model
	status statusline.Model
	help   help.Model

	width, height int

	cluster  string // name or bootstrap shown in the header
	color    string // the cluster's header colour, "" for the theme's
	insecure bool   // TLS certificates not verified: warned in the header
	warnings []string
	check    conncheck.Check // the header's connection state and broker count
	switcher *clusterswitch.Switcher[Backend]

	quitPending bool // a quit was asked while a pane holds unsaved work
	closed      bool
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
	c.ReadOnly = opts.ReadOnly
	if c.ReadOnly {
		c.Keys.SetReadOnly()
	}
	if opts.Refresh > 0 {
		c.Refresh = opts.Refresh
	}
	c.TailBuffer = opts.TailBuffer
	c.Isolation = opts.Isolation
	if opts.DebugLog != nil {
		c.Log = log.New(opts.DebugLog, "ui ", log.LstdFlags|log.Lmicroseconds)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		common:   c,
		keys:     keymap.DefaultKeyMap().Global,
		ctx:      ctx,
		cancel:   cancel,
		be:       b,
		status:   statusline.New(c),
		help:     helpline.New(c),
		cluster:  clusterLabel(opts),
		color:    opts.ClusterColor,
		insecure: opts.Insecure,
		warnings: opts.Warnings,
		check:    conncheck.New(ctx, b, c.Refresh, c.Log),
		switcher: clusterswitch.New(opts.Clusters, c.Log),
	}
	home := opts.Home
	if home == nil {
		home = defaultHome(b)
	}
	c.Cluster = m.cluster
	m.stack = pagestack.New(home(c))
	m.bar = cmdbar.New(c, m.commands())
	m.syncKeys()
	return m, nil
}

// Init starts the home pane and the cluster check behind the header.
func (m *Model) Init() tea.Cmd {
	m.common.Log.Printf("start: cluster %s, read-only %v", m.cluster, m.common.ReadOnly)
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
	return statusCmd(common.StatusWarning, "warning: "+strings.Join(warnings, "; "))
}

// close releases every pane and cancels requests in flight.
func (m *Model) close() {
	if m.closed {
		return
	}
	m.closed = true
	m.stack.Close()
	m.switcher.Stop()
	m.cancel()
}

// globalKeys are the keys that work everywhere, shown after the pane's.
// While a text input of the pane has the keys, :, ? and q are typed into
// it, so only what still acts is offered: esc (the pane's way back, when
// the pane does not want esc itself) and ctrl+c.
func (m *Model) globalKeys() []key.Binding {
	k := m.keys
	if m.stack.Top().InputFocused() {
		return []key.Binding{k.Back, k.ForceQ}
	}
	if m.help.ShowAll {
		return []key.Binding{k.Back, k.Command, k.Refresh, k.Help, k.Quit, k.ForceQ}
	}
	return []key.Binding{k.Back, k.Command, k.Help, k.Quit}
}

// footer is the command bar while it is open, else the help: one line of
// the focused pane's keys on the left and the global ones on the right, or
// with ? every key in columns.
func (m *Model) footer() string {
	if m.bar.Active() {
		return m.bar.View()
	}
	if m.help.ShowAll {
		return helpline.Full(m.help, m.stack.Top().FullHelp(), m.globalKeys(), m.width)
	}
	return helpline.Line(m.help, m.stack.Top().ShortHelp(), m.globalKeys(), m.width)
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// layout sizes the footer components and gives every pane the body size
// left by the header, status line and footer (which grows with full help).
func (m *Model) layout() {
	m.syncKeys()
	m.status.SetWidth(m.width)
	m.bar.SetWidth(m.width)
	footer := 1
	if m.help.ShowAll && !m.bar.Active() {
		footer = lipgloss.Height(m.footer())
	}
	m.stack.SetSize(m.width, max(m.height-header.Height-m.statusHeight()-footer, 1))
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

// statusHeight is the rows between body and footer: the status message,
// which wraps onto up to statusline.MaxLines rows, or the bar's keys.
func (m *Model) statusHeight() int {
	if m.barHint() {
		return 1
	}
	return m.status.Height()
}

// barHint reports whether the command bar's keys take the status area: the
// bar is open and there is no message or work to show there.
func (m *Model) barHint() bool {
	return m.bar.Active() && m.status.Text() == "" && !m.status.Busy()
}

// View draws the screen: header, the focused pane's body, status line and
// footer, each cut to the window so a pane drawing too much cannot push
// the footer off screen.
func (m *Model) View() string {
	if m.width == 0 || m.height == 0 {
		return "" // no size yet: the first WindowSizeMsg is on its way
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("terminal too small (%dx%d), need at least %dx%d", m.width, m.height, minWidth, minHeight)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(m.width).Align(lipgloss.Center).Render(msg))
	}
	var b strings.Builder
	b.WriteString(header.View(m.common.Styles, header.State{
		Cluster:  m.cluster,
		Color:    m.color,
		Insecure: m.insecure,
		Brokers:  m.check.Brokers,
		Conn:     m.check.State,
		ReadOnly: m.common.ReadOnly,
		Crumbs:   m.stack.Crumbs(),
	}, m.width))
	b.WriteByte('\n')
	helpline.WriteFitted(&b, m.stack.Top().View(), m.width, m.stack.Height())
	if m.barHint() {
		// The bar's own keys, where a message would be.
		b.WriteString(" " + helpline.Short(m.help, m.bar.ShortHelp(), m.width-1))
	} else {
		b.WriteString(m.status.View())
	}
	b.WriteByte('\n')
	b.WriteString(m.footer())
	// Every widget escapes the Kafka text it draws; this catches the one
	// that forgot, before the terminal acts on an escape sequence in it.
	return safe.Screen(b.String())
}
