package kafkaops

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The parsers of what a user types for a reset (the CLI's --to and
// --partitions, the reset form's fields). Their errors are read by that
// user: each says what was wrong with what they typed and what is
// accepted, in their words, never a strconv or time.Parse text. They quote
// the input with %q, so a refusal is one printable line.

// resetForms is what a reset target may be, as the errors say it.
const resetForms = "use earliest, latest, offset:N, time:-1h (or time:2026-01-02T15:04:05Z) or shift:-N/+N"

// ParseResetTarget reads a reset target, resolving relative times against
// time.Now. See ParseResetTargetAt.
func ParseResetTarget(s string) (ResetTarget, error) { return ParseResetTargetAt(s, time.Now()) }

// ParseResetTargetAt reads a reset target: earliest, latest, offset:N,
// shift:+N/-N, or a time written as the tail's start position takes one
// after '@' (ParsePositionAt): time:-1h, time:2026-01-02T15:04:05Z,
// time:2026-01-02 15:04 (now's zone), or the tail's own @-15m. Relative
// times are resolved against now.
func ParseResetTargetAt(s string, now time.Time) (ResetTarget, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return ResetTarget{}, fmt.Errorf("nothing to reset to; %s", resetForms)
	}
	if strings.HasPrefix(s, "@") {
		return resetTime(s, s[1:], now)
	}
	kind, arg, hasArg := strings.Cut(s, ":")
	switch k := strings.ToLower(kind); k {
	case "earliest", "latest":
		if !hasArg {
			if k == "earliest" {
				return ResetTarget{Kind: ResetEarliest}, nil
			}
			return ResetTarget{Kind: ResetLatest}, nil
		}
		return ResetTarget{}, fmt.Errorf("%q: %s takes nothing after it; write %s alone", s, k, k)
	case "offset":
		arg = strings.TrimSpace(arg)
		if arg == "" {
			return ResetTarget{}, fmt.Errorf("%q needs the offset after it, like offset:1200", s)
		}
		n, err := strconv.ParseInt(arg, 10, 64)
		switch {
		case err == nil && n >= 0:
			return ResetTarget{Kind: ResetOffset, Offset: n}, nil
		case err == nil || strings.HasPrefix(arg, "-") && allDigits(arg[1:]):
			return ResetTarget{}, fmt.Errorf("%q: offsets start at 0; to move back from the commit use shift:%s", s, arg)
		case allDigits(arg):
			return ResetTarget{}, fmt.Errorf("%q: %s is too large for an offset", s, arg)
		}
		return ResetTarget{}, fmt.Errorf("%q: %q is not an offset; use a number from 0, like offset:1200", s, arg)
	case "time":
		return resetTime(s, strings.TrimSpace(arg), now)
	case "shift":
		arg = strings.TrimSpace(arg)
		if arg == "" {
			return ResetTarget{}, fmt.Errorf("%q needs a signed number of records after it, like shift:-100 or shift:+100", s)
		}
		signed := arg[0] == '+' || arg[0] == '-'
		n, err := strconv.ParseInt(arg, 10, 64)
		switch {
		case err == nil && signed:
			return ResetTarget{Kind: ResetShift, Shift: n}, nil
		case err == nil:
			return ResetTarget{}, fmt.Errorf("%q: a shift needs its direction, like shift:-%s (back) or shift:+%s (forward)", s, arg, arg)
		case signed && allDigits(arg[1:]) && len(arg) > 1:
			return ResetTarget{}, fmt.Errorf("%q: %s is too large for a shift", s, arg)
		}
		return ResetTarget{}, fmt.Errorf("%q: %q is not a number of records; use shift:-100 (back) or shift:+100 (forward)", s, arg)
	}
	if !hasArg {
		return ResetTarget{}, fmt.Errorf("%q is not a reset target; %s", s, resetForms)
	}
	return ResetTarget{}, fmt.Errorf("%q: %q is not a kind of reset target; %s", s, kind, resetForms)
}

// timeForms is what a reset's time may be, as the errors say it.
const timeForms = "use time:-15m, time:-2h30m or time:-1d (back from now), time:2026-01-02T15:04:05Z, or time:2026-01-02 15:04 (local time)"

// resetTime reads when, the time of a reset target s, with the tail's
// grammar after '@', so the two never disagree on what a time may be; the
// errors are the reset's own, in its syntax.
func resetTime(s, when string, now time.Time) (ResetTarget, error) {
	switch {
	case when == "":
		return ResetTarget{}, fmt.Errorf("%q needs a time after it; %s", s, timeForms)
	case when[0] == '+':
		return ResetTarget{}, fmt.Errorf("%q is in the future; a reset moves to a time before now, like time:-1h", s)
	case when[0] == '-':
		if _, reason := parseAgo(when[1:]); strings.Contains(reason, "out of range") {
			return ResetTarget{}, fmt.Errorf("%q goes back further than a time can be written", s)
		} else if reason != "" {
			return ResetTarget{}, fmt.Errorf("%q: %q is not a time back from now; use minutes, hours or days, like time:-15m, time:-2h30m or time:-1d", s, when[1:])
		}
	}
	var reason string
	p, err := parseAt(when, now, func(r string) (Position, error) {
		reason = r
		return Position{}, &PositionError{Input: s, Reason: r}
	})
	switch {
	case err == nil:
		return ResetTarget{Kind: ResetTime, Time: p.Time}, nil
	case strings.Contains(reason, "1970"):
		return ResetTarget{}, fmt.Errorf("%q is before 1970, which Kafka cannot look up", s)
	}
	return ResetTarget{}, fmt.Errorf("%q is not a time; %s", s, timeForms)
}

// maxPartitionList bounds a partition list: no topic has this many
// partitions, and a typo such as 0-2147483647 must not allocate gigabytes.
const maxPartitionList = 100_000

// partitionForms is what a partition list may be, as the errors say it.
const partitionForms = "use numbers and ranges like 0,2,4-7 (empty or all for every partition)"

// ParsePartitionList reads a partition list such as "0,1,4-6"; empty or
// "all" means every partition (nil). The result is sorted, without
// duplicates.
func ParsePartitionList(s string) ([]int32, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "all") {
		return nil, nil
	}
	seen := map[int32]bool{}
	total := int64(0)
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			return nil, fmt.Errorf("%q has an empty entry between commas; %s", s, partitionForms)
		}
		lo, hi, isRange := strings.Cut(f, "-")
		lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
		if isRange && lo == "" && allDigits(hi) && hi != "" {
			return nil, fmt.Errorf("%q: partition numbers start at 0; %s", f, partitionForms)
		}
		a, err := partitionNumber(f, lo)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if hi == "" {
				return nil, fmt.Errorf("%q is a range without its end, like %s-%d; %s", f, lo, a+3, partitionForms)
			}
			if b, err = partitionNumber(f, hi); err != nil {
				return nil, err
			}
			if b < a {
				return nil, fmt.Errorf("%q runs backwards; write the lower partition first, like %d-%d", f, b, a)
			}
		}
		if total += b - a + 1; total > maxPartitionList {
			return nil, fmt.Errorf("%q lists more than %d partitions, more than a topic can have", s, maxPartitionList)
		}
		for p := a; p <= b; p++ {
			seen[int32(p)] = true
		}
	}
	out := make([]int32, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// partitionNumber reads n, one number of the entry f of a partition list.
func partitionNumber(f, n string) (int64, error) {
	if n == "" || !allDigits(n) {
		return 0, fmt.Errorf("%q is not a partition number; %s", f, partitionForms)
	}
	v, err := strconv.ParseInt(n, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q: %s is too large for a partition number", f, n)
	}
	return v, nil
}
