package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// groupSpec is a consumer group the demo runs with real group members.
// billing-replay is not here: it has no members, only the offsets
// commitOffsets gives it.
type groupSpec struct {
	name     string
	topic    string
	members  int
	balancer func() kgo.GroupBalancer
	// lagShare, if set, makes the group commit only that share of what is
	// produced (see laggard); 0 commits everything it reads.
	lagShare float64
	// serverSide joins with the KIP-848 consumer protocol: the broker's
	// coordinator assigns (uniformly), not a client-side balancer.
	serverSide bool
	// share makes a share group (KIP-932, queues): members share the
	// partitions and acknowledge records one by one; no commits.
	share bool
}

var groupSpecs = []groupSpec{
	// Keeps up: two members, the default cooperative-sticky balancer.
	{name: GroupOrderService, topic: TopicOrders, members: 2, balancer: kgo.CooperativeStickyBalancer},
	// Falls behind: commits well under the clickstream's rate.
	{name: GroupAnalytics, topic: TopicClickstream, members: 2, balancer: kgo.RangeBalancer, lagShare: analyticsShare},
	// Four members on three partitions: one member gets nothing.
	{name: GroupFraudDetector, topic: TopicPayments, members: 4, balancer: kgo.RoundRobinBalancer},
	// Kafka 4's consumer protocol: described by ConsumerGroupDescribe.
	{name: GroupLogShipper, topic: TopicAppLogs, members: 2, balancer: kgo.RangeBalancer, serverSide: true},
	// A share group: described by ShareGroupDescribe, progress as
	// share-partition start offsets.
	{name: GroupEmailNotifier, topic: TopicOrders, members: 2, share: true},
}

// startGroups creates every group member and starts its poll loop.
func (c *Cluster) startGroups(ctx context.Context) error {
	for _, g := range groupSpecs {
		for i := range g.members {
			var l *laggard
			var extra []kgo.Opt
			if g.lagShare > 0 {
				l = newLaggard(g.name, g.topic, g.lagShare)
				extra = l.opts()
			}
			if g.serverSide {
				extra = append(extra, kgo.ServerSideBalancer())
			}
			id := fmt.Sprintf("%s-%d", g.name, i)
			if g.share {
				cl, err := kgo.NewClient(c.clientOpts(id, kgo.ShareGroup(g.name), kgo.ConsumeTopics(g.topic), kgo.FetchMaxWait(time.Second))...)
				if err != nil {
					return fmt.Errorf("demo share group %s member %d: %w", g.name, i, err)
				}
				c.consumers = append(c.consumers, cl)
				c.wg.Add(1)
				go c.consume(ctx, g.name, cl, nil)
				continue
			}
			cl, err := kgo.NewClient(c.clientOpts(id, append(extra,
				kgo.ConsumerGroup(g.name),
				kgo.ConsumeTopics(g.topic),
				kgo.Balancers(g.balancer()),
				// Short timers so the groups settle within a few seconds
				// of start and a member that vanishes is noticed quickly.
				kgo.SessionTimeout(10*time.Second),
				kgo.RebalanceTimeout(10*time.Second),
				kgo.HeartbeatInterval(time.Second),
				kgo.AutoCommitInterval(time.Second),
				kgo.FetchMaxWait(time.Second),
				// Small fetches per partition, so one busy partition does
				// not hold up the others' records.
				kgo.FetchMaxPartitionBytes(32<<10),
			)...)...)
			if err != nil {
				return fmt.Errorf("demo group %s member %d: %w", g.name, i, err)
			}
			c.consumers = append(c.consumers, cl)
			c.wg.Add(1)
			go c.consume(ctx, g.name, cl, l)
			if l != nil {
				c.wg.Add(1)
				go c.commitLoop(ctx, cl, l)
			}
		}
	}
	return nil
}

// consume polls until ctx is done. The records themselves are not used: the
// members exist for their membership, assignments and committed offsets
// (autocommitted every second, or by the laggard l), which is what a UI shows.
func (c *Cluster) consume(ctx context.Context, group string, cl *kgo.Client, l *laggard) {
	defer c.wg.Done()
	for {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil || fs.IsClientClosed() {
			return
		}
		fs.EachError(func(topic string, partition int32, err error) {
			if !errClosed(err) {
				c.warnf("demo group %s: consume %s/%d: %v", group, topic, partition, err)
			}
		})
		if l != nil {
			l.read(fs)
		}
	}
}
