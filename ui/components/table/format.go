package table

import "strconv"

// Counted is n and a regular noun, plural unless n is one: "1 partition",
// "3 partitions", "0 members".
func Counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// SortMarked returns a copy of cols with the title of column sorted marked
// ↑ (ascending) or ↓ (descending). Every column is kept wide enough for its
// title with a mark, and the mark goes on the side away from the column's
// alignment (after a left-aligned title, before a right-aligned one), so
// no column and no title moves when the sort changes column.
func SortMarked(cols []Column, sorted int, desc bool) []Column {
	out := make([]Column, len(cols))
	for i, c := range cols {
		c.Width = max(c.Width, textWidth(c.Title)+1)
		if i == sorted {
			mark := "↑"
			if desc {
				mark = "↓"
			}
			if c.Align == AlignRight {
				c.Title = mark + c.Title
			} else {
				c.Title += mark
			}
		}
		out[i] = c
	}
	return out
}
