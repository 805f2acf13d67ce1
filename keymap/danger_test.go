package keymap

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func TestReadOnlyDisablesAndRefusesDangerousKeysOnly(t *testing.T) {
	k := DefaultKeyMap()
	k.SetReadOnly()
	if k.Topics.Delete.Enabled() || k.Groups.Reset.Enabled() || k.Produce.Open.Enabled() {
		t.Fatal("a dangerous binding stayed enabled in read-only mode")
	}
	if !k.Tail.DelColumn.Enabled() || !k.Topics.Sort.Enabled() {
		t.Fatal("read-only mode disabled a binding that does not write")
	}
	x := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'X'}}
	// X removes a jq column in the tail and deletes offsets in a group.
	if got := k.Refusal(x, nil); got != "" {
		t.Fatalf("refusal with no bindings: %q", got)
	}
	if got := k.Refusal(x, []key.Binding{k.Tail.DelColumn}); got != "" {
		t.Fatalf("X in the tail refused: %q", got)
	}
	if got, want := k.Refusal(x, []key.Binding{k.Tail.DelColumn, k.Groups.DeleteOffsets}), "read-only mode: deleting offsets is disabled"; got != want {
		t.Fatalf("X in a group: %q, want %q", got, want)
	}
	w := DefaultKeyMap() // not read-only: nothing is refused
	if got := w.Refusal(x, []key.Binding{w.Groups.DeleteOffsets}); got != "" {
		t.Fatalf("refusal outside read-only mode: %q", got)
	}
}
