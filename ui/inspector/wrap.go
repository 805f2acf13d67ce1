package inspector

import (
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// span is one screen row of a logical line: bytes [start, end) of
// lines[line]. Rows are computed per width from the escaped text, which
// holds no control characters, so byte ranges and cells agree.
type span struct {
	line       int32
	start, end int32
}

// wrapLines cuts every line into rows of at most width cells.
func wrapLines(lines []string, width int) []span {
	width = max(width, 1)
	rows := make([]span, 0, len(lines))
	for i, l := range lines {
		rows = wrapLine(rows, int32(i), l, width)
	}
	return rows
}

func wrapLine(rows []span, i int32, l string, width int) []span {
	if ascii(l) {
		for start := 0; ; start += width {
			end := min(start+width, len(l))
			rows = append(rows, span{line: i, start: int32(start), end: int32(end)})
			if end == len(l) {
				return rows
			}
		}
	}
	start, cells := 0, 0
	for j := 0; j < len(l); {
		c := l[j]
		if c < utf8.RuneSelf {
			if cells+1 > width {
				rows = append(rows, span{line: i, start: int32(start), end: int32(j)})
				start, cells = j, 0
			}
			cells++
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(l[j:])
		w := runewidth.RuneWidth(r)
		if cells+w > width && cells > 0 {
			rows = append(rows, span{line: i, start: int32(start), end: int32(j)})
			start, cells = j, 0
		}
		cells += w
		j += n
	}
	return append(rows, span{line: i, start: int32(start), end: int32(len(l))})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
