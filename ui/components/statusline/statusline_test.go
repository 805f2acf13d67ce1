package statusline

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func newLine() Model {
	m := New(common.NewCommon(themes.Plain()))
	m.SetLifetime(common.StatusError, time.Millisecond)
	m.SetLifetime(common.StatusInfo, time.Millisecond)
	return m
}

func TestMessageClearsOnlyItself(t *testing.T) {
	m := newLine()
	m, first := m.Update(common.StatusMsg{Kind: common.StatusError, Text: "boom"})
	if got := ansi.Strip(m.View()); got != " error: boom" {
		t.Fatalf("view %q", got)
	}
	m, second := m.Update(common.StatusMsg{Kind: common.StatusInfo, Text: "saved"})
	for _, msg := range uitest.RunCmd(t, first) {
		m, _ = m.Update(msg)
	}
	if m.Text() != "saved" {
		t.Fatalf("the first message's tick cleared the second: %q", m.Text())
	}
	for _, msg := range uitest.RunCmd(t, second) {
		m, _ = m.Update(msg)
	}
	if m.Text() != "" {
		t.Fatalf("not cleared: %q", m.Text())
	}
}

func TestMessageIsOneSafeLine(t *testing.T) {
	m := newLine()
	m.SetWidth(30)
	m, _ = m.Update(common.StatusMsg{Kind: common.StatusError, Text: "topic \x1b[2Jevil\nname is very long indeed, longer than the line"})
	v := m.View()
	if strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\n") {
		t.Fatalf("control characters reached the view: %q", v)
	}
	if w := ansi.StringWidth(v); w > 30 {
		t.Errorf("view %d cells wide at width 30", w)
	}
}

func TestBusyLabelAndSpinner(t *testing.T) {
	m := newLine()
	m, tick := m.Update(common.BusyMsg{Owner: "topics#1", Busy: true})
	m, again := m.Update(common.BusyMsg{Owner: "topics#1.2", Busy: true})
	m, _ = m.Update(common.BusyMsg{Owner: "brokers#3.1", Busy: true})
	if tick == nil || again != nil {
		t.Fatal("want one spinner tick chain, started by the first busy owner")
	}
	if got := ansi.Strip(m.View()); !strings.HasSuffix(got, "loading brokers, topics") {
		t.Errorf("view %q", got)
	}
	msgs := uitest.RunCmd(t, tick)
	st, ok := uitest.Has[spinner.TickMsg](msgs)
	if !ok {
		t.Fatal("no spinner tick")
	}
	if _, next := m.Update(st); next == nil {
		t.Error("spinner stopped while busy")
	}
	for _, o := range []string{"topics#1", "topics#1.2", "brokers#3.1"} {
		m, _ = m.Update(common.BusyMsg{Owner: o, Busy: false})
	}
	if m.Busy() {
		t.Fatal("still busy")
	}
	if _, next := m.Update(st); next != nil {
		t.Error("spinner kept ticking when idle")
	}
	if strings.TrimSpace(ansi.Strip(m.View())) != "" {
		t.Errorf("idle view %q", m.View())
	}
}
