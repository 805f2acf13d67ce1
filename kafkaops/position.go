package kafkaops

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// positionForms is what ParsePosition accepts, for error messages.
const positionForms = "want beginning, end, an offset N, -N (the last N records), " +
	"s@<unix-ms>, @<time> (RFC 3339, e.g. @2024-05-01T14:00:00Z) or @-<duration> (e.g. @-15m, @-1d12h)"

// PositionError is a start position that could not be parsed. Its message
// quotes the input and says what would have been accepted.
type PositionError struct {
	Input  string
	Reason string
}

// Error quotes the input and gives the reason.
func (e *PositionError) Error() string {
	return fmt.Sprintf("invalid position %q: %s", e.Input, e.Reason)
}

// ParsePosition parses a kcat-style start position, resolving relative
// times against time.Now. See ParsePositionAt for the grammar.
func ParsePosition(s string) (Position, error) { return ParsePositionAt(s, time.Now()) }

// ParsePositionAt parses a start position, resolving relative times against
// now. The grammar is kcat's -o with the time forms kafkatui adds:
//
//	beginning | start | earliest | oldest   the log start of each partition
//	end | latest | newest                   only records produced from now on
//	N                                       absolute offset N (N >= 0)
//	-N                                      the last N records of each partition (Consume counts back past gaps)
//	s@<unix-ms>                             first record at or after the time (kcat)
//	@<time>                                 same, with a written time:
//	                                          2024-05-01T14:00:00Z, ...T14:00:00.250+02:00 (RFC 3339),
//	                                          2024-05-01T14:00Z (no seconds),
//	                                          2024-05-01T14:00[:05] or "2024-05-01 14:00" (no zone: now's zone),
//	                                          2024-05-01 (midnight in now's zone)
//	@-<duration>                            that long before now: @-15m, @-2h30m, @-1d, @-1d12h
//
// A time without a zone is read in now's location (the local zone for
// ParsePosition), the zone a person at the terminal most likely means; the
// resolved instant is in Position.Time for the caller to show. Keywords are
// case-insensitive and surrounding spaces are ignored. Times before 1970 are
// rejected: Kafka reads negative timestamps as special offsets.
func ParsePositionAt(s string, now time.Time) (Position, error) {
	in := strings.TrimSpace(s)
	fail := func(reason string) (Position, error) {
		return Position{}, &PositionError{Input: s, Reason: reason}
	}
	if in == "" {
		return fail("empty; " + positionForms)
	}
	switch strings.ToLower(in) {
	case "beginning", "start", "earliest", "oldest":
		return Position{Kind: PosBeginning}, nil
	case "end", "latest", "newest":
		return Position{Kind: PosEnd}, nil
	case "stored", "committed":
		return fail("reading from a consumer group's committed offset is not supported; " + positionForms)
	}
	switch {
	case in[0] == '-':
		n, reason := parseCount(in[1:], "a record count after '-'")
		if reason != "" {
			return fail(reason)
		}
		return Position{Kind: PosFromEnd, Offset: n}, nil
	case isDigit(in[0]):
		n, reason := parseCount(in, "an offset")
		if reason != "" {
			return fail(reason)
		}
		return Position{Kind: PosOffset, Offset: n}, nil
	case len(in) >= 2 && (in[0] == 's' || in[0] == 'S') && in[1] == '@':
		ms, reason := parseCount(in[2:], "unix milliseconds after s@")
		if reason != "" {
			return fail(reason)
		}
		return timePosition(time.UnixMilli(ms), fail)
	case len(in) >= 2 && (in[0] == 'e' || in[0] == 'E') && in[1] == '@':
		return fail("e@ (stop at a time) is not supported; use a start position: " + positionForms)
	case in[0] == '@':
		return parseAt(in[1:], now, fail)
	case in[0] == '+':
		return fail("a leading '+' is not part of the grammar; " + positionForms)
	}
	return fail(positionForms)
}

// parseAt parses what follows '@': a relative duration or a written time.
func parseAt(rest string, now time.Time, fail func(string) (Position, error)) (Position, error) {
	switch {
	case rest == "":
		return fail("missing time after '@'; " + positionForms)
	case rest[0] == '+':
		return fail("a time in the future cannot be a start position; use @-<duration> for a time before now")
	case rest[0] == '-':
		if rest == "-" {
			return fail("missing duration after '@-', e.g. @-15m or @-2h30m")
		}
		d, reason := parseAgo(rest[1:])
		if reason != "" {
			return fail(reason)
		}
		return timePosition(now.Add(-d), fail)
	}
	if allDigits(rest) && len(rest) > 8 {
		return fail("a bare number after '@' is ambiguous; use s@" + rest + " for unix milliseconds")
	}
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, rest); err == nil {
			return timePosition(t, fail)
		}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, rest, now.Location()); err == nil {
			return timePosition(t, fail)
		}
	}
	return fail("not a time; want RFC 3339 like @2024-05-01T14:00:00Z, a date-time without zone like " +
		"@2024-05-01T14:00 (read in the local zone), a date like @2024-05-01, or @-<duration> like @-15m")
}

// zonedLayouts are written times that carry their zone. RFC3339Nano parses
// times with or without a seconds fraction.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04Z07:00",
}

// localLayouts are written times without a zone, read in now's location.
var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// timePosition checks that t is a timestamp Kafka can look up.
func timePosition(t time.Time, fail func(string) (Position, error)) (Position, error) {
	if t.UnixMilli() < 0 {
		return fail("times before 1970-01-01T00:00:00Z cannot be looked up (Kafka reads negative timestamps as special offsets)")
	}
	return Position{Kind: PosTime, Time: t}, nil
}

// parseCount parses a non-negative decimal int64, naming what it is in the
// failure reason; the reason is empty on success.
func parseCount(s, what string) (int64, string) {
	if s == "" {
		return 0, "missing " + what + "; " + positionForms
	}
	if !allDigits(s) {
		return 0, fmt.Sprintf("%q is not %s; %s", s, what, positionForms)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Sprintf("number out of range (at most %d)", int64(maxInt64))
		}
		return 0, err.Error()
	}
	return n, ""
}

const maxInt64 = 1<<63 - 1

// parseAgo parses a positive duration: Go's syntax (15m, 2h30m, 1.5h, 90s)
// with an optional leading day count (1d, 1d12h), since "a day ago" is a
// common thing to ask and time.ParseDuration has no days.
func parseAgo(s string) (time.Duration, string) {
	var days int64
	if i := strings.IndexAny(s, "dD"); i > 0 && allDigits(s[:i]) {
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil || n > int64(maxDuration/(24*time.Hour)) {
			return 0, "duration out of range"
		}
		days, s = n, s[i+1:]
	}
	var d time.Duration
	if s != "" {
		var err error
		d, err = time.ParseDuration(s)
		if err != nil {
			if durationSyntax.MatchString(s) {
				return 0, "duration out of range"
			}
			return 0, fmt.Sprintf("%q is not a duration; want e.g. @-15m, @-2h30m, @-1d", s)
		}
		if d < 0 || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
			return 0, "want a single '-' before the duration, e.g. @-15m"
		}
	}
	total := time.Duration(days) * 24 * time.Hour
	if d > maxDuration-total {
		return 0, "duration out of range"
	}
	total += d
	if total <= 0 {
		return 0, "duration must be more than zero, e.g. @-15m"
	}
	return total, ""
}

const maxDuration = time.Duration(maxInt64)

// durationSyntax matches what time.ParseDuration reads, so that a failure on
// a well-formed duration can be reported as too large rather than malformed.
var durationSyntax = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))*$`)

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// String writes p back in the grammar ParsePosition reads; a time becomes
// s@<unix-ms>, so relative forms lose their "ago" but keep their instant.
func (p Position) String() string {
	switch p.Kind {
	case PosBeginning:
		return "beginning"
	case PosEnd:
		return "end"
	case PosOffset:
		return strconv.FormatInt(p.Offset, 10)
	case PosFromEnd:
		return "-" + strconv.FormatInt(p.Offset, 10)
	case PosTime:
		return "s@" + strconv.FormatInt(p.Time.UnixMilli(), 10)
	}
	return fmt.Sprintf("position(%d)", int(p.Kind))
}
