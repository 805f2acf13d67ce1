// Package tail is the live tail pane: a start form (partitions, start
// position, filter), then every record of a topic at full rate in a table
// held by a bounded ring buffer, with rates, positions and lag in a header
// line, `/` filters (text, regular expressions, jq), columns defined by jq
// paths, export to JSON lines and copy of a value over OSC 52.
//
// Records come from kafkaops' Stream in batches (one message per ~50 ms or
// 512 records, never one render per record). What every record needs (the
// filter match, jq columns, column widths) is computed once, on arrival;
// View formats only the rows in the visible window (at 400,000 records a
// second almost none are ever drawn, see ring.go).
//
// It may import bubbletea, bubbles, lipgloss, termenv, gojq, kafkaops
// (interfaces and types; every call is in cmds.go), keymap, internal/safe,
// internal/recordjson, ui/common and ui/components.
package tail

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
)

// mode is what the pane shows: the start form, or the tail itself.
type mode int

const (
	modeForm mode = iota
	modeTail
)

// state is the stream's state, shown in the header line.
type state int

const (
	stateOpening state = iota
	stateLive
	stateStopped
)

// inputKind is what the bottom input line is being typed for.
type inputKind int

const (
	inputNone inputKind = iota
	inputFilter
	inputColumn
	inputExport
)

// source is the running stream as the pane sees it: what kafkaops.Stream
// offers, as funcs so tests can end a stream with an error of their own.
type source struct {
	batches   <-chan []kafkaops.Record
	err       func() error
	positions func() []kafkaops.PartitionPosition
	starts    []kafkaops.PartitionStart
	// ctx is the stream's: decoding a batch (fetching a schema) stops
	// with the stream.
	ctx    context.Context
	cancel context.CancelFunc
	// dec decodes records framed for the Schema Registry; nil: none.
	dec common.RecordDecoder
	// holding is set by the batch wait once it has taken records off
	// batches, and cleared by Update when their batch arrives: while it
	// is set, records below the readers' positions may be on their way to
	// the screen.
	holding atomic.Bool
}

func streamSource(ctx context.Context, s *kafkaops.Stream, cancel context.CancelFunc, dec common.RecordDecoder) *source {
	return &source{batches: s.Batches, err: s.Err, positions: s.Positions, starts: s.Starts, ctx: ctx, cancel: cancel, dec: dec}
}

// Model is the live tail pane.
type Model struct {
	// Base is the pane's context (its streams are children of it, so
	// Close ends them), origin and stream generation.
	common.Base
	c    *common.Common
	cons kafkaops.Consumer
	// dec decodes records framed for the cluster's Schema Registry; nil
	// when it has none (WithDecoder).
	dec     common.RecordDecoder
	topic   string // as Kafka knows it, for requests
	display string // safe to print
	keys    keys
	loc     *time.Location
	// clip copies text to the clipboard (OSC 52); tests replace it.
	clip func(string) tea.Cmd

	width, height int
	mode          mode
	form          *startForm

	// The stream of the base's current generation; batches of older
	// streams are dropped.
	src      *source
	state    state
	err      error // why the stream stopped
	retrying error // a transient error the readers are retrying after
	paused   bool  // consumption paused: no batch is being waited for
	// pausedAt is when consumption paused: the position and lag shown
	// are as of then, which the position line says.
	pausedAt time.Time
	waiting  bool // a batch Cmd is in flight
	started  time.Time
	// tickEvery is the period of rate and position updates; tests shorten it.
	tickEvery time.Duration

	// stream is the records and what is known of them; the pane keeps
	// the cursor, the window and the input. Embedded so that the pane
	// reads its figures by name (m.received, m.count()).
	stream

	cursor, top int
	follow      bool

	input     textinput.Model
	inputKind inputKind
	inputErr  string
}

// New returns a tail of topic on cons, showing its start form. It does no
// I/O: submitting the form opens the stream.
func New(c *common.Common, cons kafkaops.Consumer, topic string) *Model {
	capacity := c.TailBuffer
	if capacity <= 0 {
		capacity = DefaultBuffer
	}
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	in.PromptStyle = c.Styles.Accent
	in.TextStyle = c.Styles.Text
	in.CharLimit = 1024
	m := &Model{
		c:         c,
		cons:      cons,
		topic:     topic,
		display:   safe.String(topic),
		keys:      newKeys(c),
		Base:      common.NewBase("tail"),
		loc:       c.Now().Location(),
		clip:      clipboard.Copy,
		tickEvery: time.Second,
		stream:    newStream(capacity),
		follow:    true,
		input:     in,
	}
	m.form = newStartForm(c)
	return m
}

// WithDecoder has the tail show records framed for a Schema Registry
// decoded with dec (nil: none, records are shown as they are).
func (m *Model) WithDecoder(dec common.RecordDecoder) *Model {
	m.dec = dec
	return m
}

// Init has nothing to load: the form waits for the user.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize gives the pane its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.sizeInput()
	m.form.setWidth(m.width)
	m.clampView()
}

// Title is "<topic> / tail", with the filter when one is applied.
func (m *Model) Title() string {
	t := m.display + " / tail"
	if m.filter != nil {
		t += " [/" + safe.String(m.filter.src) + "]"
	}
	return t
}

// InputFocused reports whether the form or the input line has the keys.
func (m *Model) InputFocused() bool {
	return m.mode == modeForm || m.inputKind != inputNone
}

// HandlesEsc reports whether esc clears the filter rather than going back.
func (m *Model) HandlesEsc() bool { return m.mode == modeTail && m.filter != nil }

// tableHeight is the rows of records: the body less the two header lines,
// the column titles and the bottom line.
func (m *Model) tableHeight() int { return max(m.height-4, 0) }
