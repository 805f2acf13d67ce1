// Package sparkline draws a series of numbers as a one-line chart of block
// characters (▁▂▃▄▅▆▇█), for lag trends in tables. It is pure and imports
// the standard library only.
package sparkline

import "strings"

var blocks = []rune("▁▂▃▄▅▆▇█")

// flat is the block of a series that does not move but is not zero: the
// middle, so that "steady at some lag" differs from "steady at zero".
const flat = 3

// Render draws the last width values, right-aligned in width cells
// (padded with spaces on the left while the series is short). Values are
// scaled from the smallest to the largest shown, because a trend is about
// direction: a lag going from 1,200 to 1,290 must show as rising, not as a
// flat line near the top. A series that does not move draws flat: at the
// baseline when it is zero, in the middle otherwise.
func Render(vals []int64, width int) string {
	if width <= 0 {
		return ""
	}
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	var b strings.Builder
	b.Grow(width * 3)
	b.WriteString(strings.Repeat(" ", width-len(vals)))
	if len(vals) == 0 {
		return b.String()
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	last := int64(len(blocks) - 1)
	for _, v := range vals {
		i := int64(flat)
		switch {
		case hi == lo && hi <= 0:
			i = 0
		case hi > lo:
			i = ((v-lo)*last + (hi-lo)/2) / (hi - lo)
		}
		b.WriteRune(blocks[i])
	}
	return b.String()
}
