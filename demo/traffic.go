package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Live rates at Rate 1, in events a second.
const (
	rateNewOrders = 0.8 // each order emits about 8 order and payment events over ~20 minutes
	rateClicks    = 300
	rateLogs      = 8
	rateSensors   = 4.8 // 24 sensors, one reading each every 5 s
	rateProfiles  = 0.5
	ratePayAvro   = 2
	rateShips     = 1
	rateAudit     = 0.7
	maxOpenOrders = 5000 // bounds the simulation's memory at high rates
)

// tick is how often the traffic goroutines wake up.
const tick = 100 * time.Millisecond

// pacer turns a rate into a whole number of events per tick, carrying the
// fraction over so low rates (one every two seconds) come out right, and
// jittering each tick so traffic does not look machine-made.
type pacer struct {
	r     *rand.Rand
	rate  float64
	carry float64
	last  time.Time
}

func newPacer(rate float64, seed uint64) *pacer {
	return &pacer{r: rand.New(rand.NewPCG(worldSeed, seed)), rate: rate, last: time.Now()}
}

// take returns how many events are due at now. After a stall (a loaded
// machine) it catches up at most one second, rather than bursting.
func (p *pacer) take(now time.Time) int {
	dt := min(now.Sub(p.last).Seconds(), 1)
	p.last = now
	if dt <= 0 {
		return 0
	}
	p.carry += p.rate * dt * (0.6 + 0.8*p.r.Float64())
	n := int(p.carry)
	p.carry -= float64(n)
	return n
}

// startTraffic starts one goroutine per feed; each stops when ctx is done.
func (c *Cluster) startTraffic(ctx context.Context) {
	w := c.world
	c.feed(ctx, rateNewOrders, 11, func(now time.Time, n int, out []*kgo.Record) []*kgo.Record {
		for range n {
			if len(w.shop.open) < maxOpenOrders {
				w.shop.newOrder(now)
			}
		}
		return w.shop.due(now, liveSpeedup, out)
	})
	c.feed(ctx, rateClicks, 12, spreadOver(w.clicks.next))
	c.feed(ctx, rateLogs, 13, spreadOver(w.logs.next))
	c.feed(ctx, rateSensors, 14, spreadOver(w.sensors.next))
	c.feed(ctx, rateProfiles, 15, spreadOver(w.profiles.next))
	// One goroutine for the three registry topics: their generator shares
	// its random stream and order numbers.
	if s := w.schemaful; s != nil {
		pay, ship, audit := newPacer(ratePayAvro*c.rate, 17), newPacer(rateShips*c.rate, 18), newPacer(rateAudit*c.rate, 19)
		c.feed(ctx, 1, 16, func(now time.Time, _ int, out []*kgo.Record) []*kgo.Record {
			out = spreadOver(s.payment)(now, pay.take(now), out)
			out = spreadOver(s.shipment)(now, ship.take(now), out)
			return spreadOver(s.audit)(now, audit.take(now), out)
		})
	}
}

// spreadOver makes a feed of n events spaced evenly across the last tick, so
// timestamps do not clump at tick boundaries.
func spreadOver(next func(time.Time) *kgo.Record) func(time.Time, int, []*kgo.Record) []*kgo.Record {
	return func(now time.Time, n int, out []*kgo.Record) []*kgo.Record {
		for i := range n {
			out = append(out, next(now.Add(-tick*time.Duration(n-1-i)/time.Duration(n))))
		}
		return out
	}
}

// feed runs gen on a ticker with the number of events due at rate (times
// Options.Rate), producing what it returns asynchronously.
func (c *Cluster) feed(ctx context.Context, rate float64, seed uint64, gen func(now time.Time, n int, out []*kgo.Record) []*kgo.Record) {
	p := newPacer(rate*c.rate, seed)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		var out []*kgo.Record
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				out = gen(now, p.take(now), out[:0])
				for _, rec := range out {
					c.prod.Produce(ctx, rec, c.produced)
				}
				clear(out)
			}
		}
	}()
}

// produced logs failed produces, at most one every ten seconds: when the
// cluster is in trouble every record fails, and one line says it.
func (c *Cluster) produced(r *kgo.Record, err error) {
	if err == nil || errClosed(err) {
		return
	}
	now := time.Now().UnixNano()
	last := c.lastErrAt.Load()
	if now-last < int64(10*time.Second) || !c.lastErrAt.CompareAndSwap(last, now) {
		return
	}
	c.warnf("demo traffic: produce to %s: %v", r.Topic, err)
}
