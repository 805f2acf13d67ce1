// Package sparkline draws a series of numbers as a one-line chart of block
// characters (▁▂▃▄▅▆▇█), for lag trends in tables. It is pure and imports
// the standard library only.
package sparkline

import "strings"

var blocks = []rune("▁▂▃▄▅▆▇█")

// Span is the scale Render draws vals on at width: the smallest and the
// largest of the values shown (ok false when none is). Every sparkline has
// its own scale, so a lag going from 1 to 2 fills the cell as much as one
// going from 100,000 to 200,000; views show the span beside the chart (or
// for the selected row) so the eye does not compare cells by height.
func Span(vals []int64, width int) (lo, hi int64, ok bool) {
	if width <= 0 || len(vals) == 0 {
		return 0, 0, false
	}
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	lo, hi = vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi, true
}

// Label is Span in words, each bound written by format: "1,200–1,290";
// "" when nothing is shown or the series does not move (a flat line has
// no scale to misread, and its value is the lag shown beside it).
func Label(vals []int64, width int, format func(int64) string) string {
	lo, hi, ok := Span(vals, width)
	if !ok || lo == hi {
		return ""
	}
	return format(lo) + "–" + format(hi)
}

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
	lo, hi, _ := Span(vals, width)
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
