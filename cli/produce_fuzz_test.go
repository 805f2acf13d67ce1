package cli

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

// FuzzHeaderFlags feeds `produce -H` arbitrary values, two at a time as a
// repeated flag. Nothing may panic; a refusal is a usage error on one
// printable line; an accepted header has a non-empty key without '=', and
// key=value written back is exactly the flag as given (the value keeps
// every byte, '=' included).
func FuzzHeaderFlags(f *testing.F) {
	for _, s := range [][2]string{
		{"trace=abc", "source=web"}, {"k=", "k=v=w"}, {"=v", "k=v"}, {"novalue", "a=b"}, {"", "x=y"},
		{" k = v ", "k\t=\n"}, {"ключ=значение", "\x1b[2J=\x00"}, {"a==", "\xff=\xfe"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in := []string{a, b}
		hs, err := parseHeaders(in)
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("parseHeaders(%q) failed with %T, not a usage error", in, err)
			}
			msg := err.Error()
			if msg == "" || strings.IndexFunc(msg, unicode.IsControl) >= 0 {
				t.Fatalf("parseHeaders(%q) refused with %q: not one printable line", in, msg)
			}
			return
		}
		if len(hs) != len(in) {
			t.Fatalf("parseHeaders(%q) gave %d headers", in, len(hs))
		}
		for i, h := range hs {
			if h.Key == "" || strings.Contains(h.Key, "=") {
				t.Fatalf("parseHeaders(%q) accepted key %q", in, h.Key)
			}
			if back := h.Key + "=" + string(h.Value); back != in[i] {
				t.Fatalf("header %q came back as %q", in[i], back)
			}
		}
	})
}
