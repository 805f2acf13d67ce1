// Package groupfake is an in-memory cluster of consumer groups for the
// tests of the groups pane and the group view: it answers the group
// capabilities from its fields and records the writes asked of it. It is
// imported by tests only and may import kafkaops (types) and the standard
// library.
package groupfake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Fake answers from its fields; tests change them between refreshes.
type Fake struct {
	mu      sync.Mutex
	Groups  []kafkaops.GroupSummary
	ListErr error
	Lags    map[string]kafkaops.GroupLag
	Details map[string]kafkaops.GroupDetail
	Times   map[kafkaops.TopicPartition]time.Time
	// PlanErr, ResetErr and DeleteErr make those calls fail.
	PlanErr   error
	ResetErr  error
	DeleteErr error

	Lists          int
	TimesAsked     int // rows passed to LagTimes, over all calls
	Plans          []kafkaops.ResetRequest
	Executed       []kafkaops.ResetPlan
	DeletedGroups  []string
	DeletedOffsets []string // "group/topic"
}

// ListGroups returns Groups.
func (f *Fake) ListGroups(context.Context) ([]kafkaops.GroupSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Lists++
	if f.ListErr != nil {
		return nil, f.ListErr
	}
	return slices.Clone(f.Groups), nil
}

// DescribeGroup returns Details[group].
func (f *Fake) DescribeGroup(_ context.Context, group string) (kafkaops.GroupDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.Details[group]
	if !ok {
		return kafkaops.GroupDetail{}, fmt.Errorf("describe group %q: group does not exist", group)
	}
	d.Members = slices.Clone(d.Members)
	d.Offsets = slices.Clone(d.Offsets)
	return d, nil
}

// GroupsLag returns Lags for the groups asked.
func (f *Fake) GroupsLag(_ context.Context, groups []string) (map[string]kafkaops.GroupLag, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]kafkaops.GroupLag, len(groups))
	for _, g := range groups {
		l := f.Lags[g]
		l.Group = g
		l.Offsets = slices.Clone(l.Offsets)
		out[g] = l
	}
	return out, nil
}

// LagTimes returns Times for the lagging rows.
func (f *Fake) LagTimes(_ context.Context, rows []kafkaops.PartitionLag) (map[kafkaops.TopicPartition]time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[kafkaops.TopicPartition]time.Time)
	f.TimesAsked += len(rows)
	for _, r := range rows {
		tp := kafkaops.TopicPartition{Topic: r.Topic, Partition: r.Partition}
		if ts, ok := f.Times[tp]; ok && r.HasCommit && r.Lag > 0 {
			out[tp] = ts
		}
	}
	return out, nil
}

// PlanOffsetReset plans from Details: earliest and latest only, which is
// enough for the UI's tests (the real planning is kafkaops's, tested there);
// with AllTopics, every partition with a commit.
func (f *Fake) PlanOffsetReset(_ context.Context, req kafkaops.ResetRequest) (kafkaops.ResetPlan, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Plans = append(f.Plans, req)
	if f.PlanErr != nil {
		return kafkaops.ResetPlan{}, f.PlanErr
	}
	d := f.Details[req.Group]
	if req.AllTopics && !slices.ContainsFunc(d.Offsets, func(o kafkaops.PartitionLag) bool { return o.HasCommit }) {
		return kafkaops.ResetPlan{}, fmt.Errorf("plan offset reset of group %q on all topics: %w to reset", req.Group, kafkaops.ErrNoCommits)
	}
	p := kafkaops.ResetPlan{Group: req.Group, Topic: req.Topic, AllTopics: req.AllTopics, To: req.To, State: d.State}
	for _, o := range d.Offsets {
		if req.AllTopics && !o.HasCommit ||
			!req.AllTopics && (o.Topic != req.Topic || (len(req.Partitions) > 0 && !slices.Contains(req.Partitions, o.Partition))) {
			continue
		}
		r := kafkaops.ResetRow{Topic: o.Topic, Partition: o.Partition, Current: o.Committed, HasCurrent: o.HasCommit, LogStart: o.LogStart, LogEnd: o.LogEnd, LagBefore: o.Lag}
		switch req.To.Kind {
		case kafkaops.ResetEarliest:
			r.New = o.LogStart
		case kafkaops.ResetLatest:
			r.New = o.LogEnd
		default:
			return kafkaops.ResetPlan{}, errors.New("the fake plans earliest and latest only")
		}
		r.LagAfter = o.LogEnd - r.New
		p.Rows = append(p.Rows, r)
	}
	return p, nil
}

// ResetOffsets records the plan and applies it to Details.
func (f *Fake) ResetOffsets(_ context.Context, p kafkaops.ResetPlan) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Executed = append(f.Executed, p)
	if f.ResetErr != nil {
		return f.ResetErr
	}
	d := f.Details[p.Group]
	d.Offsets = slices.Clone(d.Offsets)
	for i, o := range d.Offsets {
		for _, r := range p.Rows {
			if (o.Topic == r.Topic || r.Topic == "" && o.Topic == p.Topic) && o.Partition == r.Partition {
				d.Offsets[i].Committed, d.Offsets[i].HasCommit, d.Offsets[i].Lag = r.New, true, r.LagAfter
			}
		}
	}
	f.Details[p.Group] = d
	return nil
}

// DeleteGroup records the group.
func (f *Fake) DeleteGroup(_ context.Context, group string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.DeletedGroups = append(f.DeletedGroups, group)
	return f.DeleteErr
}

// DeleteGroupOffsets records group/topic.
func (f *Fake) DeleteGroupOffsets(_ context.Context, group, topic string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.DeletedOffsets = append(f.DeletedOffsets, group+"/"+topic)
	return f.DeleteErr
}

// SetLag replaces a group's lag rows (committed offsets and log ends by
// partition of topic, log starts 0), computing lags and the total as
// kafkaops does.
func (f *Fake) SetLag(group, topic string, committed, logEnd []int64) {
	f.SetLagStart(group, topic, committed, make([]int64, len(committed)), logEnd)
}

// SetLagStart is SetLag with log starts, so that a commit can fall below
// one: Expired and TotalExpired are computed as kafkaops does.
func (f *Fake) SetLagStart(group, topic string, committed, logStart, logEnd []int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Lags == nil {
		f.Lags = map[string]kafkaops.GroupLag{}
	}
	l := kafkaops.GroupLag{Group: group, Topics: []string{topic}}
	for p := range committed {
		r := kafkaops.PartitionLag{Topic: topic, Partition: int32(p), Committed: committed[p], HasCommit: true,
			LogStart: logStart[p], LogEnd: logEnd[p], Lag: max(0, logEnd[p]-committed[p])}
		if committed[p] < logStart[p] {
			r.Expired = logStart[p] - committed[p]
		}
		l.Offsets = append(l.Offsets, r)
		l.TotalLag += r.Lag
		l.TotalExpired += r.Expired
	}
	f.Lags[group] = l
}

// Snapshot returns copies of the recorded writes.
func (f *Fake) Snapshot() (plans []kafkaops.ResetRequest, executed []kafkaops.ResetPlan, groups, offsets []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.Plans), slices.Clone(f.Executed), slices.Clone(f.DeletedGroups), slices.Clone(f.DeletedOffsets)
}
