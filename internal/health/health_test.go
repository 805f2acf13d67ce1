package health

import (
	"strings"
	"testing"
)

// history builds samples from committed offsets and log ends, all with a
// commit; consumers says whether the group had members.
func history(consumers bool, committed, logEnd []int64) []Sample {
	out := make([]Sample, len(committed))
	for i := range committed {
		out[i] = Sample{Committed: committed[i], HasCommit: true, LogEnd: logEnd[i], Lag: logEnd[i] - committed[i], Consumers: consumers}
	}
	return out
}

func TestEvaluate(t *testing.T) {
	cases := []struct {
		name   string
		w      []Sample
		status Status
		reason string
	}{
		{"empty", nil, Unknown, "no refresh yet"},
		{"no commit", []Sample{{LogEnd: 10, Consumers: true}}, Unknown, "no committed offset"},
		{"caught up", history(true, []int64{5, 8, 10}, []int64{5, 9, 10}), OK, "caught up"},
		{"caught up earlier", history(true, []int64{10, 10, 10}, []int64{10, 12, 15}), OK, "caught up 2 refreshes ago, lag 5"},
		{"too few to judge", history(true, []int64{100, 100}, []int64{500, 600}), Unknown, "judging: 2 of 3 refreshes seen, lag 500"},
		{"moving, lag falling", history(true, []int64{100, 200, 300, 400}, []int64{500, 550, 560, 570}), OK, "committing, lag not growing (170)"},
		{"moving, lag flat then down", history(true, []int64{100, 200, 300}, []int64{500, 600, 690}), OK, "committing, lag not growing (390)"},
		{"warn", history(true, []int64{100, 150, 200, 250}, []int64{500, 600, 700, 800}), Warn, "committing, but lag grew over 4 refreshes, from 400 to 550"},
		// A lag of 1 becoming 2 over 3 refreshes is records in flight
		// (it was a WARN): too few refreshes, and too little growth.
		{"growing, too few", history(true, []int64{100, 101, 102}, []int64{101, 103, 104}), Unknown, "judging: lag grew from 1 to 2, 3 of 4 refreshes seen"},
		{"growing, too little", history(true, []int64{100, 101, 102, 103, 104}, []int64{101, 103, 104, 105, 106}), OK, "committing, lag grew only from 1 to 2"},
		{"growing, small share", history(true, []int64{0, 10, 20, 30}, []int64{1000000, 1000020, 1000040, 1000050}), OK, "committing, lag grew only from 1,000,000 to 1,000,020"},
		{"stall", history(true, []int64{1000, 1000, 1000, 1000, 1000, 1000}, []int64{2204, 2204, 2204, 2204, 2204, 2204}), Stall, "committed offset unchanged for 6 refreshes, lag 1,204"},
		{"stop", history(false, []int64{7, 7, 7}, []int64{90, 95, 99}), Stop, "no commit for 3 refreshes and no consumer in the group, lag 92"},
		{"rewind", history(true, []int64{500, 600, 20, 40}, []int64{700, 800, 900, 950}), Rewind, "committed offset went back from 600 to 20, lag 910"},
		{"rewind beats too few", history(false, []int64{500, 0}, []int64{700, 700}), Rewind, "committed offset went back from 500 to 0, lag 700"},
		{"expired", []Sample{{Committed: 500, HasCommit: true, LogStart: 1704, LogEnd: 3000, Lag: 2500, Consumers: true}}, Expired, "1,204 records expired unread (commit 500 < log start 1,704)"},
		{"expired beats stop", append(history(false, []int64{7, 7, 7}, []int64{90, 95, 99}), Sample{Committed: 7, HasCommit: true, LogStart: 50, LogEnd: 99, Lag: 92}), Expired, "43 records expired unread (commit 7 < log start 50)"},
		{"commit at log start", []Sample{{Committed: 50, HasCommit: true, LogStart: 50, LogEnd: 50, Consumers: true}}, OK, "caught up"},
		{"expired earlier, caught up since", append([]Sample{{Committed: 5, HasCommit: true, LogStart: 9, LogEnd: 12, Lag: 7}}, history(true, []int64{12, 12}, []int64{12, 12})...), OK, "caught up"},
		{"commit appeared", append([]Sample{{LogEnd: 5}, {LogEnd: 6}}, history(true, []int64{6, 6}, []int64{10, 12})...), Unknown, "judging: 2 of 3 refreshes seen, lag 6"},
	}
	for _, c := range cases {
		v := Evaluate(c.w)
		if v.Status != c.status || v.Reason != c.reason {
			t.Errorf("%s: %v %q, want %v %q", c.name, v.Status, v.Reason, c.status, c.reason)
		}
	}
}

func TestWindowSlides(t *testing.T) {
	w := NewWindow(3)
	// Lag zero long ago leaves the window: the partition is judged on the
	// last three refreshes only.
	for _, s := range history(true, []int64{10, 10, 10, 10}, []int64{10, 20, 30, 40}) {
		w.Add(s)
	}
	if n := len(w.Samples()); n != 3 {
		t.Fatalf("window holds %d samples, want 3", n)
	}
	if v := w.Verdict(); v.Status != Stall || !strings.HasPrefix(v.Reason, "committed offset unchanged for 3 refreshes, lag 30") {
		t.Errorf("verdict %v %q", v.Status, v.Reason)
	}
	c := w.Clone()
	c.Add(Sample{Committed: 40, HasCommit: true, LogEnd: 40, Consumers: true})
	if w.Verdict().Status != Stall || c.Verdict().Status != OK {
		t.Errorf("clone not independent: %v %v", w.Verdict(), c.Verdict())
	}
}

func TestWorstAndStrings(t *testing.T) {
	order := []Status{Unknown, OK, Warn, Rewind, Stall, Stop, Expired}
	names := []string{"-", "OK", "WARN", "REWIND", "STALL", "STOP", "EXPIRED"}
	for i := range order {
		if order[i].String() != names[i] {
			t.Errorf("%d: %q", i, order[i].String())
		}
		for j := range order {
			want := order[max(i, j)]
			if got := Worst(Verdict{Status: order[i]}, Verdict{Status: order[j]}).Status; got != want {
				t.Errorf("Worst(%v, %v) = %v", order[i], order[j], got)
			}
		}
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1204: "1,204", -1234567: "-1,234,567"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q", n, got)
		}
	}
}

func TestSeriesKeepsNewest(t *testing.T) {
	s := NewSeries(3)
	for i := range int64(5) {
		s.Add(i)
	}
	if got := s.Values(); len(got) != 3 || got[0] != 2 || got[2] != 4 {
		t.Errorf("series %v", got)
	}
	c := s.Clone()
	c.Add(9)
	if s.Values()[2] != 4 {
		t.Errorf("clone shares storage")
	}
}
