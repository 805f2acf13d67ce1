package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
)

// footerSizes are the sizes a new user tried: a small, a usual and a wide
// terminal.
var footerSizes = [][2]int{{80, 24}, {120, 36}, {200, 50}}

// topicsHome is the root on its real home pane, the topics list, loaded.
func topicsHome(t *testing.T) *Model {
	t.Helper()
	m, _ := newTestModel(t, nil, Options{})
	pump(t, m, m.Init(), 3)
	return m
}

// footerLines are the lines of the screen below the status line.
func footerLines(t *testing.T, m *Model) []string {
	t.Helper()
	lines := strings.Split(screen(m), "\n")
	return lines[header.Height+m.stack.Height()+m.frame.StatusHeight():]
}

func TestShortHelpKeepsGlobalKeys(t *testing.T) {
	m := topicsHome(t)
	for _, s := range footerSizes {
		send(m, tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		checkFrame(t, screen(m), s[0], s[1])
		foot := footerLines(t, m)
		if len(foot) != 1 {
			t.Fatalf("%dx%d: short help is %d lines, want 1", s[0], s[1], len(foot))
		}
		line := foot[0]
		for _, want := range []string{": command", "? help", "q quit", "enter open topic"} {
			if !strings.Contains(line, want) {
				t.Errorf("%dx%d: help line lacks %q: %q", s[0], s[1], want, line)
			}
		}
		// At 200 every key of the pane fits; below it the pane's keys are
		// what gives way, with an ellipsis.
		if s[0] == 200 {
			if strings.Contains(line, "…") || !strings.Contains(line, "D delete") {
				t.Errorf("200 columns: the pane's keys were cut: %q", line)
			}
		} else if !strings.Contains(line, "…") {
			t.Errorf("%dx%d: the pane's keys were left out without an ellipsis: %q", s[0], s[1], line)
		}
	}
}

// widePane has as many key columns as the tail, each wide, so that its full
// help cannot be one row at 120 columns.
type widePane struct {
	*testPane
	cols [][]key.Binding
}

func newWidePane() *widePane {
	p := &widePane{testPane: newTestPane("wide")}
	for c := range 6 {
		var col []key.Binding
		for r := range 5 {
			k := fmt.Sprintf("%c", 'a'+c*5+r)
			col = append(col, key.NewBinding(key.WithKeys(k), key.WithHelp(k, fmt.Sprintf("column %d action number %d", c, r))))
		}
		p.cols = append(p.cols, col)
	}
	return p
}

func (p *widePane) FullHelp() [][]key.Binding { return p.cols }

func TestFullHelpWrapsAndKeepsGlobalKeys(t *testing.T) {
	check := func(t *testing.T, m *Model, name string, want ...string) {
		t.Helper()
		send(m, keyMsg("?"))
		defer send(m, keyMsg("?"))
		for _, s := range footerSizes {
			send(m, tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			checkFrame(t, screen(m), s[0], s[1])
			foot := strings.Join(footerLines(t, m), "\n")
			if strings.Contains(foot, "…") {
				t.Errorf("%s %dx%d: full help cut with …:\n%s", name, s[0], s[1], foot)
			}
			for _, w := range append(want, "command", "ctrl+r", "refresh", "help", "quit", "ctrl+c") {
				if !strings.Contains(foot, w) {
					t.Errorf("%s %dx%d: full help lacks %q:\n%s", name, s[0], s[1], w, foot)
				}
			}
			if m.stack.Height() < 1 || header.Height+m.stack.Height()+m.frame.StatusHeight()+len(footerLines(t, m)) != s[1] {
				t.Errorf("%s %dx%d: body %d lines beside a footer of %d", name, s[0], s[1], m.stack.Height(), len(footerLines(t, m)))
			}
		}
	}
	check(t, topicsHome(t), "topics", "internal topics", "page down", "ctrl+d")

	m, _ := newTestModel(t, newTestPane("home"), Options{})
	send(m, common.PushMsg{Pane: newWidePane()})
	check(t, m, "wide pane", "column 0 action number 0", "column 5 action number 4", "back")
}

func TestHelpWhileTypingOffersOnlyWhatWorks(t *testing.T) {
	m := topicsHome(t)
	for _, s := range footerSizes {
		send(m, tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		send(m, keyMsg("/"))
		if !m.stack.Top().InputFocused() {
			t.Fatal("/ did not focus the topics filter")
		}
		line := strings.Join(footerLines(t, m), "\n")
		for _, no := range []string{"? help", "q quit", ": command"} {
			if strings.Contains(line, no) {
				t.Errorf("%dx%d: while typing the help offers %q, which is typed into the filter: %q", s[0], s[1], no, line)
			}
		}
		if !strings.Contains(line, "ctrl+c quit") {
			t.Errorf("%dx%d: while typing the help does not offer ctrl+c: %q", s[0], s[1], line)
		}
		send(m, keyMsg("esc"))
		if m.stack.Top().InputFocused() {
			t.Fatal("esc did not leave the topics filter")
		}
	}

	// A pane that is all inputs (the produce form) above another: esc is
	// its way back, and the full help, opened before, says no more.
	m, _ = newTestModel(t, newTestPane("home"), Options{})
	form := newTestPane("form")
	send(m, common.PushMsg{Pane: form})
	send(m, keyMsg("?"))
	form.input = true
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	foot := strings.Join(footerLines(t, m), "\n")
	for _, no := range []string{"? ", "q ", ": ", "ctrl+r"} {
		if strings.Contains(foot, no) {
			t.Errorf("full help while typing offers %q:\n%s", no, foot)
		}
	}
	for _, want := range []string{"esc", "back", "ctrl+c", "act on form"} {
		if !strings.Contains(foot, want) {
			t.Errorf("full help while typing lacks %q:\n%s", want, foot)
		}
	}
}

// formPane shows esc back among its own keys, as the tail's start form does.
type formPane struct{ *testPane }

func (p formPane) ShortHelp() []key.Binding {
	return []key.Binding{p.act, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

func TestHelpListsAKeyOnce(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("home"), Options{})
	form := formPane{newTestPane("form")}
	form.input = true
	send(m, common.PushMsg{Pane: form})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	line := footerLines(t, m)[0]
	if n := strings.Count(line, "esc back"); n != 1 {
		t.Errorf("esc back shown %d times, want once: %q", n, line)
	}
	if !strings.Contains(line, "ctrl+c quit") || !strings.Contains(line, "act on form") {
		t.Errorf("help line lacks the form's or the global keys: %q", line)
	}
}
