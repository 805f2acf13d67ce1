// Package common holds what every pane of the UI shares: the Common value
// passed down from the root (size, styles, keys, clock, logger, read-only
// flag, isolation level), the Pane interface, and the messages panes send
// upward. It may import bubbletea, bubbles, lipgloss, themes, keymap and
// kafkaops' plain value types (Isolation, PartitionLag), kafkaops/schemas'
// Decoded and Framed (a decoder itself comes from the root, as
// RecordDecoder) and the pure internal/health; never kafkaops implementations
// (panes receive kafkaops interfaces from the root).
package common

import (
	"io"
	"log"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
)

// Settings are what the command line (flags over the config file) sets
// for the session's panes; they reach every pane through Common.
type Settings struct {
	// ReadOnly hides and refuses every action that writes to the cluster;
	// set it with Common.SetReadOnly, which disables the keys too.
	ReadOnly bool
	// Refresh is the period of periodic refreshes (the header's check and
	// the panes'); zero in Configure means 5s.
	Refresh time.Duration
	// TailBuffer is how many records a live tail holds (--tail-buffer);
	// zero means the tail's default.
	TailBuffer int
	// Isolation is the live tail's isolation level unless its start form
	// says otherwise (--isolation, defaults.isolation).
	Isolation kafkaops.Isolation
}

// Common is read-mostly state shared by the root and every pane.
type Common struct {
	Settings
	Theme  themes.Theme
	Styles Styles
	Keys   keymap.KeyMap
	// Now is the clock; tests fix it so views are stable.
	Now func() time.Time
	// Log writes to the --debug file, or nowhere. Never to the terminal.
	Log *log.Logger
	// Cluster names the cluster the UI is on (its config name or bootstrap
	// address); the root changes it on `:cluster`. State kept for the
	// session outside the panes (group health history) is per cluster.
	Cluster string
	// Groups is the session's consumer group lag history, per cluster.
	Groups *GroupHistories
}

// NewCommon builds a Common from a theme with default keys and clock.
func NewCommon(t themes.Theme) *Common {
	return &Common{
		Theme:    t,
		Styles:   NewStyles(t),
		Keys:     keymap.DefaultKeyMap(),
		Now:      time.Now,
		Log:      log.New(io.Discard, "", 0),
		Groups:   NewGroupHistories(),
		Settings: Settings{Refresh: 5 * time.Second},
	}
}

// Configure applies the command line's settings, keeping the default
// refresh period when s has none.
func (c *Common) Configure(s Settings) {
	if s.Refresh <= 0 {
		s.Refresh = c.Refresh
	}
	c.Settings = s
	c.SetReadOnly(s.ReadOnly)
}

// SetReadOnly enters or leaves read-only mode (the UI switched to a
// cluster configured otherwise): the keys start again from the defaults,
// with the dangerous ones disabled in read-only mode (keymap marks them),
// for the panes built from now on to copy.
func (c *Common) SetReadOnly(readOnly bool) {
	c.ReadOnly = readOnly
	c.Keys = keymap.DefaultKeyMap()
	if readOnly {
		c.Keys.SetReadOnly()
	}
}

// Pane is one screen of the UI: the topics list, a topic's partitions, the
// brokers... The root keeps a stack of them.
type Pane interface {
	help.KeyMap
	// Init starts the pane's first loads.
	Init() tea.Cmd
	// Update handles a message and returns the (possibly new) pane.
	Update(msg tea.Msg) (Pane, tea.Cmd)
	// View renders the pane's body at its size. Pure and cheap.
	View() string
	// SetSize gives the pane its body size (the root draws header/footer).
	SetSize(width, height int)
	// Title is the pane's breadcrumb segment, e.g. "orders" or "partitions";
	// it includes the active filter when there is one.
	Title() string
	// InputFocused reports whether a text input has focus and should get
	// every key (global keys like q must not fire while typing).
	InputFocused() bool
}

// PushMsg asks the root to open a pane on top of the stack.
type PushMsg struct{ Pane Pane }

// BackMsg asks the root to close the top pane.
type BackMsg struct{}

// StatusKind says how a status message is shown.
type StatusKind int

// Status kinds.
const (
	StatusInfo StatusKind = iota
	StatusSuccess
	StatusWarning
	StatusError
)

// Message is a status message as the session's log keeps it (`:messages`).
type Message struct {
	At   time.Time
	Kind StatusKind
	Text string // as shown: escaped
}

// StatusMsg shows a message in the status line, which clears itself.
type StatusMsg struct {
	Kind StatusKind
	Text string
}

// Errorf is a Cmd-friendly helper: a StatusMsg of kind error.
func Errorf(err error) tea.Msg { return StatusMsg{Kind: StatusError, Text: err.Error()} }

// BusyMsg tells the root that a pane has requests in flight (spinner on)
// or not; Owner identifies the pane so several can be busy at once.
type BusyMsg struct {
	Owner string
	Busy  bool
}

// ConnStateMsg reports the cluster connection state to the header.
type ConnStateMsg struct {
	State ConnState
	Err   error
}

// ConnState is the connection state shown in the header.
type ConnState int

// Connection states.
const (
	ConnConnecting ConnState = iota
	ConnConnected
	ConnReconnecting
	ConnError
)

// String names the state for the header.
func (s ConnState) String() string {
	switch s {
	case ConnConnected:
		return "connected"
	case ConnReconnecting:
		return "reconnecting"
	case ConnError:
		return "error"
	default:
		return "connecting"
	}
}
