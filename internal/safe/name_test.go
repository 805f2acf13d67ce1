package safe

import (
	"strings"
	"testing"
)

func TestNameShowsInvisibles(t *testing.T) {
	tests := []struct{ in, want string }{
		{"orders", "orders"},
		{"grüße 東京", "grüße 東京"},
		{"orders\u200b", `orders\u200b`},
		{"ord\u200cers\u200d", `ord\u200cers\u200d`},
		{"\ufefforders", `\ufefforders`},
		{"soft\u00adhyphen", `soft\u00adhyphen`},
		{"no\u00a0break", `no\u00a0break`},
		{"em\u2003space", `em\u2003space`},
		{"ideo\u3000space", `ideo\u3000space`},
		{"word\u2060joiner", `word\u2060joiner`},
		{"lrm\u200e", `lrm\u200e`},
		{"filler\u3164", `filler\u3164`},
		{"cgj\u034f", `cgj\u034f`},
		{"vs\ufe0f", `vs\ufe0f`},
		{"tag\U000e0041", `tag\U000e0041`},
		{"braille\u2800", `braille\u2800`},
		{"esc\x1b[2J\u200b", `esc\x1b[2J\u200b`},
		{"bidi\u202e", `bidi\u202e`},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNamesNeverLookAlike: names that differ only by an invisible
// character come out different once shown, and each shows as printable
// text only.
func TestNamesNeverLookAlike(t *testing.T) {
	base := "orders"
	seen := map[string]rune{Name(base): 0}
	for _, r := range []rune{0x200b, 0x200c, 0x200d, 0xfeff, 0x2060, 0x00ad, 0x00a0, 0x180e, 0x2028, 0x202f, 0x3164, 0xfe0f} {
		got := Name(base + string(r))
		if prev, dup := seen[got]; dup {
			t.Errorf("orders+U+%04X shows as %q, like orders+U+%04X", r, got, prev)
		}
		seen[got] = r
		if strings.ContainsRune(got, r) {
			t.Errorf("Name(orders+U+%04X) = %q keeps the character", r, got)
		}
	}
}

func TestScreen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\nlines\tand tab", "plain\nlines\tand tab"},
		{"\x1b[1;38;5;12mbold blue\x1b[0m", "\x1b[1;38;5;12mbold blue\x1b[0m"},
		{"\x1b[38:2::1:2:3mcolon\x1b[m", "\x1b[38:2::1:2:3mcolon\x1b[m"},
		{"title\x1b]2;PWNED\x07", `title\x1b]2;PWNED\x07`},
		{"clear\x1b[2J", `clear\x1b[2J`},
		{"up\x1b[5A", `up\x1b[5A`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"rtl\u202e", `rtl\u202e`},
		{"cr\r", `cr\r`},
		{"lone esc\x1b", `lone esc\x1b`},
		{"bad\xff", `bad\xff`},
		{"東京 ● │", "東京 ● │"},
	}
	for _, tt := range tests {
		if got := Screen(tt.in); got != tt.want {
			t.Errorf("Screen(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	frame := strings.Repeat("\x1b[7m row \x1b[0m│ text\n", 50)
	if n := testing.AllocsPerRun(100, func() { _ = Screen(frame) }); n != 0 {
		t.Errorf("Screen allocates %v times on a clean frame", n)
	}
}
