package common

import (
	"time"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// GroupHistories is what the session has seen of consumer groups' lag, by
// cluster then group id. It lives in Common, outside the panes, so that
// closing and reopening the group list or a group view continues the
// trends and verdicts instead of starting them from nothing. Only Update
// methods touch it (one goroutine), so it needs no lock.
type GroupHistories struct {
	byCluster map[string]map[string]*GroupHistory
}

// NewGroupHistories returns an empty store.
func NewGroupHistories() *GroupHistories {
	return &GroupHistories{byCluster: make(map[string]map[string]*GroupHistory)}
}

// Of returns the history of group on cluster, created empty the first time.
func (s *GroupHistories) Of(cluster, group string) *GroupHistory {
	groups := s.byCluster[cluster]
	if groups == nil {
		groups = make(map[string]*GroupHistory)
		s.byCluster[cluster] = groups
	}
	h := groups[group]
	if h == nil {
		h = NewGroupHistory()
		groups[group] = h
	}
	return h
}

// Has reports whether the session holds a history of group on cluster.
func (s *GroupHistories) Has(cluster, group string) bool {
	_, ok := s.byCluster[cluster][group]
	return ok
}

// Retain forgets the groups of cluster for which keep is false: a group
// that is no longer listed was deleted, and a new one of the same name
// must not inherit its verdict.
func (s *GroupHistories) Retain(cluster string, keep func(group string) bool) {
	for id := range s.byCluster[cluster] {
		if !keep(id) {
			delete(s.byCluster[cluster], id)
		}
	}
}

// GroupHistory is what the session has seen of one group's lag: a health
// window and a lag series per partition, and the group's total lag series.
type GroupHistory struct {
	parts map[kafkaops.TopicPartition]*partHistory
	total *health.Series
	// at is when the last refresh was taken in (zero before the first).
	at time.Time
}

type partHistory struct {
	win *health.Window
	lag *health.Series
}

// NewGroupHistory returns an empty history.
func NewGroupHistory() *GroupHistory {
	return &GroupHistory{parts: make(map[kafkaops.TopicPartition]*partHistory), total: health.NewSeries(0)}
}

// Observe records one refresh of the group: its partition rows (rows with
// an error are skipped, as a refresh that says nothing about them) and
// whether it had members. Partitions no longer listed are forgotten: their
// offsets were deleted or their topic was.
func (h *GroupHistory) Observe(rows []kafkaops.PartitionLag, consumers bool) {
	seen := make(map[kafkaops.TopicPartition]bool, len(rows))
	var total int64
	for _, r := range rows {
		tp := kafkaops.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		seen[tp] = true
		if r.Error != "" {
			continue
		}
		p := h.parts[tp]
		if p == nil {
			p = &partHistory{win: health.NewWindow(0), lag: health.NewSeries(0)}
			h.parts[tp] = p
		}
		p.win.Add(health.Sample{Committed: r.Committed, HasCommit: r.HasCommit, LogStart: r.LogStart, LogEnd: r.LogEnd, Lag: r.Lag, Consumers: consumers})
		p.lag.Add(r.Lag)
		total += r.Lag
	}
	for tp := range h.parts {
		if !seen[tp] {
			delete(h.parts, tp)
		}
	}
	h.total.Add(total)
}

// ObserveAt is Observe for a refresh taken at, unless the history took one
// in less than gap before: the group list and a group view open on top of
// it both refresh the same group, and counting both would make "over N
// refreshes" and the trend run twice as fast while the view is open.
func (h *GroupHistory) ObserveAt(at time.Time, gap time.Duration, rows []kafkaops.PartitionLag, consumers bool) {
	if !h.at.IsZero() && at.Sub(h.at) < gap {
		return
	}
	h.at = at
	h.Observe(rows, consumers)
}

// Verdict is the health of one partition.
func (h *GroupHistory) Verdict(tp kafkaops.TopicPartition) health.Verdict {
	if p := h.parts[tp]; p != nil {
		return p.win.Verdict()
	}
	return health.Evaluate(nil)
}

// Lags is one partition's lag series, oldest first.
func (h *GroupHistory) Lags(tp kafkaops.TopicPartition) []int64 {
	if p := h.parts[tp]; p != nil {
		return p.lag.Values()
	}
	return nil
}

// Totals is the group's total lag series, oldest first.
func (h *GroupHistory) Totals() []int64 { return h.total.Values() }

// Group is the group's health: its worst partition's verdict, and which
// partition that is (ok false when no partition has a verdict).
func (h *GroupHistory) Group() (v health.Verdict, worst kafkaops.TopicPartition, ok bool) {
	v = health.Evaluate(nil)
	var worstLag int64
	for tp, p := range h.parts {
		pv := p.win.Verdict()
		lag := last(p.lag.Values())
		// Among partitions of the same status the most behind one
		// speaks for the group; then the one that sorts first, so the
		// reason shown does not jump around between refreshes.
		better := !ok || pv.Status > v.Status ||
			(pv.Status == v.Status && (lag > worstLag || (lag == worstLag && less(tp, worst))))
		if better {
			v, worst, worstLag, ok = pv, tp, lag, true
		}
	}
	return v, worst, ok
}

func last(vals []int64) int64 {
	if len(vals) == 0 {
		return 0
	}
	return vals[len(vals)-1]
}

func less(a, b kafkaops.TopicPartition) bool {
	if a.Topic != b.Topic {
		return a.Topic < b.Topic
	}
	return a.Partition < b.Partition
}
