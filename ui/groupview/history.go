package groupview

import (
	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// History is what the session has seen of one group's lag: a health window
// and a lag series per partition, and the group's total lag series. The
// group list keeps one per group and hands a copy to the group view it
// opens, so trends and verdicts do not start from nothing there.
type History struct {
	parts map[kafkaops.TopicPartition]*partHistory
	total *health.Series
}

type partHistory struct {
	win *health.Window
	lag *health.Series
}

// NewHistory returns an empty history.
func NewHistory() *History {
	return &History{parts: make(map[kafkaops.TopicPartition]*partHistory), total: health.NewSeries(0)}
}

// Observe records one refresh of the group: its partition rows (rows with
// an error are skipped, as a refresh that says nothing about them) and
// whether it had members. Partitions no longer listed are forgotten: their
// offsets were deleted or their topic was.
func (h *History) Observe(rows []kafkaops.PartitionLag, consumers bool) {
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

// Verdict is the health of one partition.
func (h *History) Verdict(tp kafkaops.TopicPartition) health.Verdict {
	if p := h.parts[tp]; p != nil {
		return p.win.Verdict()
	}
	return health.Evaluate(nil)
}

// Lags is one partition's lag series, oldest first.
func (h *History) Lags(tp kafkaops.TopicPartition) []int64 {
	if p := h.parts[tp]; p != nil {
		return p.lag.Values()
	}
	return nil
}

// Totals is the group's total lag series, oldest first.
func (h *History) Totals() []int64 { return h.total.Values() }

// Group is the group's health: its worst partition's verdict, and which
// partition that is (ok false when no partition has a verdict).
func (h *History) Group() (v health.Verdict, worst kafkaops.TopicPartition, ok bool) {
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

// Clone returns an independent copy.
func (h *History) Clone() *History {
	c := &History{parts: make(map[kafkaops.TopicPartition]*partHistory, len(h.parts)), total: h.total.Clone()}
	for tp, p := range h.parts {
		c.parts[tp] = &partHistory{win: p.win.Clone(), lag: p.lag.Clone()}
	}
	return c
}
