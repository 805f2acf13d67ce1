package kafkaops

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzParsePosition feeds ParsePositionAt arbitrary input. It must never
// panic; a refusal is a *PositionError quoting the input on one printable
// line; whatever it accepts must be a well-formed position whose String
// parses back to the same position; an absolute offset must be exactly the
// decimal number written; a relative time (@-15m) lies before now.
func FuzzParsePosition(f *testing.F) {
	for _, s := range []string{
		"beginning", "end", "0", "42", "-10", "s@1714557600000", "@2024-05-01T10:00:00Z",
		"@2024-05-01T10:00", "@-15m", "@-2h30m", "@-1d", "banana", "99999999999999999999",
		"@not-a-time", "s@abc", "-", "@-", "@+5m", "",
	} {
		f.Add(s)
	}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePositionAt(s, now)
		if err != nil {
			if p != (Position{}) {
				t.Fatalf("ParsePositionAt(%q) failed (%v) but returned %+v", s, err, p)
			}
			var pe *PositionError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("ParsePositionAt(%q) failed with %#v, not a PositionError quoting the input", s, err)
			}
			if msg := err.Error(); strings.IndexFunc(msg, unicode.IsControl) >= 0 || !utf8.ValidString(msg) {
				t.Fatalf("ParsePositionAt(%q) refused with %q: not one printable line", s, msg)
			}
			return
		}
		if in := trimSpaceASCII(s); strings.HasPrefix(in, "@-") && (p.Kind != PosTime || !p.Time.Before(now)) {
			t.Fatalf("ParsePositionAt(%q) = %+v, want a time before %v", s, p, now)
		}
		switch p.Kind {
		case PosOffset, PosFromEnd:
			if p.Offset < 0 {
				t.Fatalf("ParsePositionAt(%q) = negative offset %d", s, p.Offset)
			}
		case PosTime:
			if p.Time.UnixMilli() < 0 {
				t.Fatalf("ParsePositionAt(%q) = time %v before 1970", s, p.Time)
			}
		case PosBeginning, PosEnd:
		default:
			t.Fatalf("ParsePositionAt(%q) = unknown kind %d", s, p.Kind)
		}
		if p.Kind == PosOffset {
			n, err := strconv.ParseInt(trimSpaceASCII(s), 10, 64)
			if err != nil || n != p.Offset {
				t.Fatalf("ParsePositionAt(%q) = offset %d, but the input reads as %d (%v)", s, p.Offset, n, err)
			}
		}
		back, err := ParsePositionAt(p.String(), now)
		if err != nil {
			t.Fatalf("String of ParsePositionAt(%q) = %q does not parse: %v", s, p.String(), err)
		}
		same := back.Kind == p.Kind && back.Offset == p.Offset
		if p.Kind == PosTime {
			same = back.Kind == p.Kind && back.Time.UnixMilli() == p.Time.UnixMilli()
		}
		if !same {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v", s, p, p.String(), back)
		}
	})
}

// trimSpaceASCII is strings.TrimSpace for the check above, written out so
// the fuzz target does not trust the code under test.
func trimSpaceASCII(s string) string {
	isSpace := func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
			return true
		}
		return r >= 0x2000 && r <= 0x200A
	}
	rs := []rune(s)
	i, j := 0, len(rs)
	for i < j && isSpace(rs[i]) {
		i++
	}
	for j > i && isSpace(rs[j-1]) {
		j--
	}
	return string(rs[i:j])
}
