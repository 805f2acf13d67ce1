package fields

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func newFields() Fields {
	st := common.NewStyles(themes.Dark())
	return New(NewInput(st, "a", 8), NewInput(st, "b", 8), NewInput(st, "c", 8))
}

// TestFocusGoesRoundAndToTheFirstProblem: the focus moves round the
// column both ways, only the focused input takes keys, and a read with
// problems puts the focus on the first of them.
func TestFocusGoesRoundAndToTheFirstProblem(t *testing.T) {
	f := newFields()
	if f.Focus() != 0 || !f.Input(0).Focused() || f.Input(1).Focused() {
		t.Fatalf("focus %d at first", f.Focus())
	}
	f.Move(-1)
	if f.Focus() != 2 || !f.Input(2).Focused() || f.Input(0).Focused() {
		t.Fatalf("back from the first: focus %d", f.Focus())
	}
	f.Move(1)
	if f.Focus() != 0 {
		t.Fatalf("on from the last: focus %d", f.Focus())
	}
	changed, _ := f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if !changed || f.Value(0) != "x" || f.Value(1) != "" {
		t.Errorf("typed: changed %v, values %q %q", changed, f.Value(0), f.Value(1))
	}
	if changed, _ := f.Update(tea.KeyMsg{Type: tea.KeyLeft}); changed {
		t.Error("a cursor move counts as a change")
	}
	if f.FocusFirstErr() {
		t.Error("a problem found where there is none")
	}
	f.SetErr(2, "wrong")
	f.SetErr(1, "wrong too")
	if !f.FocusFirstErr() || f.Focus() != 1 || f.Err(1) != "wrong too" {
		t.Errorf("focus %d after problems", f.Focus())
	}
	f.ClearErrs()
	if f.Err(1) != "" || f.Err(2) != "" {
		t.Errorf("problems left: %q %q", f.Err(1), f.Err(2))
	}
}
