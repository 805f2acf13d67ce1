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
	// perSecond caps the records the whole group consumes a second, as a
	// share of the topic's production rate; 0 consumes as fast as it can.
	perSecond float64
}

// analyticsShare is how much of the clickstream analytics keeps up with:
// under half, so its lag grows by more than a hundred records a second.
const analyticsShare = 0.4

var groupSpecs = []groupSpec{
	// Keeps up: two members, the default cooperative-sticky balancer.
	{name: GroupOrderService, topic: TopicOrders, members: 2, balancer: kgo.CooperativeStickyBalancer},
	// Falls behind: consumes well under the clickstream's rate.
	{name: GroupAnalytics, topic: TopicClickstream, members: 2, balancer: kgo.RangeBalancer, perSecond: rateClicks * analyticsShare},
	// Four members on three partitions: one member gets nothing.
	{name: GroupFraudDetector, topic: TopicPayments, members: 4, balancer: kgo.RoundRobinBalancer},
}

// startGroups creates every group member and starts its poll loop.
func (c *Cluster) startGroups(ctx context.Context) error {
	for _, g := range groupSpecs {
		for i := range g.members {
			cl, err := kgo.NewClient(c.clientOpts(fmt.Sprintf("%s-%d", g.name, i),
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
				// Small fetches per partition, so a member that polls a few
				// records at a time moves along all its partitions.
				kgo.FetchMaxPartitionBytes(32<<10),
			)...)
			if err != nil {
				return fmt.Errorf("demo group %s member %d: %w", g.name, i, err)
			}
			c.consumers = append(c.consumers, cl)
			var p *pacer
			if g.perSecond > 0 {
				p = newPacer(g.perSecond*c.rate/float64(g.members), uint64(100+len(c.consumers)))
			}
			c.wg.Add(1)
			go c.consume(ctx, g.name, cl, p)
		}
	}
	return nil
}

// consume polls until ctx is done. The records themselves are not used: the
// members exist for their membership, assignments and committed offsets
// (autocommitted every second), which is what a UI shows. With a pacer the
// member polls only as many records a tick as the pacer allows.
func (c *Cluster) consume(ctx context.Context, group string, cl *kgo.Client, p *pacer) {
	defer c.wg.Done()
	var ticks <-chan time.Time
	if p != nil {
		t := time.NewTicker(tick)
		defer t.Stop()
		ticks = t.C
	}
	for {
		limit := 0 // no limit
		if p != nil {
			select {
			case <-ctx.Done():
				return
			case now := <-ticks:
				if limit = p.take(now); limit == 0 {
					continue
				}
			}
		}
		fs := cl.PollRecords(ctx, limit)
		if ctx.Err() != nil || fs.IsClientClosed() {
			return
		}
		fs.EachError(func(topic string, partition int32, err error) {
			if !errClosed(err) {
				c.warnf("demo group %s: consume %s/%d: %v", group, topic, partition, err)
			}
		})
	}
}
