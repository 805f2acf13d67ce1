package common

import (
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestHistoryWorstAndForget(t *testing.T) {
	h := NewGroupHistory()
	for i := range int64(3) {
		h.Observe([]kafkaops.PartitionLag{
			lagRow("a", 0, 10, 50+i, ""),     // stalled, lag 40..42
			lagRow("a", 1, 10, 500, ""),      // stalled, lag 490
			lagRow("b", 0, 100+i, 100+i, ""), // caught up
			{Topic: "c", Partition: 0, Error: "log offsets: leader not available"},
		}, true)
	}
	v, tp, ok := h.Group()
	if !ok || v.Status != health.Stall || tp != (kafkaops.TopicPartition{Topic: "a", Partition: 1}) {
		t.Errorf("group verdict %v on %v", v, tp)
	}
	if got := h.Totals(); len(got) != 3 || got[2] != 42+490 {
		t.Errorf("totals %v", got)
	}
	if h.Verdict(kafkaops.TopicPartition{Topic: "c", Partition: 0}).Status != health.Unknown {
		t.Errorf("a partition with an error has a verdict")
	}
	h.Observe([]kafkaops.PartitionLag{lagRow("b", 0, 200, 200, "")}, true)
	if v, _, _ := h.Group(); v.Status != health.OK || h.Lags(kafkaops.TopicPartition{Topic: "a", Partition: 1}) != nil {
		t.Errorf("partitions gone from the refresh not forgotten: %v", v)
	}
}

// The store keeps one history per cluster and group for the session:
// asking again returns the same history, another cluster's is apart, and
// Retain forgets the groups no longer listed.
func TestGroupHistoriesPerCluster(t *testing.T) {
	s := NewGroupHistories()
	a := s.Of("prod", "billing")
	a.Observe([]kafkaops.PartitionLag{lagRow("t", 0, 1, 5, "")}, false)
	if s.Of("prod", "billing") != a || len(s.Of("prod", "billing").Totals()) != 1 {
		t.Fatalf("the same cluster and group gave another history")
	}
	if len(s.Of("staging", "billing").Totals()) != 0 {
		t.Errorf("another cluster's group shares the history")
	}
	s.Retain("prod", func(string) bool { return false })
	if s.Has("prod", "billing") || !s.Has("staging", "billing") {
		t.Errorf("Retain forgot the wrong groups")
	}
}

func lagRow(topic string, p int32, committed, end int64, member string) kafkaops.PartitionLag {
	return kafkaops.PartitionLag{Topic: topic, Partition: p, Committed: committed, HasCommit: committed >= 0, LogEnd: end, Lag: max(0, end-committed), MemberID: member}
}

// The group list and a group view open over it both refresh the group:
// a refresh less than the gap after the last one taken in is not counted
// again (before, the view and list each fed their own copy).
func TestObserveAtSkipsCloseRefreshes(t *testing.T) {
	h := NewGroupHistory()
	t0 := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	rows := []kafkaops.PartitionLag{lagRow("t", 0, 1, 5, "")}
	for _, d := range []time.Duration{0, time.Second, 5 * time.Second, 6 * time.Second, 10 * time.Second} {
		h.ObserveAt(t0.Add(d), 2500*time.Millisecond, rows, true)
	}
	if n := len(h.Totals()); n != 3 {
		t.Errorf("%d points taken in, want 3 (at 0, 5s and 10s)", n)
	}
}
