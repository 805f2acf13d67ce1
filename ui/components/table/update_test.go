package table

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
)

// TestMoveHelpListsTheKeysUpdateMoves: the help panes show for moving is
// the keys the table moves on, every one of them, and nothing else.
func TestMoveHelpListsTheKeysUpdateMoves(t *testing.T) {
	named := map[string]tea.KeyType{
		"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "ctrl+b": tea.KeyCtrlB, "ctrl+f": tea.KeyCtrlF,
		"ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD,
	}
	l := keymap.DefaultKeyMap().List
	m := newTable(100, 40, 10)
	n := 0
	for _, col := range MoveHelp(l) {
		for _, b := range col {
			n++
			for _, k := range b.Keys() {
				msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
				if typ, ok := named[k]; ok {
					msg = tea.KeyMsg{Type: typ}
				}
				if msg.String() != k {
					t.Fatalf("test cannot send %q (made %q)", k, msg.String())
				}
				if !m.Update(msg) {
					t.Errorf("help lists %q (%s) but the table does not move on it", k, b.Help().Desc)
				}
			}
		}
	}
	if n != 8 {
		t.Errorf("help lists %d movement bindings, the table moves on 8", n)
	}
	if m.Update(tea.KeyMsg{Type: tea.KeyEnter}) {
		t.Errorf("enter (open) is the pane's, not a movement")
	}
}
