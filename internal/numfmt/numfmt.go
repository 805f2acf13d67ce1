// Package numfmt formats numbers the one way kafkatui shows them, in the
// UI's tables and the CLI's human tables alike: quantities (offsets,
// watermarks, lag, counts) with thousands separators, so 1,001,234,567 is
// read at a glance. Identifiers (partition numbers, broker ids, a record's
// own offset in the tail) are printed plain: they are typed back into
// commands and are not read as sizes; a list of partition numbers is
// collapsed into runs (Ranges). JSON output keeps raw numbers. It imports
// the standard library only.
package numfmt

import "strconv"

// Group formats n with comma thousands separators: 1234567 is "1,234,567",
// -1234 is "-1,234". It is called for every cell of the tables (three per
// topic on each refresh of 10,000 topics), so it builds the text in a
// stack buffer: no allocation below 100 (strconv's small numbers), one
// otherwise.
func Group[T ~int | ~int32 | ~int64](n T) string {
	if n > -1000 && n < 1000 {
		return strconv.FormatInt(int64(n), 10)
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var buf [27]byte // 19 digits, 6 commas, the sign
	out := buf[:0]
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
