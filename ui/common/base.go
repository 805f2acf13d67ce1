package common

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// nextOrigin numbers pane instances, so a result reaches only the pane
// that asked for it even when several panes of a kind have lived.
var nextOrigin atomic.Int64

// Base is embedded by every pane. It owns what every pane repeats: the
// pane's context (cancelled on Close, so requests in flight and streams
// end when the pane leaves the stack), its origin and request generation,
// the wrapping of Cmd results with both (written once here, as gh-dash's
// sections wrap theirs), the refresh tick, the busy spinner and status
// messages.
//
// A pane asks with Request (or Wrap) and reads its results with Own: a
// result of another pane, or of a generation the pane has moved on from
// (a reload started since), is not its own and is dropped.
type Base struct {
	kind   string
	origin int64
	gen    int
	ctx    context.Context
	cancel context.CancelFunc
}

// NewBase returns the base of a new pane of kind ("topics", "tail"...),
// which names its spinner owner in the debug log.
func NewBase(kind string) Base {
	ctx, cancel := context.WithCancel(context.Background())
	return Base{kind: kind, origin: nextOrigin.Add(1), ctx: ctx, cancel: cancel}
}

// Result is a Cmd's message tagged with the pane and generation that
// asked for it.
type Result struct {
	Origin int64
	Gen    int
	Msg    tea.Msg
}

// TickMsg is a pane's refresh tick, delivered through Own like a result.
type TickMsg struct{}

// Ctx is the pane's context: cancelled by Close.
func (b *Base) Ctx() context.Context { return b.ctx }

// Close cancels the pane's context. Panes with more to release call it
// from their own Close.
func (b *Base) Close() { b.cancel() }

// Origin is the pane instance's number.
func (b *Base) Origin() int64 { return b.origin }

// Gen is the current request generation.
func (b *Base) Gen() int { return b.gen }

// NextGen starts a new generation: results (and ticks) of older ones are
// no longer the pane's own.
func (b *Base) NextGen() int {
	b.gen++
	return b.gen
}

// Wrap tags cmd's result with this pane and the current generation.
func (b *Base) Wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	origin, gen := b.origin, b.gen
	return func() tea.Msg { return Result{Origin: origin, Gen: gen, Msg: cmd()} }
}

// Request is Wrap with the spinner on while cmd runs (WithBusy), owned by
// this pane's current generation.
func (b *Base) Request(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return WithBusy(fmt.Sprintf("%s#%d.%d", b.kind, b.origin, b.gen), b.Wrap(cmd))
}

// Tick is the pane's next refresh tick after every, in the current
// generation: a reload in between makes it stale.
func (b *Base) Tick(every time.Duration) tea.Cmd {
	return b.Wrap(tea.Tick(every, func(time.Time) tea.Msg { return TickMsg{} }))
}

// Own returns the message inside msg when msg is a result of this pane's
// current generation; ok is false for anything else.
func (b *Base) Own(msg tea.Msg) (inner tea.Msg, ok bool) {
	r, isResult := msg.(Result)
	if !isResult || r.Origin != b.origin || r.Gen != b.gen {
		return nil, false
	}
	return r.Msg, true
}

// OwnAny is Own for results of any generation of this pane, for panes
// that keep generations of their own (a stream and its reloads).
func (b *Base) OwnAny(msg tea.Msg) (inner tea.Msg, gen int, ok bool) {
	r, isResult := msg.(Result)
	if !isResult || r.Origin != b.origin {
		return nil, 0, false
	}
	return r.Msg, r.Gen, true
}

// Status is the Cmd that shows text in the status line.
func Status(kind StatusKind, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Kind: kind, Text: text} }
}
