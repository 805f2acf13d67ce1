package kafkaops

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// FuzzParsePartitionList feeds the partition list (group reset
// --partitions, the reset dialog, the tail's start form) arbitrary input.
// Nothing may panic or allocate without bound; a refusal is one printable
// line; an accepted list is sorted, without duplicates, at most
// maxPartitionList long, and written back as a comma list it parses to
// itself.
func FuzzParsePartitionList(f *testing.F) {
	for _, s := range []string{
		"", "0", " 0, 2,4-6 ", "4,1,1", "0-2147483647", "2147483647", "2147483648", "-1", "3-1", "1,", "2-x",
		"0-99999", "0-100000", "1-1", "0--1", "+1", " ", ",", "0x1", "٣", "1-2-3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePartitionList(s)
		if err != nil {
			if ps != nil {
				t.Fatalf("ParsePartitionList(%q) failed (%v) but returned %v", s, err, ps)
			}
			if msg := err.Error(); strings.IndexFunc(msg, unicode.IsControl) >= 0 {
				t.Fatalf("ParsePartitionList(%q) refused with %q: not one printable line", s, msg)
			}
			return
		}
		if len(ps) > maxPartitionList {
			t.Fatalf("ParsePartitionList(%q) gave %d partitions", s, len(ps))
		}
		parts := make([]string, len(ps))
		for i, p := range ps {
			if p < 0 || i > 0 && p <= ps[i-1] {
				t.Fatalf("ParsePartitionList(%q) = %v: not increasing from 0", s, ps)
			}
			parts[i] = strconv.Itoa(int(p))
		}
		back, err := ParsePartitionList(strings.Join(parts, ","))
		if err != nil || len(back) != len(ps) {
			t.Fatalf("ParsePartitionList(%q) = %v, written back: %v %v", s, ps, back, err)
		}
		for i := range ps {
			if back[i] != ps[i] {
				t.Fatalf("ParsePartitionList(%q) = %v, written back: %v", s, ps, back)
			}
		}
	})
}

// FuzzParseResetTarget feeds group reset --to arbitrary input. Nothing may
// panic; a refusal is one printable line; an accepted target's String
// parses back to the same target, so the preview shows exactly what is
// written.
func FuzzParseResetTarget(f *testing.F) {
	for _, s := range []string{
		"earliest", "latest", "offset:0", "offset:-1", "time:2026-01-02T15:04:05Z", "time:2026-01-02T15:04:05.123+02:00",
		"shift:+10", "shift:-100", "shift:10", "shift:", "EARLIEST", "earliest:x", " latest ", "offset:1e3", "time:yesterday",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseResetTarget(s)
		if err != nil {
			if msg := err.Error(); strings.IndexFunc(msg, unicode.IsControl) >= 0 {
				t.Fatalf("ParseResetTarget(%q) refused with %q: not one printable line", s, msg)
			}
			return
		}
		back, err := ParseResetTarget(tg.String())
		if err != nil {
			t.Fatalf("ParseResetTarget(%q) = %q, which does not parse: %v", s, tg.String(), err)
		}
		if back.Kind != tg.Kind || back.Offset != tg.Offset || back.Shift != tg.Shift || !back.Time.Equal(tg.Time) {
			t.Fatalf("ParseResetTarget(%q) = %+v, written %q, read back %+v", s, tg, tg.String(), back)
		}
	})
}
