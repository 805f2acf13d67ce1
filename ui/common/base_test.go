package common_test

import (
	"context"
	"errors"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestBaseOwnsOnlyItsCurrentGeneration: a result reaches the pane that
// asked, in the generation it asked in; another pane's, or one from
// before a reload, is not its own.
func TestBaseOwnsOnlyItsCurrentGeneration(t *testing.T) {
	a, b := common.NewBase("a"), common.NewBase("b")
	a.NextGen()
	res := a.Wrap(func() tea.Msg { return "loaded" })()
	if inner, ok := a.Own(res); !ok || inner != "loaded" {
		t.Fatalf("own result: %v %v", inner, ok)
	}
	if _, ok := b.Own(res); ok {
		t.Error("another pane took the result")
	}
	a.NextGen()
	if _, ok := a.Own(res); ok {
		t.Error("a result of an older generation was taken")
	}
	if inner, gen, ok := a.OwnAny(res); !ok || gen != 1 || inner != "loaded" {
		t.Errorf("OwnAny: %v %d %v", inner, gen, ok)
	}
	if _, ok := a.Own("not a result"); ok {
		t.Error("a plain message was taken as a result")
	}
	if a.Wrap(nil) != nil || a.Request(nil) != nil {
		t.Error("wrapping no Cmd gave a Cmd")
	}
}

// TestBaseRequestBusyAndClose: Request turns the spinner on and off around
// the wrapped result; Close cancels the context requests use.
func TestBaseRequestBusyAndClose(t *testing.T) {
	p := common.NewBase("brokers")
	p.NextGen()
	ctx := p.Ctx()
	cmd := p.Request(func() tea.Msg {
		<-ctx.Done()
		return ctx.Err()
	})
	p.Close()
	var on, off bool
	var got error
	for _, msg := range uitest.RunCmd(t, cmd) {
		switch msg := msg.(type) {
		case common.BusyMsg:
			on, off = on || msg.Busy, off || !msg.Busy
		case common.Result:
			got, _ = msg.Msg.(error)
		}
	}
	if !on || !off || !errors.Is(got, context.Canceled) {
		t.Errorf("busy on %v off %v, result %v", on, off, got)
	}
	tick := p.Tick(time.Nanosecond)()
	if inner, ok := p.Own(tick); !ok || inner != (common.TickMsg{}) {
		t.Errorf("tick: %v %v", inner, ok)
	}
}
