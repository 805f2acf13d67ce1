package filter

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func typeText(m *Model, s string) Result {
	var r Result
	for _, c := range s {
		r, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
	}
	return r
}

func TestFilterTypingApplyAndClear(t *testing.T) {
	m := New(common.NewCommon(themes.Plain()))
	m.SetWidth(40)
	if r, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}); r != Ignored {
		t.Fatalf("an unfocused filter took a key")
	}
	m.Focus()
	if r := typeText(&m, "OrD"); r != Typed {
		t.Errorf("typing gave %d", r)
	}
	if m.Value() != "OrD" || m.Query() != "ord" {
		t.Errorf("value %q query %q", m.Value(), m.Query())
	}
	if !m.Match("orders") || m.Match("payments") {
		t.Errorf("Match is a case-insensitive substring test on lowercased text")
	}
	if m.Title("topics") != "topics [/OrD]" {
		t.Errorf("title %q", m.Title("topics"))
	}
	if !strings.Contains(m.View(), "/OrD") {
		t.Errorf("view %q", m.View())
	}
	if r, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); r != Applied || m.Focused() || !m.Active() {
		t.Errorf("enter: result %d, focused %v, active %v", r, m.Focused(), m.Active())
	}
	m.Focus() // / again edits the same query
	typeText(&m, "e")
	if m.Value() != "OrDe" {
		t.Errorf("refocus lost the query: %q", m.Value())
	}
	if r, _ := m.Update(tea.KeyMsg{Type: tea.KeyEsc}); r != Cleared || m.Focused() || m.Active() || m.Query() != "" {
		t.Errorf("esc: result %d, focused %v, active %v", r, m.Focused(), m.Active())
	}
	if m.Title("topics") != "topics" || !m.Match("anything") {
		t.Errorf("a cleared filter matches everything and leaves the title alone")
	}
}

func TestFilterTitleIsSafe(t *testing.T) {
	m := New(common.NewCommon(themes.Plain()))
	m.Focus()
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a\u202eb"), Paste: true})
	if !strings.ContainsRune(m.Value(), '\u202e') {
		t.Skip("the input dropped the override itself")
	}
	if strings.ContainsRune(m.Title("topics"), '\u202e') {
		t.Errorf("a bidi override reached the title: %q", m.Title("topics"))
	}
}
