// Package safe makes untrusted text safe to show on a terminal.
//
// Kafka keys, values, headers and even group names are arbitrary bytes. Written
// raw to a terminal, an escape sequence in a message can recolour the screen,
// move the cursor, retitle the window or hide what follows; a bidi override
// can make text read differently from what it is. Every place that shows
// such data to a person (the headless commands' plain output, the UI) passes
// it through this package first. It imports only the standard library.
//
// The output is for reading, not for parsing back: a backslash in the input
// is left alone, so "\x1b" in the output may be an escaped ESC or those four
// characters. Machine-readable output (--json) carries the exact bytes.
package safe

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// Text returns b as one line of printable text: control characters (C0,
// DEL, C1), newlines included, bidi controls and line separators are shown
// as escapes such as \x1b, \n or \u202e, and bytes that are not valid UTF-8
// as \xNN. Valid printable text comes back unchanged.
func Text(b []byte) string {
	if clean(b, false) {
		return string(b)
	}
	return string(appendEscaped(make([]byte, 0, len(b)+16), b, false))
}

// String is Text for a string. It does not allocate when s needs no escaping.
func String(s string) string {
	if cleanString(s, false) {
		return s
	}
	return string(appendEscaped(make([]byte, 0, len(s)+16), []byte(s), false))
}

// Multiline is String for text shown over several lines: it keeps \n and
// escapes everything else String escapes (\r and \t included, since both
// rewrite what is already on screen or break column layout).
func Multiline(s string) string {
	if cleanString(s, true) {
		return s
	}
	return string(appendEscaped(make([]byte, 0, len(s)+16), []byte(s), true))
}

// MultilineText is Multiline for bytes.
func MultilineText(b []byte) string {
	if clean(b, true) {
		return string(b)
	}
	return string(appendEscaped(make([]byte, 0, len(b)+16), b, true))
}

// AppendText appends the one-line form of b (as Text) to dst. It lets a hot
// loop write records without allocating.
func AppendText(dst, b []byte) []byte {
	if clean(b, false) {
		return append(dst, b...)
	}
	return appendEscaped(dst, b, false)
}

// AppendMultiline appends the multi-line form of b (as Multiline) to dst.
func AppendMultiline(dst, b []byte) []byte {
	if clean(b, true) {
		return append(dst, b...)
	}
	return appendEscaped(dst, b, true)
}

// clean reports whether b can be shown as is. ASCII is checked byte by byte;
// only non-ASCII bytes pay for UTF-8 decoding.
func clean(b []byte, multiline bool) bool {
	i := printableASCIIPrefix(b)
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(multiline && c == '\n') {
					return false
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return false
		}
		i += n
	}
	return true
}

// cleanString is clean for a string, without converting it.
func cleanString(s string, multiline bool) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !printable8(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(multiline && c == '\n') {
					return false
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return false
		}
		i += n
	}
	return true
}

// printableASCIIPrefix returns how many leading bytes of b, in whole
// words of 8, are printable ASCII (0x20-0x7e): the common case of a JSON or
// text value is then checked a word at a time, which a live tail of a busy
// topic does for every record.
func printableASCIIPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if !printable8(binary.LittleEndian.Uint64(b[i:])) {
			break
		}
	}
	return i
}

// printable8 reports whether all 8 bytes of w are printable ASCII. The
// first term has a high bit set for a byte below 0x20, the second for a
// byte of 0x7f or above (classic SWAR tests; a carry can only add false
// alarms, which the byte loop then settles).
func printable8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - 0x20*ones) &^ w & highs
	above := (w + 0x01*ones | w) & highs
	return below|above == 0
}

// unsafeRune reports whether a non-ASCII rune must be escaped: C1 controls
// (terminals act on some, e.g. U+009B is CSI), the bidi embeddings,
// overrides and isolates used in "Trojan Source" tricks, and the Unicode
// line and paragraph separators, which some programs treat as newlines.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return false
}

const hexDigits = "0123456789abcdef"

func appendEscaped(dst, b []byte, multiline bool) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n' && multiline:
				dst = append(dst, c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		case unsafeRune(r):
			dst = append(dst, '\\', 'u')
			if r < 0x1000 {
				dst = append(dst, '0')
			}
			if r < 0x100 {
				dst = append(dst, '0')
			}
			dst = strconv.AppendInt(dst, int64(r), 16)
		default:
			dst = append(dst, b[i:i+n]...)
		}
		i += n
	}
	return dst
}
