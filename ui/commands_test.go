package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/brokers"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/groupview"
)

// runLine opens the bar, types line, presses enter and pumps what follows.
func runLine(t *testing.T, m *Model, line string) []tea.Msg {
	t.Helper()
	send(m, keyMsg(":"))
	typeText(m, line)
	return pump(t, m, send(m, keyMsg("enter")), 4)
}

func TestBrokersCommand(t *testing.T) {
	home := newTestPane("topics")
	m, _ := newTestModel(t, home, Options{})
	runLine(t, m, "brokers")
	if m.frame.Bar.Active() {
		t.Fatal("bar stayed open after :brokers")
	}
	if _, ok := m.stack.Top().(*brokers.Model); !ok {
		t.Fatalf("top pane is %T, want the brokers pane", m.stack.Top())
	}
	v := screen(m)
	for _, want := range []string{"topics / brokers", "127.0.0.1:39093", "controller", "eu-west-1a"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
	// :brokers again does not stack a second one.
	runLine(t, m, "brokers")
	if m.stack.Len() != 2 {
		t.Errorf("stack depth %d after a second :brokers, want 2", m.stack.Len())
	}
	// :topics is the home pane: it goes back to it.
	runLine(t, m, "topics")
	if m.stack.Len() != 1 || m.stack.Top() != home {
		t.Fatalf("after :topics the top is %s", m.stack.Top().Title())
	}
	if home.inits != 0 {
		t.Error(":topics built a new home pane instead of returning to it")
	}
}

func TestCommandBarCompletesAndRemembers(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, keyMsg(":"))
	typeText(m, "br")
	send(m, keyMsg("tab"))
	if m.frame.Bar.Value() != "brokers" {
		t.Fatalf("br + tab = %q", m.frame.Bar.Value())
	}
	pump(t, m, send(m, keyMsg("enter")), 4)
	send(m, keyMsg(":"))
	send(m, keyMsg("up"))
	if m.frame.Bar.Value() != "brokers" {
		t.Errorf("history up = %q", m.frame.Bar.Value())
	}
	// Keys typed in the bar are not global keys and do not reach the pane.
	send(m, keyMsg("esc"))
	send(m, keyMsg(":"))
	typeText(m, "q?")
	if m.frame.Help.ShowAll || !m.frame.Bar.Active() || m.frame.Bar.Value() != "q?" {
		t.Errorf("typing q? in the bar: help %v, bar %v %q", m.frame.Help.ShowAll, m.frame.Bar.Active(), m.frame.Bar.Value())
	}
}

func TestOnlyExistingPanesAreCommands(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	var names []string
	for _, c := range m.commands() {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "topics brokers groups group tail produce cluster messages quit" {
		t.Errorf("commands %q", got)
	}
	for _, missing := range []string{"consumers"} {
		send(m, keyMsg(":"))
		typeText(m, missing[:2])
		send(m, keyMsg("tab"))
		if strings.HasPrefix(m.frame.Bar.Value(), missing) {
			t.Errorf("the bar completed %q, whose pane does not exist", missing)
		}
		send(m, keyMsg("esc"))
	}
}

func TestUnknownCommand(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, keyMsg(":"))
	typeText(m, "consumers")
	pump(t, m, send(m, keyMsg("enter")), 1) // the error, not the tick that clears it
	if !m.frame.Bar.Active() || m.frame.Bar.Value() != "consumers" {
		t.Fatalf("bar active %v with %q; want it open with the text", m.frame.Bar.Active(), m.frame.Bar.Value())
	}
	v := screen(m)
	if !strings.Contains(v, `error: unknown command "consumers"`) || !strings.Contains(v, ":consumers") {
		t.Errorf("no error on screen, or the bar lost the text:\n%s", v)
	}
}

func TestQuitCommand(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	if _, ok := hasMsg[tea.QuitMsg](runLine(t, m, "q")); !ok {
		t.Error(":q did not quit")
	}
}

func TestTopicNamesReachCompletion(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	send(m, common.TopicNamesMsg{Names: []string{"orders", "payments"}})
	// No command takes a topic yet (tail and produce come later), so the
	// names are only stored; the bar's own tests cover their completion.
	send(m, keyMsg(":"))
	typeText(m, "brokers or")
	send(m, keyMsg("tab"))
	if m.frame.Bar.Value() != "brokers or" {
		t.Errorf("a command without argument completed a topic: %q", m.frame.Bar.Value())
	}
}

// TestGroupCommand: `:group NAME` opens that group's view as a top-level
// view, the one the groups list opens with enter; without a name it says
// how to use it and opens nothing, the text kept in the bar to edit.
func TestGroupCommand(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	msgs := runLine(t, m, "group")
	st, ok := hasMsg[common.StatusMsg](msgs)
	if !ok || st.Kind != common.StatusError || !strings.Contains(st.Text, ":group needs one group id, e.g. :group billing") {
		t.Errorf(":group without a name said %+v", st)
	}
	if !m.frame.Bar.Active() || m.frame.Bar.Value() != "group" || m.stack.Len() != 1 {
		t.Fatalf("bar active %v with %q, stack %d", m.frame.Bar.Active(), m.frame.Bar.Value(), m.stack.Len())
	}
	send(m, keyMsg("esc"))
	runLine(t, m, "group billing-replay")
	if _, ok := m.stack.Top().(*groupview.Model); !ok || m.stack.Len() != 2 {
		t.Fatalf("top pane is %T (stack %d), want the group view", m.stack.Top(), m.stack.Len())
	}
	if v := screen(m); !strings.Contains(v, "topics / billing-replay") {
		t.Errorf("the breadcrumb does not name the group:\n%s", v)
	}
}
