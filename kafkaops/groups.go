package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/describegroups"
)

var (
	_ GroupReader = (*Cluster)(nil)
	_ GroupAdmin  = (*Cluster)(nil)
)

// DescribeGroup describes one group: its members and their assignments, and
// per partition of every topic the group has committed offsets for or is
// assigned, the committed offset, log start and end, lag and owner.
func (c *Cluster) DescribeGroup(ctx context.Context, group string) (GroupDetail, error) {
	what := fmt.Sprintf("describe group %q", group)
	if group == "" {
		return GroupDetail{}, errors.New("describe group: no group id given")
	}
	var (
		coord      int32
		dg         describegroups.ResponseGroup
		commits    *kafka.OffsetFetchResponse
		commitsErr error // a refused fetch, for a group that may be a share group
		missing    bool
	)
	err := retryCoordinator(ctx, func() error {
		var err error
		if coord, err = c.groupCoordinator(ctx, group); err != nil {
			return err
		}
		var wg sync.WaitGroup
		var derr, ferr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			var gs []describegroups.ResponseGroup
			if gs, derr = c.describeGroupsOn(ctx, coord, []string{group}); derr == nil {
				derr = errors.New("the coordinator did not describe the group")
				for _, g := range gs {
					if g.GroupID == group {
						dg, derr = g, kafkaCodeError(g.ErrorCode)
					}
				}
			}
		}()
		go func() {
			defer wg.Done()
			if commits, ferr = c.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group}); ferr == nil {
				ferr = commits.Error
			}
		}()
		wg.Wait()
		missing = errors.Is(derr, kafka.GroupIdNotFound) || (derr == nil && dg.GroupState == "Dead")
		if derr != nil && !missing {
			return derr
		}
		if ferr != nil {
			var kerr kafka.Error
			if missing && errors.As(ferr, &kerr) {
				// A share group has no committed offsets to fetch;
				// what it is is known below.
				commitsErr, commits = ferr, &kafka.OffsetFetchResponse{}
				return nil
			}
			return fmt.Errorf("fetch committed offsets: %w", ferr)
		}
		return nil
	})
	if err != nil {
		return GroupDetail{}, fmt.Errorf("%s: %w", what, groupError(err))
	}
	d := GroupDetail{
		ID:           group,
		State:        dg.GroupState,
		ProtocolType: dg.ProtocolType,
		Protocol:     dg.ProtocolData,
		Coordinator:  coord,
	}
	d.Members = make([]GroupMember, len(dg.Members))
	for i, m := range dg.Members {
		d.Members[i] = describeMember(dg.ProtocolType, m)
	}
	sort.Slice(d.Members, func(i, j int) bool { return d.Members[i].ID < d.Members[j].ID })
	if missing {
		// Kafka 4's classic DescribeGroups answers "not found" for groups
		// of the KIP-848 consumer protocol, which only
		// ConsumerGroupDescribe describes, and for share groups, which
		// only ShareGroupDescribe does. The coordinator still lists them.
		// A consumer group's commits and lag are read as for any group; a
		// share group's progress is its share-partitions' start offsets.
		pt, listed := c.listedBy(ctx, coord, group)
		if !listed {
			return GroupDetail{}, fmt.Errorf("%s: %w", what, groupError(kafka.GroupIdNotFound))
		}
		d.State, d.ProtocolType = "", pt
		switch {
		case pt == "share":
			starts, err := c.describeShareGroup(ctx, coord, &d)
			if err != nil {
				return GroupDetail{}, fmt.Errorf("%s: share group (KIP-932): %w", what, groupError(err))
			}
			commits = starts
		case commitsErr != nil:
			return GroupDetail{}, fmt.Errorf("%s: fetch committed offsets: %w", what, groupError(commitsErr))
		default:
			if err := c.describeConsumerGroup(ctx, coord, &d); err != nil {
				d.Note = "this group uses a newer group protocol (KIP-848) that kafkatui could not describe (" + err.Error() + "): " +
					"its state and members are not shown, its committed offsets and lag are"
			}
		}
	} else if consumerProtocolShape(dg.GroupState, dg.ProtocolType, len(dg.Members)) {
		// Some brokers answer the classic describe of a KIP-848 group
		// with its state and nothing else; the classic answer stands if
		// ConsumerGroupDescribe cannot do better.
		_ = c.describeConsumerGroup(ctx, coord, &d)
	}
	owners := make(map[TopicPartition]*GroupMember)
	for i := range d.Members {
		for _, tp := range d.Members[i].Assigned {
			owners[tp] = &d.Members[i]
		}
	}
	if d.Offsets, err = c.groupOffsets(ctx, commits, owners); err != nil {
		return GroupDetail{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, o := range d.Offsets {
		d.TotalLag += o.Lag
		d.TotalExpired += o.Expired
	}
	return d, nil
}

// consumerProtocolShape says whether a classic DescribeGroups answer is
// that of a KIP-848 group: a live state without members or protocol type,
// which no classic group has (a classic group without members is Empty).
func consumerProtocolShape(state, protocolType string, members int) bool {
	return protocolType == "" && members == 0 && state != "" && state != "Empty" && state != "Dead"
}

// describeConsumerGroup fills d's state, assignor and members from
// ConsumerGroupDescribe, for a group of the KIP-848 consumer protocol.
func (c *Cluster) describeConsumerGroup(ctx context.Context, coord int32, d *GroupDetail) error {
	gs, err := c.describeConsumerGroupsOn(ctx, coord, []string{d.ID})
	if err != nil {
		return unwrapKafkaGo(err)
	}
	for _, g := range gs {
		if g.Group != d.ID {
			continue
		}
		if err := kafkaCodeError(g.ErrorCode); err != nil {
			return err
		}
		d.State, d.ProtocolType, d.Protocol = g.State, "consumer", g.AssignorName
		d.Members = consumerGroupMembers(g.Members)
		return nil
	}
	return errors.New("the coordinator did not describe the group")
}

// listedBy reports whether broker lists group, and its protocol type.
func (c *Cluster) listedBy(ctx context.Context, broker int32, group string) (string, bool) {
	gs, err := c.listGroupsOn(ctx, broker)
	if err != nil {
		return "", false
	}
	for _, g := range gs {
		if g.GroupID == group {
			return g.ProtocolType, true
		}
	}
	return "", false
}

// describeMember turns one DescribeGroups member into a GroupMember. Only
// the "consumer" protocol has a known metadata format; members of other
// protocols (Kafka Connect, custom ones) keep their id, client and host.
func describeMember(protocolType string, m describegroups.ResponseGroupMember) GroupMember {
	gm := GroupMember{
		ID:         m.MemberID,
		InstanceID: m.GroupInstanceID,
		ClientID:   m.ClientID,
		// Java brokers print the client address as InetAddress does,
		// "/10.0.0.7"; the slash carries nothing.
		Host:     strings.TrimPrefix(m.ClientHost, "/"),
		Assigned: []TopicPartition{},
	}
	if protocolType != "consumer" {
		return gm
	}
	var problems []string
	if sub, err := decodeSubscription(m.MemberMetadata); err != nil {
		problems = append(problems, err.Error())
	} else {
		gm.Topics, gm.Rack = sub.Topics, sub.Rack
	}
	if asg, err := decodeAssignment(m.MemberAssignment); err != nil {
		problems = append(problems, err.Error())
	} else if len(asg.Partitions) > 0 {
		gm.Assigned = asg.Partitions
		sortTopicPartitions(gm.Assigned)
	}
	gm.Error = strings.Join(problems, "; ")
	return gm
}

// groupOffsets builds one row per partition of every topic the group has
// committed to or is assigned, with log start and end from one batched
// ListOffsets.
func (c *Cluster) groupOffsets(ctx context.Context, commits *kafka.OffsetFetchResponse, owners map[TopicPartition]*GroupMember) ([]PartitionLag, error) {
	rows := make(map[TopicPartition]*PartitionLag)
	row := func(tp TopicPartition) *PartitionLag {
		r := rows[tp]
		if r == nil {
			r = &PartitionLag{Topic: tp.Topic, Partition: tp.Partition, Committed: -1, LogEnd: -1, LogStart: -1}
			rows[tp] = r
		}
		return r
	}
	for topic, ps := range commits.Topics {
		for _, p := range ps {
			r := row(TopicPartition{topic, int32(p.Partition)})
			switch {
			case p.Error != nil:
				r.Error = fmt.Sprintf("committed offset: %v", p.Error)
			case p.CommittedOffset >= 0:
				r.Committed, r.HasCommit, r.Metadata = p.CommittedOffset, true, p.Metadata
			}
		}
	}
	for tp := range owners {
		row(tp)
	}
	if len(rows) == 0 {
		return []PartitionLag{}, nil
	}

	topicSet := make(map[string]bool)
	for tp := range rows {
		topicSet[tp.Topic] = true
	}
	topics := make([]string, 0, len(topicSet))
	for t := range topicSet {
		topics = append(topics, t)
	}
	md, err := c.client.Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
	if err != nil {
		return nil, fmt.Errorf("read metadata of %d topics: %w", len(topics), unwrapKafkaGo(err))
	}
	known := make(map[TopicPartition]bool)
	topicErr := make(map[string]string)
	parts := make(map[string][]int32)
	for _, t := range md.Topics {
		if t.Error != nil {
			topicErr[t.Name] = topicProblem(t.Error)
			continue
		}
		for _, p := range t.Partitions {
			tp := TopicPartition{t.Name, int32(p.ID)}
			known[tp] = true
			parts[t.Name] = append(parts[t.Name], tp.Partition)
			row(tp)
		}
	}
	wm, err := c.watermarks(ctx, parts)
	if err != nil {
		return nil, err
	}

	out := make([]PartitionLag, 0, len(rows))
	for tp, r := range rows {
		if m := owners[tp]; m != nil {
			r.MemberID, r.ClientID, r.Host = m.ID, m.ClientID, m.Host
		}
		switch w, ok := wm[tp]; {
		case !known[tp]:
			if msg, bad := topicErr[tp.Topic]; bad {
				r.Error = joinProblems(r.Error, msg)
			} else {
				r.Error = joinProblems(r.Error, "partition does not exist")
			}
		case !ok || w.Err != nil:
			r.Error = joinProblems(r.Error, fmt.Sprintf("log offsets: %v", w.Err))
		default:
			r.LogStart, r.LogEnd = w.Low, w.High
			if r.HasCommit {
				r.setLag()
			}
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic < out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out, nil
}

// DeleteGroup deletes an empty group and its committed offsets. The request
// goes to the group's own coordinator (kafka-go's Client.DeleteGroups sends
// a batch to the first group's coordinator only, so it is used per group).
func (c *Cluster) DeleteGroup(ctx context.Context, group string) error {
	if group == "" {
		return errors.New("delete group: no group id given")
	}
	err := retryCoordinator(ctx, func() error {
		resp, err := c.client.DeleteGroups(ctx, &kafka.DeleteGroupsRequest{GroupIDs: []string{group}})
		if err != nil {
			return err
		}
		gerr, ok := resp.Errors[group]
		if !ok {
			return errors.New("the coordinator did not answer for the group")
		}
		return gerr
	})
	if err != nil {
		return fmt.Errorf("delete group %q: %w", group, groupError(err))
	}
	return nil
}

// groupCoordinator finds the broker coordinating group.
func (c *Cluster) groupCoordinator(ctx context.Context, group string) (int32, error) {
	resp, err := c.client.FindCoordinator(ctx, &kafka.FindCoordinatorRequest{Key: group, KeyType: kafka.CoordinatorKeyTypeConsumer})
	if err != nil {
		// The first request of every group operation: explain a
		// connection, TLS or SASL failure here.
		return -1, fmt.Errorf("find coordinator: %w", c.connErr(ctx, err))
	}
	if resp.Error != nil {
		return -1, fmt.Errorf("find coordinator: %w", resp.Error)
	}
	return int32(resp.Coordinator.NodeID), nil
}

// retryCoordinator runs fn again, a few times with a short backoff, while it
// fails because the group's coordinator moved or is still loading: Java's
// admin client retries these too, and they clear within a second or so.
func retryCoordinator(ctx context.Context, fn func() error) error {
	backoff := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || attempt == 3 || !(errors.Is(err, kafka.NotCoordinatorForGroup) ||
			errors.Is(err, kafka.GroupCoordinatorNotAvailable) || errors.Is(err, kafka.GroupLoadInProgress)) {
			return err
		}
		if !waitBackoff(ctx, backoff) {
			return err
		}
		backoff *= 2
	}
}

// groupError puts the group errors a user meets in plain words, keeping the
// Kafka error in the chain for errors.Is.
func groupError(err error) error {
	var msg string
	switch {
	case errors.Is(err, kafka.GroupIdNotFound):
		msg = "group does not exist"
	case errors.Is(err, kafka.NonEmptyGroup):
		msg = "group has active members (stop its consumers first)"
	case errors.Is(err, kafka.GroupAuthorizationFailed):
		msg = "not authorized for this group"
	case errors.Is(err, kafka.InvalidGroupId):
		msg = "invalid group id"
	default:
		return unwrapKafkaGo(err)
	}
	return &explainedErr{msg: msg, cause: err}
}

// topicProblem names a topic-level metadata error briefly.
func topicProblem(err error) string {
	switch {
	case errors.Is(err, kafka.UnknownTopicOrPartition):
		return "topic does not exist"
	case errors.Is(err, kafka.TopicAuthorizationFailed):
		return "not authorized to describe the topic"
	}
	return err.Error()
}

func joinProblems(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func sortTopicPartitions(tps []TopicPartition) {
	slices.SortFunc(tps, compareTopicPartitions)
}

// kafkaCodeError turns a response error code into kafka-go's error value.
func kafkaCodeError(code int16) error {
	if code == 0 {
		return nil
	}
	return kafka.Error(code)
}

// explainedErr shows a short message of its own while keeping the Kafka
// error it explains reachable by errors.Is/As.
type explainedErr struct {
	msg   string
	cause error
}

func (e *explainedErr) Error() string { return e.msg }
func (e *explainedErr) Unwrap() error { return e.cause }
