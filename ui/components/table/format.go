package table

import "strconv"

// HumanCount formats n for a column where the size matters more than the
// exact value: 999, 1.0k, 12.3k, 456k, 7.8M, 1.2G, 3.4T. One decimal below
// 100 of a unit, none above, so the width stays at most 4 cells (5 with a
// minus sign) up to 999T.
func HumanCount(n int64) string {
	if n > -1000 && n < 1000 {
		return strconv.FormatInt(n, 10)
	}
	sign := ""
	v := float64(n) // exact enough, and -math.MinInt64 would overflow
	if n < 0 {
		sign, v = "-", -v
	}
	units := "kMGTPE"
	u := -1
	for v >= 999.95 && u < len(units)-1 {
		v /= 1000
		u++
	}
	if v < 99.95 {
		return sign + strconv.FormatFloat(v, 'f', 1, 64) + units[u:u+1]
	}
	return sign + strconv.FormatFloat(v, 'f', 0, 64) + units[u:u+1]
}

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
