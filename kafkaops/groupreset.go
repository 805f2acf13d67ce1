package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// resetSyntax is shown with every parse error.
const resetSyntax = "want earliest, latest, offset:N, time:<when> or shift:+N/-N; <when> as the tail's @: -1h, -15m, 2026-01-02T15:04:05Z, 2026-01-02 15:04"

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
	if strings.HasPrefix(s, "@") {
		return resetTime(s, s[1:], now)
	}
	kind, arg, _ := strings.Cut(s, ":")
	switch strings.ToLower(kind) {
	case "earliest":
		if arg == "" {
			return ResetTarget{Kind: ResetEarliest}, nil
		}
	case "latest":
		if arg == "" {
			return ResetTarget{Kind: ResetLatest}, nil
		}
	case "offset":
		n, err := strconv.ParseInt(arg, 10, 64)
		if err == nil && n >= 0 {
			return ResetTarget{Kind: ResetOffset, Offset: n}, nil
		}
		return ResetTarget{}, fmt.Errorf("reset target %q: offset must be a number >= 0 (%s)", s, resetSyntax)
	case "time":
		return resetTime(s, strings.TrimSpace(arg), now)
	case "shift":
		n, err := strconv.ParseInt(arg, 10, 64)
		if err == nil && arg != "" && (arg[0] == '+' || arg[0] == '-') {
			return ResetTarget{Kind: ResetShift, Shift: n}, nil
		}
		return ResetTarget{}, fmt.Errorf("reset target %q: shift needs a signed number, e.g. shift:-100 (%s)", s, resetSyntax)
	}
	return ResetTarget{}, fmt.Errorf("reset target %q: %s", s, resetSyntax)
}

// resetTime reads when, the time of a reset target s, with the tail's
// grammar after '@', so the two never disagree on what a time may be.
func resetTime(s, when string, now time.Time) (ResetTarget, error) {
	fail := func(reason string) (Position, error) {
		return Position{}, &PositionError{Input: s, Reason: reason}
	}
	p, err := parseAt(when, now, fail)
	if err != nil {
		var pe *PositionError
		reason := err.Error()
		if errors.As(err, &pe) {
			reason = pe.Reason
		}
		return ResetTarget{}, fmt.Errorf("reset target %q: time: %s", s, reason)
	}
	return ResetTarget{Kind: ResetTime, Time: p.Time}, nil
}

// ResetRequest asks for a reset of group's offsets on one topic.
type ResetRequest struct {
	Group string
	Topic string
	// Partitions to reset; empty means every partition of the topic.
	Partitions []int32
	To         ResetTarget
}

// ResetRow is one partition of a reset plan.
type ResetRow struct {
	Partition int32 `json:"partition"`
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
	Group string      `json:"group"`
	Topic string      `json:"topic"`
	To    ResetTarget `json:"-"`
	// State is the group state when planned (Empty, or Dead for a group
	// that does not exist yet: a reset creates it).
	State string     `json:"state"`
	Rows  []ResetRow `json:"rows"`
}

// ErrGroupActive is wrapped by the errors of resets and offset deletions
// refused because the group has members.
var ErrGroupActive = errors.New("group has active members")

// PlanOffsetReset works out where a reset would move the group's commits on
// the topic, clamped to what the log holds, without writing anything. It
// refuses, wrapping ErrGroupActive, when the group has members: their next
// commit would undo the reset, and Kafka rejects commits from outside a
// live generation anyway.
func (c *Cluster) PlanOffsetReset(ctx context.Context, req ResetRequest) (ResetPlan, error) {
	what := fmt.Sprintf("plan offset reset of group %q on %s", req.Group, req.Topic)
	if req.Group == "" || req.Topic == "" {
		return ResetPlan{}, fmt.Errorf("%s: group and topic are needed", what)
	}
	if req.To.Kind == 0 {
		return ResetPlan{}, fmt.Errorf("%s: no target given (%s)", what, resetSyntax)
	}
	state, err := c.inactiveGroupState(ctx, req.Group)
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	parts, err := c.topicPartitions(ctx, req.Topic, req.Partitions)
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	var commits *kafka.OffsetFetchResponse
	err = retryCoordinator(ctx, func() error {
		ps := make([]int, len(parts))
		for i, p := range parts {
			ps[i] = int(p)
		}
		var err error
		if commits, err = c.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: req.Group, Topics: map[string][]int{req.Topic: ps}}); err == nil {
			err = commits.Error
		}
		return err
	})
	if errors.Is(err, kafka.GroupIdNotFound) {
		commits, err = &kafka.OffsetFetchResponse{}, nil // a new group: nothing committed yet
	}
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: fetch committed offsets: %w", what, groupError(err))
	}
	current := make(map[int32]int64)
	for _, p := range commits.Topics[req.Topic] {
		if p.Error != nil {
			return ResetPlan{}, fmt.Errorf("%s: committed offset of partition %d: %w", what, p.Partition, p.Error)
		}
		if p.CommittedOffset >= 0 {
			current[int32(p.Partition)] = p.CommittedOffset
		}
	}
	wm, err := c.watermarks(ctx, map[string][]int32{req.Topic: parts})
	if err != nil {
		return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
	}
	var byTime map[int32]int64
	if req.To.Kind == ResetTime {
		if byTime, err = c.offsetsForTime(ctx, req.Topic, parts, req.To.Time); err != nil {
			return ResetPlan{}, fmt.Errorf("%s: %w", what, err)
		}
	}

	plan := ResetPlan{Group: req.Group, Topic: req.Topic, To: req.To, State: state, Rows: make([]ResetRow, 0, len(parts))}
	for _, p := range parts {
		w := wm[TopicPartition{req.Topic, p}]
		if w.Err != nil {
			return ResetPlan{}, fmt.Errorf("%s: log offsets of partition %d: %w", what, p, w.Err)
		}
		row := ResetRow{Partition: p, LogStart: w.Low, LogEnd: w.High}
		row.Current, row.HasCurrent = current[p]
		if row.HasCurrent {
			row.LagBefore = max(0, w.High-row.Current)
		}
		switch req.To.Kind {
		case ResetEarliest:
			row.New = w.Low
		case ResetLatest:
			row.New = w.High
		case ResetOffset:
			row.New = req.To.Offset
		case ResetTime:
			// No record at or after the time yet: everything is older,
			// so the group starts at the end, as kafka-consumer-groups does.
			row.New = w.High
			if o, ok := byTime[p]; ok && o >= 0 {
				row.New = o
			}
		case ResetShift:
			if !row.HasCurrent {
				return ResetPlan{}, fmt.Errorf("%s: partition %d has no committed offset to shift from (reset it to earliest, latest, an offset or a time instead)", what, p)
			}
			row.New = row.Current + req.To.Shift
		}
		row.New = min(max(row.New, w.Low), w.High)
		row.LagAfter = w.High - row.New
		plan.Rows = append(plan.Rows, row)
	}
	return plan, nil
}

// ResetOffsets commits the offsets of plan, after checking again that the
// group has no members (one may have joined since the plan was made). The
// commit goes to the group's coordinator outside any generation, the way
// kafka-consumer-groups --execute writes.
func (c *Cluster) ResetOffsets(ctx context.Context, plan ResetPlan) error {
	what := fmt.Sprintf("reset offsets of group %q on %s", plan.Group, plan.Topic)
	if len(plan.Rows) == 0 {
		return fmt.Errorf("%s: the plan has no partitions", what)
	}
	if _, err := c.inactiveGroupState(ctx, plan.Group); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	commits := make([]kafka.OffsetCommit, len(plan.Rows))
	for i, r := range plan.Rows {
		commits[i] = kafka.OffsetCommit{Partition: int(r.Partition), Offset: r.New}
	}
	err := retryCoordinator(ctx, func() error {
		resp, err := c.client.OffsetCommit(ctx, &kafka.OffsetCommitRequest{
			GroupID: plan.Group, GenerationID: -1, Topics: map[string][]kafka.OffsetCommit{plan.Topic: commits},
		})
		if err != nil {
			return err
		}
		var errs []error
		for _, p := range resp.Topics[plan.Topic] {
			if p.Error != nil {
				errs = append(errs, fmt.Errorf("partition %d: %w", p.Partition, p.Error))
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
	var have []int32
	for _, t := range md.Topics {
		if t.Name != topic {
			continue
		}
		if t.ErrorCode != 0 {
			return nil, fmt.Errorf("topic %s: %s", topic, topicProblem(brokerCodeError(t.ErrorCode, "")))
		}
		for _, p := range t.Partitions {
			have = append(have, p.PartitionIndex)
		}
	}
	if len(have) == 0 {
		return nil, fmt.Errorf("topic %s: %s", topic, topicProblem(kafka.UnknownTopicOrPartition))
	}
	if len(want) == 0 {
		return have, nil
	}
	exists := make(map[int32]bool, len(have))
	for _, p := range have {
		exists[p] = true
	}
	out := make([]int32, 0, len(want))
	seen := make(map[int32]bool)
	for _, p := range want {
		if !exists[p] {
			return nil, fmt.Errorf("topic %s has no partition %d (it has %d)", topic, p, len(have))
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// maxPartitionList bounds a partition list: no topic has this many
// partitions, and a typo such as 0-2147483647 must not allocate gigabytes.
const maxPartitionList = 100_000

// ParsePartitionList reads a partition list such as "0,1,4-6"; empty means
// every partition (nil). The result is sorted, without duplicates.
func ParsePartitionList(s string) ([]int32, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	seen := map[int32]bool{}
	total := int64(0)
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		lo, hi, isRange := strings.Cut(f, "-")
		a, err := strconv.ParseInt(strings.TrimSpace(lo), 10, 32)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("%q is not a partition number or range (want e.g. 0,1,4-6)", f)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseInt(strings.TrimSpace(hi), 10, 32); err != nil || b < a {
				return nil, fmt.Errorf("%q is not a partition range (want e.g. 4-6)", f)
			}
		}
		if total += b - a + 1; total > maxPartitionList {
			return nil, fmt.Errorf("%q: more than %d partitions listed", f, maxPartitionList)
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
