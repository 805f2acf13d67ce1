package produce

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// FuzzParseHeaders feeds the headers field arbitrary text. Nothing may
// panic; a refusal is one printable line naming the line; an accepted
// header has a trimmed, non-empty key without '=' and a value without a
// new line; and the headers written back into the field (when they can
// be typed exactly) parse to the same headers.
func FuzzParseHeaders(f *testing.F) {
	for _, s := range []string{
		"", "trace=abc", "a=1\nb=2", "\n\n k = v \n", "k=", "k=v=w", "=v", "novalue", "a=1\n\nbad",
		"k=\r", "k\r=v", "\x1b[2J=x", "k=\x1b]0;t\x07", "ключ=значение", "\xff=\xfe", " = ", "k=\tv",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		hs, reason := parseHeaders(text)
		if reason != "" {
			if hs != nil {
				t.Fatalf("parseHeaders(%q) refused (%s) but returned %v", text, reason, hs)
			}
			if !strings.HasPrefix(reason, "line ") || strings.IndexFunc(reason, unicode.IsControl) >= 0 {
				t.Fatalf("parseHeaders(%q) refused with %q: not one printable line naming the line", text, reason)
			}
			return
		}
		for _, h := range hs {
			if h.Key == "" || h.Key != strings.TrimSpace(h.Key) || strings.ContainsAny(h.Key, "=\n") {
				t.Fatalf("parseHeaders(%q) accepted key %q", text, h.Key)
			}
			if bytes.ContainsRune(h.Value, '\n') {
				t.Fatalf("parseHeaders(%q) accepted a value with a new line: %q", text, h.Value)
			}
		}
		if n := len(hs); n > strings.Count(text, "=") {
			t.Fatalf("parseHeaders(%q) found %d headers in %d '='", text, n, strings.Count(text, "="))
		}
		checkFormatRoundTrip(t, hs)
	})
}

// FuzzFormatHeaders writes arbitrary headers (a record's, loaded into the
// form) into the field. Nothing may panic, and when formatHeaders says the
// text is exact, parsing it gives back exactly those headers.
func FuzzFormatHeaders(f *testing.F) {
	f.Add("trace", []byte("abc"), "k", []byte(""))
	f.Add("a=b", []byte("v"), " k", []byte("x\ny"))
	f.Add("\x1b[2J", []byte{0, 0xff}, "", []byte(nil))
	f.Add("ключ", []byte("значение"), "k", []byte("\u202e"))
	f.Fuzz(func(t *testing.T, k1 string, v1 []byte, k2 string, v2 []byte) {
		checkFormatRoundTrip(t, []kafkaops.Header{{Key: k1, Value: v1}, {Key: k2, Value: v2}})
	})
}

// checkFormatRoundTrip formats hs and, when the text is exact, parses it
// back and compares.
func checkFormatRoundTrip(t *testing.T, hs []kafkaops.Header) {
	t.Helper()
	text, exact := formatHeaders(hs)
	if !exact {
		return
	}
	back, reason := parseHeaders(text)
	if reason != "" {
		t.Fatalf("headers %q formatted as exact %q, which is refused: %s", hs, text, reason)
	}
	if len(back) != len(hs) {
		t.Fatalf("headers %q formatted as exact %q came back as %q", hs, text, back)
	}
	for i := range hs {
		if back[i].Key != hs[i].Key || !bytes.Equal(back[i].Value, hs[i].Value) || (back[i].Value == nil) != (hs[i].Value == nil) {
			t.Fatalf("headers %q formatted as exact %q came back as %q", hs, text, back)
		}
	}
}
