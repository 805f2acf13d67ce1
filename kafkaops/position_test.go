package kafkaops

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// positionNow is the fixed "now" of the position tests, in a zone that is
// not UTC so that zone handling shows.
var positionNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))

func TestParsePositionAccepts(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	local := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, positionNow.Location())
	}
	cases := []struct {
		in   string
		want Position
	}{
		{"beginning", Position{Kind: PosBeginning}},
		{"BEGINNING", Position{Kind: PosBeginning}},
		{"start", Position{Kind: PosBeginning}},
		{"earliest", Position{Kind: PosBeginning}},
		{"oldest", Position{Kind: PosBeginning}},
		{"  beginning  ", Position{Kind: PosBeginning}},
		{"end", Position{Kind: PosEnd}},
		{"latest", Position{Kind: PosEnd}},
		{"newest", Position{Kind: PosEnd}},
		{"0", Position{Kind: PosOffset, Offset: 0}},
		{"42", Position{Kind: PosOffset, Offset: 42}},
		{"007", Position{Kind: PosOffset, Offset: 7}},
		{"9223372036854775807", Position{Kind: PosOffset, Offset: 9223372036854775807}},
		{"-10", Position{Kind: PosFromEnd, Offset: 10}},
		{"-0", Position{Kind: PosFromEnd, Offset: 0}},
		{"-9223372036854775807", Position{Kind: PosFromEnd, Offset: 9223372036854775807}},
		{"s@1714557600000", Position{Kind: PosTime, Time: time.UnixMilli(1714557600000)}},
		{"S@0", Position{Kind: PosTime, Time: time.UnixMilli(0)}},
		{"@2024-05-01T10:00:00Z", Position{Kind: PosTime, Time: utc("2024-05-01T10:00:00Z")}},
		{"@2024-05-01T10:00:00.250Z", Position{Kind: PosTime, Time: utc("2024-05-01T10:00:00.25Z")}},
		{"@2024-05-01T12:00:00+02:00", Position{Kind: PosTime, Time: utc("2024-05-01T10:00:00Z")}},
		{"@2024-05-01T10:00Z", Position{Kind: PosTime, Time: utc("2024-05-01T10:00:00Z")}},
		{"@2024-05-01 10:00:00Z", Position{Kind: PosTime, Time: utc("2024-05-01T10:00:00Z")}},
		{"@2024-05-01T10:00:05", Position{Kind: PosTime, Time: local(2024, 5, 1, 10, 0, 5, 0)}},
		{"@2024-05-01T10:00:05.5", Position{Kind: PosTime, Time: local(2024, 5, 1, 10, 0, 5, 500_000_000)}},
		{"@2024-05-01T10:00", Position{Kind: PosTime, Time: local(2024, 5, 1, 10, 0, 0, 0)}},
		{"@2024-05-01 10:00", Position{Kind: PosTime, Time: local(2024, 5, 1, 10, 0, 0, 0)}},
		{"@2024-05-01", Position{Kind: PosTime, Time: local(2024, 5, 1, 0, 0, 0, 0)}},
		{"@-15m", Position{Kind: PosTime, Time: positionNow.Add(-15 * time.Minute)}},
		{"@-2h30m", Position{Kind: PosTime, Time: positionNow.Add(-150 * time.Minute)}},
		{"@-90s", Position{Kind: PosTime, Time: positionNow.Add(-90 * time.Second)}},
		{"@-1.5h", Position{Kind: PosTime, Time: positionNow.Add(-90 * time.Minute)}},
		{"@-1d", Position{Kind: PosTime, Time: positionNow.Add(-24 * time.Hour)}},
		{"@-2d12h", Position{Kind: PosTime, Time: positionNow.Add(-60 * time.Hour)}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParsePositionAt(tc.in, positionNow)
			if err != nil {
				t.Fatalf("ParsePositionAt(%q): %v", tc.in, err)
			}
			if got.Kind != tc.want.Kind || got.Offset != tc.want.Offset || !got.Time.Equal(tc.want.Time) {
				t.Fatalf("ParsePositionAt(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParsePositionRejects(t *testing.T) {
	cases := []struct {
		in string
		// say are fragments the message must contain, besides the quoted input.
		say []string
	}{
		{"", []string{"empty", "beginning, end"}},
		{"   ", []string{"empty"}},
		{"banana", []string{"want beginning, end, an offset N, -N"}},
		{"99999999999999999999", []string{"out of range"}},
		{"9223372036854775808", []string{"out of range"}},
		{"-99999999999999999999", []string{"out of range"}},
		{"12abc", []string{"is not an offset"}},
		{"1.5", []string{"is not an offset"}},
		{"0x10", []string{"is not an offset"}},
		{"+5", []string{"'+'"}},
		{"-", []string{"missing a record count"}},
		{"--5", []string{"is not a record count"}},
		{"-banana", []string{"is not a record count"}},
		{"s@", []string{"missing unix milliseconds"}},
		{"s@abc", []string{"is not unix milliseconds"}},
		{"s@-5", []string{"is not unix milliseconds"}},
		{"s@99999999999999999999", []string{"out of range"}},
		{"e@1714557600000", []string{"not supported"}},
		{"stored", []string{"not supported"}},
		{"@", []string{"missing time"}},
		{"@not-a-time", []string{"not a time", "RFC 3339"}},
		{"@2024-13-01T00:00:00Z", []string{"not a time"}},
		{"@2024-05-01T10:00:00+25:00", []string{"not a time"}},
		{"@1714557600000", []string{"s@1714557600000"}},
		{"@-", []string{"missing duration"}},
		{"@+5m", []string{"future"}},
		{"@-5", []string{"not a duration"}},
		{"@-banana", []string{"not a duration"}},
		{"@--5m", []string{"single '-'"}},
		{"@-0s", []string{"more than zero"}},
		{"@-0d", []string{"more than zero"}},
		{"@-9999999999999h", []string{"out of range"}},
		{"@-99999999d", []string{"out of range"}},
		{"@-1000000h", []string{"before 1970"}},
		{"@1969-12-31T23:59:59Z", []string{"before 1970"}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParsePositionAt(tc.in, positionNow)
			if err == nil {
				t.Fatalf("ParsePositionAt(%q) = %+v, want an error", tc.in, got)
			}
			var pe *PositionError
			if !errors.As(err, &pe) || pe.Input != tc.in {
				t.Fatalf("error %v (%T) is not a *PositionError for %q", err, err, tc.in)
			}
			msg := err.Error()
			quoted := `"` + tc.in + `"`
			if !strings.Contains(msg, quoted) {
				t.Errorf("error %q does not quote the input %s", msg, quoted)
			}
			for _, s := range tc.say {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not say %q", msg, s)
				}
			}
		})
	}
}

// TestParsePositionUsesNow checks that ParsePosition resolves relative times
// against the clock, and that a written time ignores it.
func TestParsePositionUsesNow(t *testing.T) {
	before := time.Now()
	p, err := ParsePosition("@-1h")
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if p.Time.Before(before.Add(-time.Hour)) || p.Time.After(after.Add(-time.Hour)) {
		t.Fatalf("@-1h resolved to %v, want an hour before %v..%v", p.Time, before, after)
	}
	a, _ := ParsePositionAt("@2024-05-01T10:00:00Z", positionNow)
	b, _ := ParsePositionAt("@2024-05-01T10:00:00Z", positionNow.Add(72*time.Hour))
	if !a.Time.Equal(b.Time) {
		t.Fatalf("a zoned time depends on now: %v vs %v", a.Time, b.Time)
	}
}

func TestPositionString(t *testing.T) {
	for _, in := range []string{"beginning", "end", "0", "42", "-0", "-10", "s@1714557600000", "s@0"} {
		p, err := ParsePositionAt(in, positionNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.String(); got != in {
			t.Errorf("ParsePositionAt(%q).String() = %q", in, got)
		}
	}
	p, _ := ParsePositionAt("@2024-05-01T10:00:00.250Z", positionNow)
	if got, want := p.String(), "s@1714557600250"; got != want {
		t.Errorf("String of a written time = %q, want %q", got, want)
	}
}

func TestDescribePartitionIDs(t *testing.T) {
	cases := []struct {
		ids  []int32
		want string
	}{
		{nil, "no partitions"},
		{[]int32{0}, "1 partition: 0"},
		{[]int32{0, 1, 2}, "3 partitions: 0-2"},
		{[]int32{0, 1, 3, 5, 6, 7}, "6 partitions: 0-1,3,5-7"},
	}
	for _, tc := range cases {
		if got := describePartitionIDs(tc.ids); got != tc.want {
			t.Errorf("describePartitionIDs(%v) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
