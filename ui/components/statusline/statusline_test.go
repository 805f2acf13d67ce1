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

func TestMessageIsSafeAndFits(t *testing.T) {
	m := newLine()
	m.SetWidth(30)
	m, _ = m.Update(common.StatusMsg{Kind: common.StatusError, Text: "topic \x1b[2Jevil\nname is very long indeed, longer than the line, and longer still so that it needs more than three rows of thirty"})
	v := m.View()
	if strings.Contains(v, "\x1b[2J") {
		t.Fatalf("control characters reached the view: %q", v)
	}
	rows := strings.Split(v, "\n")
	if len(rows) != MaxLines || m.Height() != MaxLines {
		t.Errorf("%d rows (Height %d), want %d: %q", len(rows), m.Height(), MaxLines, v)
	}
	for _, r := range rows {
		if w := ansi.StringWidth(r); w > 30 {
			t.Errorf("row %d cells wide at width 30: %q", w, r)
		}
	}
	if !strings.HasSuffix(ansi.Strip(rows[len(rows)-1]), "…") {
		t.Errorf("a message cut after %d rows does not say so: %q", MaxLines, v)
	}
}

func TestLongMessageWrapsAndStaysLonger(t *testing.T) {
	m := newLine()
	m.SetWidth(40)
	text := "the broker refused the change: a policy which kafkatui does not change"
	m, _ = m.Update(common.StatusMsg{Kind: common.StatusWarning, Text: text})
	var words []string
	for _, r := range strings.Split(ansi.Strip(m.View()), "\n") {
		if ansi.StringWidth(r) > 40 {
			t.Errorf("row wider than 40: %q", r)
		}
		words = append(words, strings.Fields(r)...)
	}
	if got := strings.Join(words, " "); got != text {
		t.Errorf("view %q, want the whole message %q", got, text)
	}
	if m.Height() != 2 {
		t.Errorf("height %d, want 2", m.Height())
	}
	base := time.Second
	if short, long := lifetime(base, "saved"), lifetime(base, strings.Repeat("x", 3*perStretch)); short != base || long <= short {
		t.Errorf("lifetimes %v (short) and %v (long): a long message must stay longer", short, long)
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

// Withdraw takes down only the message it names: a newer message stays.
func TestWithdrawTakesDownOnlyThatMessage(t *testing.T) {
	m := newLine()
	const w = "unsaved message: esc again to discard it, any other key to stay"
	m, _ = m.Update(common.StatusMsg{Kind: common.StatusWarning, Text: w})
	m.Withdraw("something else")
	if m.Text() != w {
		t.Fatalf("withdrawing another text took the warning down: %q", m.Text())
	}
	m.Withdraw(w)
	if m.Text() != "" || strings.TrimSpace(ansi.Strip(m.View())) != "" {
		t.Fatalf("warning still shown: %q / %q", m.Text(), m.View())
	}
	m, _ = m.Update(common.StatusMsg{Kind: common.StatusInfo, Text: "sent"})
	m.Withdraw(w)
	if m.Text() != "sent" {
		t.Fatalf("a newer message was taken down: %q", m.Text())
	}
}
