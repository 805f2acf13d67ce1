// Package health judges a consumer group's progress on each partition from
// a sliding window of the lag refreshes seen in the session, the way
// Burrow evaluates groups: no fixed lag thresholds, only how the committed
// offset and the lag move from one refresh to the next, plus one fact a
// single refresh shows (a commit below the log start: records were removed
// before the group read them, which Burrow does not report). It is pure (no
// I/O, no clock) and imports the standard library and internal/numfmt only.
package health

import (
	"fmt"
	"strconv"

	"github.com/kafkatui/kafkatui/internal/numfmt"
)

// Status is a partition's or a group's health.
type Status int

// Statuses, from least to most severe. Unknown means not enough refreshes
// have been seen to judge (or nothing is committed).
const (
	Unknown Status = iota
	// OK: lag was zero at some point of the window, or the committed
	// offset moves and lag is not growing.
	OK
	// Warn: the group commits, but lag grew throughout the window.
	Warn
	// Rewind: the committed offset went backwards (a reset, or a
	// consumer replaying).
	Rewind
	// Stall: consumers are in the group but the committed offset has not
	// moved for the whole window while lag is positive.
	Stall
	// Stop: nothing was committed for the whole window, lag is positive
	// and the group has no consumer at all.
	Stop
	// Expired: the committed offset is below the log start, so records
	// were removed (retention, DeleteRecords) before the group read them.
	// It is a fact of one refresh, not a trend, and the worst status:
	// data is already lost to the group, whatever it does next.
	Expired
)

// String is the status as shown in tables.
func (s Status) String() string {
	switch s {
	case OK:
		return "OK"
	case Warn:
		return "WARN"
	case Rewind:
		return "REWIND"
	case Stall:
		return "STALL"
	case Stop:
		return "STOP"
	case Expired:
		return "EXPIRED"
	}
	return "-"
}

// Sample is one refresh of one partition.
type Sample struct {
	Committed int64
	HasCommit bool
	LogEnd    int64
	// LogStart is the partition's log start offset; 0 or less when
	// unknown.
	LogStart int64
	Lag      int64
	// Consumers reports whether the group had members at the refresh.
	Consumers bool
}

// Verdict is a status and why, in words a user can check against the
// table: "committed offset unchanged for 6 refreshes, lag 1,204".
type Verdict struct {
	Status Status
	Reason string
}

// DefaultWindow is how many refreshes a window holds (Burrow's default
// too); at the 5 s default refresh, the last 50 seconds.
const DefaultWindow = 10

// MinSamples is how many refreshes are needed before a lagging partition
// is judged: with fewer, "not moving" and "growing" mean nothing.
const MinSamples = 3

// WarnSamples is how many refreshes lag must have grown over before
// growing lag is a warning: over fewer, a consumer that commits in
// batches looks like one falling behind.
const WarnSamples = 4

// WarnMinGrowth is the least growth, in records, that counts as falling
// behind; the growth must also be at least 1/WarnMinShare of the lag the
// window started from. Lag going from 1 to 2, or from 1,000,000 to
// 1,000,050, is records in flight, not a trend.
const (
	WarnMinGrowth = 10
	WarnMinShare  = 20
)

// Evaluate judges a window of samples, oldest first.
func Evaluate(w []Sample) Verdict {
	n := len(w)
	if n == 0 {
		return Verdict{Unknown, "no refresh yet"}
	}
	last := w[n-1]
	if !last.HasCommit {
		return Verdict{Unknown, "no committed offset"}
	}
	// Only the trailing run of samples with a commit counts: a commit
	// that appeared (or was deleted and re-made) starts a new history.
	first := n - 1
	for first > 0 && w[first-1].HasCommit {
		first--
	}
	w = w[first:]
	n = len(w)
	if last.Committed < last.LogStart {
		return Verdict{Expired, fmt.Sprintf("%s records expired unread (commit %s < log start %s)",
			Count(last.LogStart-last.Committed), Count(last.Committed), Count(last.LogStart))}
	}
	if last.Lag == 0 {
		return Verdict{OK, "caught up"}
	}
	for i := range w {
		if w[i].Lag == 0 {
			return Verdict{OK, fmt.Sprintf("caught up %s ago, lag %s", refreshes(n-1-i), Count(last.Lag))}
		}
	}
	for i := n - 1; i > 0; i-- {
		if w[i].Committed < w[i-1].Committed {
			return Verdict{Rewind, fmt.Sprintf("committed offset went back from %s to %s, lag %s", Count(w[i-1].Committed), Count(w[i].Committed), Count(last.Lag))}
		}
	}
	if n < MinSamples {
		return Verdict{Unknown, fmt.Sprintf("judging: %d of %d refreshes seen, lag %s", n, MinSamples, Count(last.Lag))}
	}
	moved := false
	for i := 1; i < n; i++ {
		if w[i].Committed != w[0].Committed {
			moved = true
			break
		}
	}
	if !moved {
		if !last.Consumers {
			return Verdict{Stop, fmt.Sprintf("no commit for %s and no consumer in the group, lag %s", refreshes(n), Count(last.Lag))}
		}
		return Verdict{Stall, fmt.Sprintf("committed offset unchanged for %s, lag %s", refreshes(n), Count(last.Lag))}
	}
	growing := w[n-1].Lag > w[0].Lag
	for i := 1; growing && i < n; i++ {
		growing = w[i].Lag >= w[i-1].Lag
	}
	if growing && n < WarnSamples {
		return Verdict{Unknown, fmt.Sprintf("judging: lag grew from %s to %s, %d of %d refreshes seen", Count(w[0].Lag), Count(last.Lag), n, WarnSamples)}
	}
	if growth := last.Lag - w[0].Lag; growing && (growth < WarnMinGrowth || growth < w[0].Lag/WarnMinShare) {
		return Verdict{OK, fmt.Sprintf("committing, lag grew only from %s to %s", Count(w[0].Lag), Count(last.Lag))}
	}
	if growing {
		return Verdict{Warn, fmt.Sprintf("committing, but lag grew over %s, from %s to %s", refreshes(n), Count(w[0].Lag), Count(last.Lag))}
	}
	return Verdict{OK, fmt.Sprintf("committing, lag not growing (%s)", Count(last.Lag))}
}

// Worst returns the more severe of two verdicts; on a tie, a.
func Worst(a, b Verdict) Verdict {
	if b.Status > a.Status {
		return b
	}
	return a
}

func refreshes(n int) string {
	if n == 1 {
		return "1 refresh"
	}
	return strconv.Itoa(n) + " refreshes"
}

// Count formats n with thousands separators: 1,204 (numfmt.Group).
func Count(n int64) string { return numfmt.Group(n) }

// Window is the last few samples of one partition.
type Window struct {
	size    int
	samples []Sample
}

// NewWindow returns an empty window of size samples (DefaultWindow when
// size <= 0).
func NewWindow(size int) *Window {
	if size <= 0 {
		size = DefaultWindow
	}
	return &Window{size: size}
}

// Add appends a sample, dropping the oldest once the window is full.
func (w *Window) Add(s Sample) {
	if len(w.samples) == w.size {
		copy(w.samples, w.samples[1:])
		w.samples = w.samples[:w.size-1]
	}
	w.samples = append(w.samples, s)
}

// Samples are the window's samples, oldest first. The slice is the
// window's own: do not keep it across Add.
func (w *Window) Samples() []Sample { return w.samples }

// Verdict evaluates the window.
func (w *Window) Verdict() Verdict { return Evaluate(w.samples) }

// Clone returns an independent copy.
func (w *Window) Clone() *Window {
	return &Window{size: w.size, samples: append([]Sample(nil), w.samples...)}
}
