package kafkaops

import (
	"context"
	"fmt"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/describegroups"
	"github.com/segmentio/kafka-go/protocol/listgroups"
)

// kafka-go's Transport routes requests by their Go type: its ListGroups
// request is always split over every broker and merged (one failing broker
// fails the whole list), and its DescribeGroups request is always split into
// one request per group, each preceded by a FindCoordinator round trip. On a
// cluster with thousands of groups that is thousands of requests, and the
// Transport opens one connection per request in flight.
//
// The types below carry the same wire fields but are routed to one chosen
// broker, which lets ListGroups ask each broker separately and DescribeGroups
// batch all the groups of one coordinator. protocol.RegisterOverride is
// kafka-go's public hook for alternative request types of an API; responses
// decode into kafka-go's usual response types.

// groupsAtBrokerOverride is the override key of the types below. Override
// keys are per API; this value is unlikely to clash with kafka-go's own (0).
const groupsAtBrokerOverride protocol.OverrideTypeKey = 0x6b74

func init() {
	protocol.RegisterOverride(&listGroupsAtBroker{}, &listgroups.Response{}, groupsAtBrokerOverride)
	protocol.RegisterOverride(&describeGroupsAtBroker{}, &describegroups.Response{}, groupsAtBrokerOverride)
}

// listGroupsAtBroker is listgroups.Request sent to one broker only.
type listGroupsAtBroker struct {
	_      struct{} `kafka:"min=v0,max=v2"`
	broker int32
}

func (r *listGroupsAtBroker) ApiKey() protocol.ApiKey { return protocol.ListGroups }

func (r *listGroupsAtBroker) TypeKey() protocol.OverrideTypeKey { return groupsAtBrokerOverride }

func (r *listGroupsAtBroker) Broker(cluster protocol.Cluster) (protocol.Broker, error) {
	return brokerByID(cluster, r.broker)
}

// describeGroupsAtBroker is describegroups.Request sent, unsplit, to one
// broker: the coordinator of every group it names.
type describeGroupsAtBroker struct {
	_                           struct{} `kafka:"min=v5,max=v5,tag"`
	Groups                      []string `kafka:"min=v0,max=v4|min=v5,max=v5,compact"`
	IncludeAuthorizedOperations bool     `kafka:"min=v3,max=v5"`
	broker                      int32
}

func (r *describeGroupsAtBroker) ApiKey() protocol.ApiKey { return protocol.DescribeGroups }

func (r *describeGroupsAtBroker) TypeKey() protocol.OverrideTypeKey { return groupsAtBrokerOverride }

func (r *describeGroupsAtBroker) Broker(cluster protocol.Cluster) (protocol.Broker, error) {
	return brokerByID(cluster, r.broker)
}

func brokerByID(cluster protocol.Cluster, id int32) (protocol.Broker, error) {
	b, ok := cluster.Brokers[id]
	if !ok {
		return protocol.Broker{ID: -1}, fmt.Errorf("broker %d is not in the cluster metadata", id)
	}
	return b, nil
}

// listGroupsOn lists the groups broker coordinates.
func (c *Cluster) listGroupsOn(ctx context.Context, broker int32) ([]listgroups.ResponseGroup, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	m, err := c.roundTrip(ctx, &listGroupsAtBroker{broker: broker})
	if err != nil {
		return nil, err
	}
	resp := m.(*listgroups.Response)
	if resp.ErrorCode != 0 {
		return nil, kafkaCodeError(resp.ErrorCode)
	}
	return resp.Groups, nil
}

// describeGroupsOn describes groups whose coordinator is broker, in one
// request. Per-group errors are in each group's ErrorCode.
func (c *Cluster) describeGroupsOn(ctx context.Context, broker int32, groups []string) ([]describegroups.ResponseGroup, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	m, err := c.roundTrip(ctx, &describeGroupsAtBroker{Groups: groups, broker: broker})
	if err != nil {
		return nil, err
	}
	return m.(*describegroups.Response).Groups, nil
}
