package safe

import "unicode/utf8"

// Screen makes a whole frame of the UI safe to hand to the terminal: it
// keeps line breaks, tabs and SGR sequences (ESC [ params m: the colours and
// attributes lipgloss draws with) and escapes every other control as String
// does, so no escape sequence that moves the cursor, clears the screen,
// retitles the window or talks to the clipboard can be in a View, whichever
// widget forgot to escape a string from Kafka. It is the last line of
// defence; widgets escape what they draw themselves. It does not allocate
// when s needs no change.
func Screen(s string) string {
	var out []byte // nil until something needs escaping
	done := 0      // s[:done] is in out
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c == 0x1b {
			if n := sgrLen(s[i:]); n > 0 {
				i += n
				continue
			}
		}
		n := 1
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && size == 1) && !unsafeRune(r) {
				i += size
				continue
			}
			n = size
		}
		if out == nil {
			out = make([]byte, 0, len(s)+32)
		}
		out = append(out, s[done:i]...)
		out = appendEscaped(out, []byte(s[i:i+n]), false)
		i += n
		done = i
	}
	if out == nil {
		return s
	}
	return string(append(out, s[done:]...))
}

// sgrLen is the length of the SGR sequence s starts with, 0 if it does not
// start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' || c == ';' || c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
