package kafkaops

import (
	"context"
	"errors"
	"fmt"

	"github.com/segmentio/kafka-go"
)

// consumerGroupState is the state and member count of group by
// ConsumerGroupDescribe; the classic answer (state, members) when the broker
// does not support it or the group is not a KIP-848 group.
func (c *Cluster) consumerGroupState(ctx context.Context, coord int32, group, state string, members int) (string, int, error) {
	gs, err := c.describeConsumerGroupsOn(ctx, coord, []string{group})
	if errors.Is(err, errAPIUnsupported) {
		return state, members, nil
	}
	if err != nil {
		return "", 0, unwrapKafkaGo(err)
	}
	for _, g := range gs {
		if g.Group == group && g.ErrorCode == 0 {
			return g.State, len(g.Members), nil
		}
	}
	return state, members, nil
}

// inactiveGroupState returns the state of group if it has no members:
// Empty, or Dead for a group that does not exist (a commit creates it).
// Otherwise it returns an error wrapping ErrGroupActive that says why.
func (c *Cluster) inactiveGroupState(ctx context.Context, group string) (string, error) {
	var state string
	var members int
	err := retryCoordinator(ctx, func() error {
		coord, err := c.groupCoordinator(ctx, group)
		if err != nil {
			return err
		}
		gs, err := c.describeGroupsOn(ctx, coord, []string{group})
		if err != nil {
			return unwrapKafkaGo(err)
		}
		for _, g := range gs {
			if g.GroupID != group {
				continue
			}
			if err := kafkaCodeError(g.ErrorCode); err != nil {
				if !errors.Is(err, kafka.GroupIdNotFound) {
					return err
				}
				state, members = "Dead", 0
			} else {
				state, members = g.GroupState, len(g.Members)
			}
			if state == "Dead" || consumerProtocolShape(state, g.ProtocolType, members) {
				// Kafka 4 answers a KIP-848 group's classic describe
				// with "not found": only ConsumerGroupDescribe knows
				// whether it has members. A broker without it has no
				// KIP-848 groups, and the classic answer stands.
				var err error
				if state, members, err = c.consumerGroupState(ctx, coord, group, state, members); err != nil {
					return err
				}
			}
			if state == "Dead" {
				// Nor does either describe a share group.
				if pt, _ := c.listedBy(ctx, coord, group); pt == "share" {
					state = "share"
				}
			}
			return nil
		}
		return errors.New("the coordinator did not describe the group")
	})
	if err != nil {
		return "", fmt.Errorf("check group state: %w", groupError(err))
	}
	switch {
	case state == "Empty" || state == "Dead":
		return state, nil
	case state == "share":
		return "", fmt.Errorf("check group state: %w", errShareRefused)
	case state == "" && members == 0:
		return "", fmt.Errorf("check group state: %w", &explainedErr{
			msg:   "the group's state is not known (a KIP-848 group?): offsets are only changed on groups known to be empty",
			cause: ErrGroupActive,
		})
	}
	return "", &explainedErr{
		msg:   fmt.Sprintf("the group is %s with %d member(s): offsets can only be changed while no consumer of the group runs (stop its consumers first)", state, members),
		cause: ErrGroupActive,
	}
}
