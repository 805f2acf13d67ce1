package table

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func TestCounted(t *testing.T) {
	for n, want := range map[int]string{0: "0 partitions", 1: "1 partition", 2: "2 partitions", 10000: "10000 partitions"} {
		if got := Counted(n, "partition"); got != want {
			t.Errorf("Counted(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestSortMarkedKeepsHeadersStill: moving the sort to another column, or
// flipping its direction, moves no header: every column keeps room for
// the mark.
func TestSortMarkedKeepsHeadersStill(t *testing.T) {
	cols := []Column{
		{Title: "NAME", Width: 4, Grow: 1},
		{Title: "PARTITIONS", Width: 10, Align: AlignRight},
		{Title: "RF", Width: 2, Align: AlignRight},
		{Title: "STATE", Width: 5},
	}
	starts := func(header string) []int {
		var at []int
		for _, c := range cols {
			at = append(at, ansi.StringWidth(header[:strings.Index(header, c.Title[:2])])) // in cells
		}
		return at
	}
	var first []int
	for sorted := range cols {
		for _, desc := range []bool{false, true} {
			m := New(SortMarked(cols, sorted, desc), keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Plain())))
			m.SetSize(40, 5)
			m.SetRows([]Row{{Cells: []Cell{{Text: "orders"}, {Text: "12"}, {Text: "3"}, {Text: "Stable"}}}})
			header := strings.Split(ansi.Strip(m.View()), "\n")[0]
			mark := "↑"
			if desc {
				mark = "↓"
			}
			if !strings.Contains(header, cols[sorted].Title+mark) && !strings.Contains(header, mark+cols[sorted].Title) {
				t.Errorf("sorted by %d desc %v: header %q lacks the mark", sorted, desc, header)
			}
			at := starts(header)
			if first == nil {
				first = at
			} else if !slices.Equal(at, first) {
				t.Errorf("sorted by %d desc %v: headers at %v, first %v (%q)", sorted, desc, at, first, header)
			}
		}
	}
}
