package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Share groups (KIP-932, Kafka 4.1+) are described by ShareGroupDescribe
// (API 77). Their progress is not a committed offset but each
// share-partition's start offset (SPSO): every record before it is
// acknowledged, some after it may be too. DescribeShareGroupOffsets (API
// 90) reads it. Both go to the group coordinator, encoded with kmsg as for
// KIP-848 groups (group848.go).

// describeShareGroupsOn describes share groups coordinated by broker.
// Groups it cannot describe come back with their error code set.
func (c *Cluster) describeShareGroupsOn(ctx context.Context, broker int32, groups []string) ([]kmsg.ShareGroupDescribeResponseGroup, error) {
	req := kmsg.NewPtrShareGroupDescribeRequest()
	req.GroupIDs = groups
	resp, err := c.sendKmsgNegotiated(ctx, broker, req)
	if err != nil {
		return nil, err
	}
	gs := resp.(*kmsg.ShareGroupDescribeResponse).Groups
	var unnamed []*kmsg.ShareGroupDescribeResponseGroupMemberAssignmentTopicPartition
	for gi := range gs {
		for mi := range gs[gi].Members {
			tps := gs[gi].Members[mi].Assignment.TopicPartitions
			for ti := range tps {
				if tps[ti].Topic == "" {
					unnamed = append(unnamed, &tps[ti])
				}
			}
		}
	}
	if len(unnamed) > 0 {
		names, err := c.topicIDNames(ctx, broker)
		if err != nil {
			return nil, err
		}
		for _, tp := range unnamed {
			tp.Topic = names[tp.TopicID]
		}
	}
	return gs, nil
}

// describeShareGroup fills d's state, assignor and members from
// ShareGroupDescribe, and returns the group's share-partition start offsets
// in the shape of committed offsets: a partition whose start offset is not
// set yet has none.
func (c *Cluster) describeShareGroup(ctx context.Context, coord int32, d *GroupDetail) (*kafka.OffsetFetchResponse, error) {
	gs, err := c.describeShareGroupsOn(ctx, coord, []string{d.ID})
	if err != nil {
		return nil, unwrapKafkaGo(err)
	}
	found := false
	for _, g := range gs {
		if g.GroupID != d.ID {
			continue
		}
		if err := kafkaCodeError(g.ErrorCode); err != nil {
			return nil, err
		}
		d.State, d.ProtocolType, d.Protocol = g.GroupState, "share", g.Assignor
		d.Members = shareGroupMembers(g.Members)
		found = true
	}
	if !found {
		return nil, errors.New("the coordinator did not describe the group")
	}
	starts, err := c.shareStartOffsets(ctx, coord, d.ID)
	if err != nil {
		return nil, fmt.Errorf("share-partition start offsets: %w", unwrapKafkaGo(err))
	}
	return starts, nil
}

// shareStartOffsets reads the start offset of every share-partition of
// group.
func (c *Cluster) shareStartOffsets(ctx context.Context, coord int32, group string) (*kafka.OffsetFetchResponse, error) {
	req := kmsg.NewPtrDescribeShareGroupOffsetsRequest()
	rg := kmsg.NewDescribeShareGroupOffsetsRequestGroup()
	rg.GroupID = group // no topics: all the group has
	req.Groups = append(req.Groups, rg)
	resp, err := c.sendKmsgNegotiated(ctx, coord, req)
	if err != nil {
		return nil, err
	}
	out := &kafka.OffsetFetchResponse{Topics: map[string][]kafka.OffsetFetchPartition{}}
	var names map[[16]byte]string
	for _, g := range resp.(*kmsg.DescribeShareGroupOffsetsResponse).Groups {
		if g.GroupID != group {
			continue
		}
		if err := kafkaCodeError(g.ErrorCode); err != nil {
			return nil, err
		}
		for _, t := range g.Topics {
			topic := t.Topic
			if topic == "" {
				if names == nil {
					if names, err = c.topicIDNames(ctx, coord); err != nil {
						return nil, err
					}
				}
				topic = names[t.TopicID]
			}
			for _, p := range t.Partitions {
				out.Topics[topic] = append(out.Topics[topic], kafka.OffsetFetchPartition{
					Partition:       int(p.Partition),
					CommittedOffset: p.StartOffset, // -1 when not set yet
					Error:           kafkaCodeError(p.ErrorCode),
				})
			}
		}
	}
	return out, nil
}

// shareGroupMembers turns ShareGroupDescribe's members into GroupMembers,
// sorted by id, with their assignments sorted too.
func shareGroupMembers(ms []kmsg.ShareGroupDescribeResponseGroupMember) []GroupMember {
	out := make([]GroupMember, len(ms))
	for i, m := range ms {
		gm := describedMember(m.MemberID, m.ClientID, m.ClientHost, m.RackID, m.SubscribedTopicNames)
		for _, t := range m.Assignment.TopicPartitions {
			for _, p := range t.Partitions {
				gm.Assigned = append(gm.Assigned, TopicPartition{t.Topic, p})
			}
		}
		sortMember(&gm)
		out[i] = gm
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// describedMember starts a GroupMember from what ConsumerGroupDescribe and
// ShareGroupDescribe both give; the assignment is filled in by the caller.
func describedMember(id, clientID, host string, rack *string, topics []string) GroupMember {
	gm := GroupMember{
		ID:       id,
		ClientID: clientID,
		Host:     strings.TrimPrefix(host, "/"), // Java's InetAddress form, "/10.0.0.7"
		Topics:   append([]string(nil), topics...),
		Assigned: []TopicPartition{},
	}
	if rack != nil {
		gm.Rack = *rack
	}
	return gm
}

// sortMember puts a member's assignment and topics in order.
func sortMember(gm *GroupMember) {
	sort.Slice(gm.Assigned, func(a, b int) bool {
		x, y := gm.Assigned[a], gm.Assigned[b]
		return x.Topic < y.Topic || x.Topic == y.Topic && x.Partition < y.Partition
	})
	sort.Strings(gm.Topics)
}

// ErrShareGroup is wrapped by the refusal to reset or delete the offsets of
// a share group, which has start offsets, not commits.
var ErrShareGroup = errors.New("share groups' offsets are not changed here")

var errShareRefused = &explainedErr{
	msg:   "this is a share group (KIP-932): its progress is share-partition start offsets, not committed offsets, and kafkatui does not change them (kafka-share-groups.sh --reset-offsets does)",
	cause: ErrShareGroup,
}

// isShareGroup reports whether group's coordinator lists it as a share
// group.
func (c *Cluster) isShareGroup(ctx context.Context, group string) bool {
	coord, err := c.groupCoordinator(ctx, group)
	if err != nil {
		return false
	}
	pt, _ := c.listedBy(ctx, coord, group)
	return pt == "share"
}
