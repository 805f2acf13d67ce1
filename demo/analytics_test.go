package demo

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// analytics must read as a consumer that commits but falls behind, on every
// partition: a partition whose committed offset stops moving reads as a
// stall, one that keeps up reads as healthy.
func TestAnalyticsFallsBehindOnEveryPartition(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	c := startDemo(t, context.Background(), Options{})
	adm := newAdmin(t, c.Bootstrap())

	type sample struct {
		at            time.Time
		commit, end   map[int32]int64
		lag, produced int64
	}
	take := func() (sample, string) {
		l, err := adm.Lag(reqCtx(t), GroupAnalytics)
		if err != nil {
			t.Fatal(err)
		}
		an := l[GroupAnalytics]
		if err := an.Error(); err != nil {
			return sample{}, fmt.Sprintf("analytics: %v", err)
		}
		if an.State != "Stable" || len(an.Members) != 2 {
			return sample{}, fmt.Sprintf("analytics %s with %d members", an.State, len(an.Members))
		}
		s := sample{at: time.Now(), commit: map[int32]int64{}, end: map[int32]int64{}, lag: an.Lag.Total()}
		for p, m := range an.Lag[TopicClickstream] {
			if m.Commit.At < 0 {
				return sample{}, fmt.Sprintf("clickstream/%d has no commit", p)
			}
			s.commit[p], s.end[p] = m.Commit.At, m.End.Offset
		}
		if len(s.commit) != 12 {
			return sample{}, fmt.Sprintf("commits on %d clickstream partitions, want 12", len(s.commit))
		}
		return s, ""
	}

	var first sample
	waitFor(t, 20*time.Second, func() (bool, string) {
		s, why := take()
		first = s
		return why == "", why
	})
	// Four commit rounds, so that a round more or less at either end of
	// the window skews the shares below by no more than a quarter. Every
	// partition's committed offset must move in that time.
	var last sample
	waitFor(t, 20*time.Second, func() (bool, string) {
		now, why := take()
		if why != "" {
			return false, why
		}
		last = now
		if took := now.at.Sub(first.at); took < 4*laggingCommitEvery {
			return false, fmt.Sprintf("only %v since the first sample", took)
		}
		for p := range now.commit {
			if now.commit[p] <= first.commit[p] {
				return false, fmt.Sprintf("clickstream/%d: committed offset still %d after %v", p, now.commit[p], now.at.Sub(first.at).Round(time.Millisecond))
			}
		}
		return true, ""
	})
	var produced int64
	for p := range last.commit {
		made, moved := last.end[p]-first.end[p], last.commit[p]-first.commit[p]
		produced += made
		// analyticsShare of what was produced there, less up to a round.
		if moved*100 < made*20 || moved*100 > made*60 {
			t.Errorf("clickstream/%d: committed offset moved by %d while %d records were produced; want about %.0f%%", p, moved, made, analyticsShare*100)
		}
	}
	if grew := last.lag - first.lag; grew*100 < produced*45 {
		t.Errorf("analytics lag grew by %d while %d records were produced; want about %.0f%%", grew, produced, (1-analyticsShare)*100)
	}
	t.Logf("over %v: %d records produced, analytics lag grew by %d", last.at.Sub(first.at).Round(time.Millisecond), produced, last.lag-first.lag)

	adm.Close()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t, goroutines)
}
