package safe

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, line, multi string
	}{
		{"empty", "", "", ""},
		{"ascii", "hello, world", "hello, world", "hello, world"},
		{"utf8", "grüße 東京 🎉 a\u200db", "grüße 東京 🎉 a\u200db", "grüße 東京 🎉 a\u200db"},
		{"json", `{"id":"a\\b"}`, `{"id":"a\\b"}`, `{"id":"a\\b"}`},
		{"sgr", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`, `\x1b[31mred\x1b[0m`},
		{"osc title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`, `\x1b]0;pwned\x07`},
		{"newline", "a\nb", `a\nb`, "a\nb"},
		{"crlf", "a\r\nb", `a\r\nb`, "a\\r\nb"},
		{"tab", "a\tb", `a\tb`, `a\tb`},
		{"nul and del", "\x00x\x7f", `\x00x\x7f`, `\x00x\x7f`},
		{"c1 csi", "a\u009b31mb", `a\u009b31mb`, `a\u009b31mb`},
		{"c1 nel", "\u0085", `\u0085`, `\u0085`},
		{"first printable after c1", "\u00a0\u00ff", "\u00a0\u00ff", "\u00a0\u00ff"},
		{"invalid byte", "a\xffb", `a\xffb`, `a\xffb`},
		{"lone continuation", "\x80", `\x80`, `\x80`},
		{"truncated rune", "\xe6\x9d", `\xe6\x9d`, `\xe6\x9d`},
		{"raw c1 byte is invalid utf8", "\x9b", `\x9b`, `\x9b`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`, `abc\u202edcba`},
		{"bidi embeddings", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`, `\u202a\u202b\u202c\u202d`},
		{"bidi isolates", "\u2066\u2067\u2068\u2069", `\u2066\u2067\u2068\u2069`, `\u2066\u2067\u2068\u2069`},
		{"line separators", "a\u2028b\u2029", `a\u2028b\u2029`, `a\u2028b\u2029`},
		{"neighbours of bidi kept", "\u2029\u202f\u2065\u206a", "\\u2029\u202f\u2065\u206a", "\\u2029\u202f\u2065\u206a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text([]byte(tt.in)); got != tt.line {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if got := String(tt.in); got != tt.line {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if got := string(AppendText([]byte("x"), []byte(tt.in))); got != "x"+tt.line {
				t.Errorf("AppendText(%q) = %q, want %q", tt.in, got, "x"+tt.line)
			}
			if got := Multiline(tt.in); got != tt.multi {
				t.Errorf("Multiline(%q) = %q, want %q", tt.in, got, tt.multi)
			}
			if got := MultilineText([]byte(tt.in)); got != tt.multi {
				t.Errorf("MultilineText(%q) = %q, want %q", tt.in, got, tt.multi)
			}
			if got := string(AppendMultiline(nil, []byte(tt.in))); got != tt.multi {
				t.Errorf("AppendMultiline(%q) = %q, want %q", tt.in, got, tt.multi)
			}
		})
	}
}

func TestNoAllocationWhenClean(t *testing.T) {
	s := "orders-v2 {\"id\": 42, \"name\": \"grüße\"}"
	if n := testing.AllocsPerRun(100, func() { _ = String(s) }); n != 0 {
		t.Errorf("String allocated %v times on clean input", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Multiline(s) }); n != 0 {
		t.Errorf("Multiline allocated %v times on clean input", n)
	}
	b := []byte(s)
	dst := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { _ = AppendText(dst[:0], b) }); n != 0 {
		t.Errorf("AppendText allocated %v times on clean input", n)
	}
	// Escaping appends into the caller's buffer too.
	dirty := []byte("a\x1b[31mb\xff")
	if n := testing.AllocsPerRun(100, func() { _ = AppendText(dst[:0], dirty) }); n != 0 {
		t.Errorf("AppendText allocated %v times escaping into a large enough buffer", n)
	}
}

// checkSafe fails if out could act on a terminal.
func checkSafe(t *testing.T, in []byte, out string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("output for %q is not valid UTF-8: %q", in, out)
	}
	for i := 0; i < len(out); i++ {
		c := out[i]
		if (c < 0x20 && !(multiline && c == '\n')) || c == 0x7f {
			t.Fatalf("output for %q holds byte %#x: %q", in, c, out)
		}
	}
	for _, r := range out {
		if unsafeRune(r) {
			t.Fatalf("output for %q holds rune %U: %q", in, r, out)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\x1b[2J\x1b[H", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "a\nb\r\n\t",
		"\xc2\x9b", "\xc2", "\xe2\x80\xae", "\xe2\x81\xa6x\xe2\x81\xa9", "\xf0\x9f\x8e", "\xff\xfe\x00",
		"🎉\u200d", "\u2028",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		one := Text(b)
		checkSafe(t, b, one, false)
		if strings.Contains(one, "\n") {
			t.Fatalf("one-line output for %q holds a newline", b)
		}
		multi := MultilineText(b)
		checkSafe(t, b, multi, true)
		if got := bytes.Count(b, []byte{'\n'}); strings.Count(multi, "\n") != got {
			t.Fatalf("multi-line output for %q has %d newlines, input %d", b, strings.Count(multi, "\n"), got)
		}
		if String(string(b)) != one || string(AppendText(nil, b)) != one {
			t.Fatalf("Text, String and AppendText disagree on %q", b)
		}
		if Multiline(string(b)) != multi || string(AppendMultiline(nil, b)) != multi {
			t.Fatalf("MultilineText, Multiline and AppendMultiline disagree on %q", b)
		}
		// Text that needed nothing escaped must come back byte for byte.
		if clean(b, false) && one != string(b) {
			t.Fatalf("clean input %q changed to %q", b, one)
		}
		if clean(b, false) != cleanString(string(b), false) {
			t.Fatalf("clean and cleanString disagree on %q", b)
		}
	})
}

// printable8 must agree with the byte test on every byte in every lane:
// it is the fast path that lets a word through without looking at bytes.
func TestPrintable8MatchesByteTest(t *testing.T) {
	for lane := 0; lane < 8; lane++ {
		for c := 0; c < 256; c++ {
			w := []byte("abcdefgh")
			w[lane] = byte(c)
			want := c >= 0x20 && c < 0x7f
			if got := printable8(binary.LittleEndian.Uint64(w)); got != want {
				t.Fatalf("byte %#x in lane %d: printable8 = %v, want %v", c, lane, got, want)
			}
		}
	}
}

func FuzzCleanMatchesByteLoop(f *testing.F) {
	f.Add([]byte("plain json {\"a\":1}"), false)
	f.Add([]byte("0123456789abcdef\x1b[2J and more text"), true)
	f.Add([]byte("line\nbreak and \xc2\x9b csi"), true)
	f.Fuzz(func(t *testing.T, b []byte, multiline bool) {
		want := true
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r < 0x20 && !(multiline && r == '\n') || r == 0x7f || r == utf8.RuneError && n == 1 || unsafeRune(r) {
				want = false
				break
			}
			i += n
		}
		if got := clean(b, multiline); got != want {
			t.Fatalf("clean(%q, %v) = %v, want %v", b, multiline, got, want)
		}
		if got := cleanString(string(b), multiline); got != want {
			t.Fatalf("cleanString(%q, %v) = %v, want %v", b, multiline, got, want)
		}
	})
}
