package safe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is String for a name people tell apart by eye (a topic, a group, a
// record key): it also shows invisible and look-alike blank characters as
// escapes, so "orders" and "orders\u200b" (a zero-width space) never look
// the same. Shown as \uXXXX (\UXXXXXXXX above the BMP): format characters
// (Unicode category Cf: zero-width spaces and joiners, the BOM, soft hyphen,
// direction marks, tags), spaces other than the ASCII one (no-break, em,
// ideographic...), default-ignorable fillers (Hangul fillers, combining
// grapheme joiner), variation selectors and the blank braille pattern.
//
// Message values keep these characters (String): there a zero-width joiner
// builds an emoji, and nobody compares a value with another by eye.
func Name(s string) string {
	s = String(s)
	i := strings.IndexFunc(s, invisible)
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:i]...)
	for _, r := range s[i:] {
		if !invisible(r) {
			b = utf8.AppendRune(b, r)
			continue
		}
		if r > 0xffff {
			b = append(b, '\\', 'U')
			b = appendHexPadded(b, r, 8)
		} else {
			b = append(b, '\\', 'u')
			b = appendHexPadded(b, r, 4)
		}
	}
	return string(b)
}

func appendHexPadded(b []byte, r rune, digits int) []byte {
	h := strconv.FormatInt(int64(r), 16)
	for range digits - len(h) {
		b = append(b, '0')
	}
	return append(b, h...)
}

// invisible reports whether r shows as nothing, or as a blank that looks
// like another, on a terminal.
func invisible(r rune) bool {
	switch {
	case r < 0x80:
		return false // ASCII: String has dealt with its controls
	case r == 0x2800: // braille pattern blank
		return true
	case unicode.Is(unicode.Zs, r), unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Variation_Selector, r):
		return true
	}
	return false
}

// AppendName appends the Name form of b to dst. ASCII (nearly every key)
// costs what AppendText costs; other text pays for Name's extra check.
func AppendName(dst, b []byte) []byte {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return append(dst, Name(string(b))...)
		}
	}
	return AppendText(dst, b)
}
