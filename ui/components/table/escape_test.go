package table

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

// TestTableEscapesWhatItDraws: raw broker text in a cell, a span, a title
// or the empty text comes out escaped, at its escaped width, so a pane
// cannot put an escape sequence on screen through the table.
func TestTableEscapesWhatItDraws(t *testing.T) {
	const evil = "\x1b]2;PWNED\x07\x1b[2J\u009b31m\u202e"
	cols := []Column{{Title: "STATE" + evil, Width: 5, Fit: true}, {Title: "N", Width: 3}}
	m := New(cols, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetRows([]Row{
		{Cells: []Cell{{Text: "Stable" + evil}, {Text: "1"}}},
		{Cells: []Cell{{Spans: []Span{{Text: "a" + evil}, {Text: "b", Hint: HintError}}}, {Text: "2"}}},
	})
	m.SetSize(200, 5)
	assertNoControls(t, m.View())
	if v := m.View(); !strings.Contains(v, `Stable\x1b]2;PWNED\x07\x1b[2J\u009b31m\u202e`) {
		t.Errorf("escaped state missing or cut (a Fit column measures escaped text):\n%s", v)
	}
	m.SetRows(nil)
	m.SetEmpty("no groups" + evil)
	assertNoControls(t, m.View())
	// Narrow: truncation works on the escaped text too.
	m.SetRows([]Row{{Cells: []Cell{{Text: evil + evil}, {Text: "1"}}}})
	m.SetSize(12, 3)
	assertNoControls(t, m.View())
}

func assertNoControls(t *testing.T, v string) {
	t.Helper()
	for _, r := range v {
		if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e) {
			t.Fatalf("view has control %U:\n%q", r, v)
		}
	}
}
