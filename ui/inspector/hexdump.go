package inspector

import "strings"

// Hex rows are formatted only when they come on screen: a 1 MiB value is
// 65,536 rows, and formatting them all up front is the cost of opening it.

const hexDigits = "0123456789abcdef"

// hexPerRow is how many bytes a hex row shows at a width: 16 as usual, 8
// when 16 would not fit.
func hexPerRow(width int) int {
	if width < hexWidth(16) {
		return 8
	}
	return 16
}

// hexWidth is the cells of a full row of n bytes:
// "00000000  00 01 … 07  08 … 0f  |0123456789abcdef|".
func hexWidth(n int) int { return 8 + 2 + (n*3 - 1) + (n/8 - 1) + 2 + n + 2 }

func hexRowCount(n, perRow int) int { return (n + perRow - 1) / perRow }

// hexRow formats row r of data: offset, the bytes in hex, and the bytes as
// ASCII with anything not printable as '.'. The output is ASCII by
// construction, so it cannot carry a control byte.
func hexRow(data []byte, r, perRow int) (off, hex, text string) {
	start := r * perRow
	end := min(start+perRow, len(data))
	var o [8]byte
	for i, v := 7, start; i >= 0; i, v = i-1, v>>4 {
		o[i] = hexDigits[v&0xf]
	}
	var h strings.Builder
	h.Grow(perRow*3 + perRow/8)
	var t strings.Builder
	t.Grow(perRow + 2)
	t.WriteByte('|')
	for i := start; i < start+perRow; i++ {
		if i > start && (i-start)%8 == 0 {
			h.WriteByte(' ')
		}
		if i >= end {
			h.WriteString("   ")
			continue
		}
		c := data[i]
		h.WriteByte(hexDigits[c>>4])
		h.WriteByte(hexDigits[c&0xf])
		h.WriteByte(' ')
		if c >= 0x20 && c < 0x7f {
			t.WriteByte(c)
		} else {
			t.WriteByte('.')
		}
	}
	t.WriteByte('|')
	return string(o[:]), strings.TrimSuffix(h.String(), " "), t.String()
}
