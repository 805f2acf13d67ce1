// Package clusterswitch keeps the clusters of the config file the UI may
// switch to (`:cluster`), and the bookkeeping of a switch: which cluster
// a name means, asking before closing unsaved work, connecting off the UI
// goroutine with a time limit, dropping (and releasing) the result of a
// switch the user has moved on from, and releasing what a switch opened
// once the UI no longer uses it. The root applies a switch (new backend,
// new panes); this package never builds a pane.
//
// It is generic over the backend, which it only hands on, so it needs no
// Kafka code: the root instantiates it with its Backend interface. It may
// import bubbletea and ui/common; never a pane package.
package clusterswitch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// Choice is one configured cluster the UI may switch to.
type Choice[B any] struct {
	Name string
	// Color is the cluster's header colour: "#rrggbb", "#rgb" or an ANSI
	// colour number; empty means the theme's.
	Color string
	// ReadOnly is the read-only mode to use on this cluster.
	ReadOnly bool
	// Brokers are its bootstrap addresses, for display.
	Brokers []string
	// Auth says how it is reached, for display: "SCRAM-SHA-512 · TLS";
	// empty for plaintext without SASL.
	Auth string
	// Open connects to the cluster, with the settings the command line
	// resolves for it (the same precedence as for the first cluster). It
	// resolves the cluster's secrets (reads variables, runs password
	// commands), so it is called only when the user switches to the
	// cluster, and may fail. The UI never opens a cluster itself.
	Open func(context.Context) (Connection[B], error)
}

// Connection is a cluster the command line opened for the UI.
type Connection[B any] struct {
	Backend B
	// Release closes what Open opened, once the UI no longer uses it.
	Release func()
	// Insecure warns in the header that broker certificates are not
	// verified; Warnings about the connection are shown in the status
	// line once switched.
	Insecure bool
	Warnings []string
	// Decoder reads records framed for the cluster's Schema Registry; nil
	// when it has none.
	Decoder common.RecordDecoder
}

// SwitchedMsg is the result of connecting to a configured cluster, for
// Switcher.Done.
type SwitchedMsg[B any] struct {
	gen    int
	Choice Choice[B]
	Conn   Connection[B]
	Err    error
}

// Timeout bounds resolving a cluster's settings when switching to it: its
// password or token command may hang.
const Timeout = 30 * time.Second

// Switcher switches between the configured clusters.
type Switcher[B any] struct {
	choices []Choice[B]
	log     *log.Logger
	release func() // releases the connection in use; nil for the UI's first
	pending string // a switch named while a pane holds unsaved work
	gen     int    // the switch in flight; results of older ones are stale
}

// New is a switcher over the configured clusters, in the config file's
// order (none without a config file), logging to lg.
func New[B any](choices []Choice[B], lg *log.Logger) *Switcher[B] {
	return &Switcher[B]{choices: choices, log: lg}
}

// Choices are the configured clusters.
func (s *Switcher[B]) Choices() []Choice[B] { return s.choices }

// Names are the configured clusters' names, for completion and messages.
func (s *Switcher[B]) Names() []string {
	names := make([]string, len(s.choices))
	for i, c := range s.choices {
		names[i] = c.Name
	}
	return names
}

// Switch starts connecting to the configured cluster name (any case),
// from the cluster current. Work a pane would lose (unsaved, "" for none)
// is named first, and the switch waits for the same choice again. The Cmd
// ends in a SwitchedMsg, or is a status message saying why not.
func (s *Switcher[B]) Switch(name, current, unsaved string) tea.Cmd {
	var choice *Choice[B]
	for i := range s.choices {
		if strings.EqualFold(s.choices[i].Name, name) {
			choice = &s.choices[i]
		}
	}
	if choice == nil {
		return status(common.StatusError, fmt.Sprintf("no cluster %q in the config file; clusters: %s", name, strings.Join(s.Names(), ", ")))
	}
	if choice.Name == current {
		s.pending = ""
		return status(common.StatusInfo, "already on "+choice.Name)
	}
	if unsaved != "" && s.pending != choice.Name {
		s.pending = choice.Name
		return status(common.StatusWarning, fmt.Sprintf("switching to %s closes %s: choose it again to switch", choice.Name, unsaved))
	}
	s.pending = ""
	s.gen++
	s.log.Printf("switch: connecting to %s", choice.Name)
	return common.WithBusy(fmt.Sprintf("switch#%d", s.gen), connect(*choice, s.gen))
}

// connect has the command line open a configured cluster (resolve its
// settings, read variables, run its password command). Opening does not
// dial: the new home pane's first request does.
func connect[B any](c Choice[B], gen int) tea.Cmd {
	return func() tea.Msg {
		if c.Open == nil {
			return SwitchedMsg[B]{gen: gen, Choice: c, Err: errors.New("no settings for this cluster")}
		}
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		conn, err := c.Open(ctx)
		return SwitchedMsg[B]{gen: gen, Choice: c, Conn: conn, Err: err}
	}
}

// Done takes the result of a switch. ok says the UI is to move to
// msg.Conn now; cmd then releases the connection it leaves. Otherwise cmd
// says why the switch failed (the UI stays where it was), or releases what
// a switch the user has moved on from opened.
func (s *Switcher[B]) Done(msg SwitchedMsg[B]) (cmd tea.Cmd, ok bool) {
	if msg.gen != s.gen {
		return releaseCmd(msg.Conn.Release), false
	}
	if msg.Err != nil {
		s.log.Printf("switch to %s: %v", msg.Choice.Name, msg.Err)
		return status(common.StatusError, fmt.Sprintf("cannot switch to %s: %v", msg.Choice.Name, msg.Err)), false
	}
	old := s.release
	s.release = msg.Conn.Release
	return releaseCmd(old), true
}

// Stop makes a switch in flight stale, so that what it opens is released
// as it arrives: the UI is closing.
func (s *Switcher[B]) Stop() { s.gen++ }

// Release releases the connection a switch opened, if any, once the UI
// has ended.
func (s *Switcher[B]) Release() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}

// releaseCmd releases a connection the UI no longer uses, off the UI
// goroutine; nil when there is nothing to release.
func releaseCmd(release func()) tea.Cmd {
	if release == nil {
		return nil
	}
	return func() tea.Msg {
		release()
		return nil
	}
}

func status(kind common.StatusKind, text string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}
