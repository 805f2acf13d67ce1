package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
)

var _ GroupOffsetAdmin = (*Cluster)(nil)

// GroupOffsetAdmin moves and deletes a group's committed offsets. Both only
// work on groups without members: a running consumer would overwrite them.
type GroupOffsetAdmin interface {
	PlanOffsetReset(ctx context.Context, req ResetRequest) (ResetPlan, error)
	ResetOffsets(ctx context.Context, plan ResetPlan) error
	DeleteGroupOffsets(ctx context.Context, group, topic string) error
}

// ResetKind is where a reset moves committed offsets to.
type ResetKind int

// Reset target kinds, as kafka-consumer-groups names them.
const (
	ResetEarliest ResetKind = iota + 1
	ResetLatest
	ResetOffset
	ResetTime
	ResetShift
)

// ResetTarget is a parsed reset target: earliest, latest, offset:N,
// time:RFC3339 or shift:+N/-N.
type ResetTarget struct {
	Kind   ResetKind
	Offset int64     // ResetOffset
	Time   time.Time // ResetTime
	Shift  int64     // ResetShift
}

// String gives the target back in the syntax ParseResetTarget reads.
func (t ResetTarget) String() string {
	switch t.Kind {
	case ResetEarliest:
		return "earliest"
	case ResetLatest:
		return "latest"
	case ResetOffset:
		return fmt.Sprintf("offset:%d", t.Offset)
	case ResetTime:
		return "time:" + t.Time.Format(time.RFC3339Nano)
	case ResetShift:
		return fmt.Sprintf("shift:%+d", t.Shift)
	}
	return "?"
}

// ResetRequest asks for a reset of group's offsets on one topic, or on
// every topic it has committed offsets for.
type ResetRequest struct {
	Group string
	// Topic is the one topic reset; empty with AllTopics.
	Topic string
	// AllTopics resets every partition the group has a committed offset
	// on, of every topic, in one write, as kafka-consumer-groups
	// --all-topics does.
	AllTopics bool
	// Partitions to reset, of Topic only; empty means every partition.
	Partitions []int32
	To         ResetTarget
}

// ResetRow is one partition of a reset plan.
type ResetRow struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Current is the committed offset now, meaningful when HasCurrent.
	Current    int64 `json:"current"`
	HasCurrent bool  `json:"has_current"`
	// New is where the reset moves the commit, within [LogStart, LogEnd].
	New      int64 `json:"new"`
	LogStart int64 `json:"log_start"`
	LogEnd   int64 `json:"log_end"`
	// LagBefore is meaningful when HasCurrent.
	LagBefore int64 `json:"lag_before"`
	LagAfter  int64 `json:"lag_after"`
}

// ResetPlan is what a reset would write, for a preview before it does.
type ResetPlan struct {
	Group string `json:"group"`
	// Topic is the topic of a one-topic plan; empty when AllTopics.
	Topic     string      `json:"topic"`
	AllTopics bool        `json:"all_topics"`
	To        ResetTarget `json:"-"`
	// State is the group state when planned (Empty, or Dead for a group
	// that does not exist yet: a reset creates it).
	State string `json:"state"`
	// Rows are by topic, then partition.
	Rows []ResetRow `json:"rows"`
}

// Topics are the plan's topics, in order.
func (p ResetPlan) Topics() []string {
	var out []string
	for _, r := range p.Rows {
		if t := p.rowTopic(r); len(out) == 0 || out[len(out)-1] != t {
			out = append(out, t)
		}
	}
	return out
}

// rowTopic is r's topic; a row made by hand for a one-topic plan may leave
// it to the plan.
func (p ResetPlan) rowTopic(r ResetRow) string {
	if r.Topic == "" {
		return p.Topic
	}
	return r.Topic
}

// ErrGroupActive is wrapped by the errors of resets and offset deletions
// refused because the group has members.
var ErrGroupActive = errors.New("group has active members")

// ErrNoCommits is wrapped by the error of an all-topics reset of a group
// that has committed no offset: there is no topic to reset.
var ErrNoCommits = errors.New("the group has no committed offsets")

// PlanOffsetReset works out where a reset would move the group's commits on
// the topic (or, with AllTopics, on every partition it has committed on),
// clamped to what the log holds, without writing anything. It refuses,
// wrapping ErrGroupActive, when the group has members: their next commit
// would undo the reset, and Kafka rejects commits from outside a live
// generation anyway.
func (c *Cluster) PlanOffsetReset(ctx context.Context, req ResetRequest) (ResetPlan, error) {
	on := req.Topic
	if req.AllTopics {
		on = "all topics"
	}
	what := fmt.Sprintf("plan offset reset of group %q on %s", req.Group, on)
	switch {
	case req.Group == "":
		return ResetPlan{}, fmt.Errorf("%s: a group is needed", what)
	case req.AllTopics && (req.Topic != "" || len(req.Partitions) > 0):
		return ResetPlan{}, fmt.Errorf("%s: all topics takes no topic or partitions", what)
	case !req.AllTopics && req.Topic == "":
		return ResetPlan{}, fmt.Errorf("%s: a topic is needed", what)
	case req.To.Kind == 0:
		return ResetPlan{}, fmt.Errorf("%s: no target given (%s)", what, resetForms)
	}
	state, err := c.inactiveGroupState(ctx, req.Group)
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	var parts map[string][]int32
	var current map[TopicPartition]int64
	if req.AllTopics {
		current, err = c.groupCommits(ctx, req.Group, nil)
		if err == nil && len(current) == 0 {
			err = fmt.Errorf("%w to reset (name a topic to start the group on one)", ErrNoCommits)
		}
		parts = make(map[string][]int32)
		for tp := range current {
			parts[tp.Topic] = append(parts[tp.Topic], tp.Partition)
		}
	} else {
		var ps []int32
		if ps, err = c.topicPartitions(ctx, req.Topic, req.Partitions); err == nil {
			parts = map[string][]int32{req.Topic: ps}
			current, err = c.groupCommits(ctx, req.Group, parts)
		}
	}
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	topics := make([]string, 0, len(parts))
	for t := range parts {
		slices.Sort(parts[t])
		topics = append(topics, t)
	}
	slices.Sort(topics)
	wm, err := c.watermarks(ctx, parts)
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	plan := ResetPlan{Group: req.Group, Topic: req.Topic, AllTopics: req.AllTopics, To: req.To, State: state}
	for _, topic := range topics {
		var byTime map[int32]int64
		if req.To.Kind == ResetTime {
			if byTime, err = c.offsetsForTime(ctx, topic, parts[topic], req.To.Time); err != nil {
				return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
			}
		}
		for _, p := range parts[topic] {
			tp := TopicPartition{topic, p}
			row, err := planRow(req.To, tp, wm[tp], current, byTime)
			if err != nil {
				return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
			}
			plan.Rows = append(plan.Rows, row)
		}
	}
	return plan, nil
}

// groupCommits reads group's committed offsets on parts, or on every
// partition it has committed on when parts is nil. A group that does not
// exist has none.
func (c *Cluster) groupCommits(ctx context.Context, group string, parts map[string][]int32) (map[TopicPartition]int64, error) {
	var commits *kafka.OffsetFetchResponse
	err := retryCoordinator(ctx, func() error {
		req := &kafka.OffsetFetchRequest{GroupID: group}
		if parts != nil {
			req.Topics = make(map[string][]int, len(parts))
			for t, ps := range parts {
				for _, p := range ps {
					req.Topics[t] = append(req.Topics[t], int(p))
				}
			}
		}
		var err error
		if commits, err = c.client.OffsetFetch(ctx, req); err == nil {
			err = commits.Error
		}
		return err
	})
	if errors.Is(err, kafka.GroupIdNotFound) {
		return map[TopicPartition]int64{}, nil // a new group: nothing committed yet
	}
	if err != nil {
		return nil, fmt.Errorf("fetch committed offsets: %w", groupError(err))
	}
	current := make(map[TopicPartition]int64)
	for t, ps := range commits.Topics {
		for _, p := range ps {
			if p.Error != nil {
				return nil, fmt.Errorf("committed offset of %s/%d: %w", t, p.Partition, p.Error)
			}
			if p.CommittedOffset >= 0 {
				current[TopicPartition{t, int32(p.Partition)}] = p.CommittedOffset
			}
		}
	}
	return current, nil
}

// planRow works out where the reset to moves the commit on tp, whose log
// is w, from its commit in current (if any); byTime holds the offsets
// looked up by time on tp's topic. The target is resolved as a consume's
// start position is (startAt), then kept within the log.
func planRow(to ResetTarget, tp TopicPartition, w Watermarks, current map[TopicPartition]int64, byTime map[int32]int64) (ResetRow, error) {
	row := ResetRow{Topic: tp.Topic, Partition: tp.Partition, LogStart: w.Low, LogEnd: w.High}
	row.Current, row.HasCurrent = current[tp]
	var pos Position
	switch to.Kind {
	case ResetEarliest:
		pos = Position{Kind: PosBeginning}
	case ResetLatest:
		pos = Position{Kind: PosEnd}
	case ResetOffset:
		pos = Position{Kind: PosOffset, Offset: to.Offset}
	case ResetTime:
		// No record at or after the time yet: everything is older, so the
		// group starts at the end, as kafka-consumer-groups does.
		pos = Position{Kind: PosTime, Time: to.Time}
	case ResetShift:
		if !row.HasCurrent {
			return ResetRow{}, &RequestError{Field: FieldTarget,
				Msg: fmt.Sprintf("partition %d of %s has no committed offset to shift from (reset it to earliest, latest, an offset or a time instead)", tp.Partition, tp.Topic)}
		}
		pos = Position{Kind: PosOffset, Offset: row.Current + to.Shift}
	}
	st, err := startAt(tp.Topic, tp.Partition, pos, w, byTime, true)
	if err != nil {
		return ResetRow{}, err
	}
	if row.HasCurrent {
		row.LagBefore = max(0, w.High-row.Current)
	}
	row.New = min(max(st.Offset, w.Low), w.High)
	row.LagAfter = w.High - row.New
	return row, nil
}

// ResetOffsets commits the offsets of plan, after checking again that the
// group has no members (one may have joined since the plan was made). The
// commit goes to the group's coordinator outside any generation, the way
// kafka-consumer-groups --execute writes: one request for every topic of
// the plan.
func (c *Cluster) ResetOffsets(ctx context.Context, plan ResetPlan) error {
	on := plan.Topic
	if plan.AllTopics {
		on = "all topics"
	}
	what := fmt.Sprintf("reset offsets of group %q on %s", plan.Group, on)
	if len(plan.Rows) == 0 {
		return fmt.Errorf("%s: the plan has no partitions", what)
	}
	if _, err := c.inactiveGroupState(ctx, plan.Group); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	commits := make(map[string][]kafka.OffsetCommit)
	for _, r := range plan.Rows {
		t := plan.rowTopic(r)
		commits[t] = append(commits[t], kafka.OffsetCommit{Partition: int(r.Partition), Offset: r.New})
	}
	err := retryCoordinator(ctx, func() error {
		resp, err := c.client.OffsetCommit(ctx, &kafka.OffsetCommitRequest{
			GroupID: plan.Group, GenerationID: -1, Topics: commits,
		})
		if err != nil {
			return err
		}
		var errs []error
		for t, ps := range resp.Topics {
			for _, p := range ps {
				if p.Error != nil {
					errs = append(errs, fmt.Errorf("%s/%d: %w", t, p.Partition, p.Error))
				}
			}
		}
		return errors.Join(errs...)
	})
	if err != nil {
		if errors.Is(err, kafka.UnknownMemberId) || errors.Is(err, kafka.IllegalGeneration) || errors.Is(err, kafka.RebalanceInProgress) {
			err = &explainedErr{msg: "a consumer joined the group while resetting: " + ErrGroupActive.Error() + " (stop its consumers first)", cause: errors.Join(ErrGroupActive, err)}
		}
		return fmt.Errorf("%s: %w", what, groupError(err))
	}
	return nil
}

// DeleteGroupOffsets deletes group's committed offsets for every partition
// of topic (OffsetDelete, Kafka 2.4+), so that the group reads the topic by
// its reset policy next time, or forgets it. Kafka refuses while members
// of the group are subscribed to the topic.
func (c *Cluster) DeleteGroupOffsets(ctx context.Context, group, topic string) error {
	what := fmt.Sprintf("delete offsets of group %q on %s", group, topic)
	if group == "" || topic == "" {
		return fmt.Errorf("%s: group and topic are needed", what)
	}
	var parts []int
	err := retryCoordinator(ctx, func() error {
		resp, err := c.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group})
		if err == nil {
			err = resp.Error
		}
		if err != nil {
			return err
		}
		parts = parts[:0]
		for _, p := range resp.Topics[topic] {
			if p.Error == nil && p.CommittedOffset >= 0 {
				parts = append(parts, p.Partition)
			}
		}
		return nil
	})
	if err != nil {
		if c.isShareGroup(ctx, group) {
			return fmt.Errorf("%s: %w", what, errShareRefused)
		}
		return fmt.Errorf("%s: fetch committed offsets: %w", what, groupError(err))
	}
	if len(parts) == 0 {
		if c.isShareGroup(ctx, group) {
			return fmt.Errorf("%s: %w", what, errShareRefused)
		}
		return fmt.Errorf("%s: the group has no committed offsets for this topic", what)
	}
	sort.Ints(parts)
	err = retryCoordinator(ctx, func() error {
		resp, err := c.client.OffsetDelete(ctx, &kafka.OffsetDeleteRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
		if err != nil {
			return err
		}
		if resp.Error != nil {
			return resp.Error
		}
		var errs []error
		for _, p := range resp.Topics[topic] {
			if p.Error != nil {
				errs = append(errs, fmt.Errorf("partition %d: %w", p.Partition, p.Error))
			}
		}
		return errors.Join(errs...)
	})
	if err != nil {
		if errors.Is(err, kafka.GroupSubscribedToTopic) {
			err = &explainedErr{msg: "members of the group are subscribed to the topic (stop its consumers first)", cause: errors.Join(ErrGroupActive, err)}
		}
		return fmt.Errorf("%s: %w", what, groupError(err))
	}
	return nil
}

// topicPartitions returns the partitions of topic, or checks that the ones
// asked for exist, sorted.
func (c *Cluster) topicPartitions(ctx context.Context, topic string, want []int32) ([]int32, error) {
	md, err := c.freshMetadata(ctx, []string{topic})
	if err != nil {
		return nil, fmt.Errorf("read metadata of %s: %w", topic, err)
	}
	for _, t := range md.Topics {
		if t.Name != topic {
			continue
		}
		if t.ErrorCode != 0 {
			return nil, topicRefusal(topic, brokerCodeError(t.ErrorCode, ""))
		}
		have := make([]int32, 0, len(t.Partitions))
		for _, p := range t.Partitions {
			have = append(have, p.PartitionIndex)
		}
		return pickPartitions(topic, have, want)
	}
	return nil, topicRefusal(topic, nil)
}
