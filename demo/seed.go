package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// world holds the simulation behind every topic. The history and the live
// traffic are one continuous simulation, so live events continue the orders,
// sessions, sensors and profiles the history started. After seeding, each
// generator is used by one traffic goroutine only.
type world struct {
	shop     *shop
	clicks   *clicks
	logs     *logs
	sensors  *sensors
	profiles *profiles
	// schemaful writes the registry topics; nil when the world is built
	// without a registry (tests of the plain topics).
	schemaful *schemaful
	customers []customer
}

// worldSeed is fixed so every demo has the same customers and catalogue,
// which makes the demo easy to write about ("look up C-10001").
const worldSeed = 20_240_611

func newWorld() *world {
	stream := func(n uint64) *rand.Rand { return rand.New(rand.NewPCG(worldSeed, n)) }
	customers := newCustomers(stream(1), 300)
	return &world{
		shop:      newShop(stream(2), customers),
		clicks:    newClicks(stream(3), customers),
		logs:      newLogs(stream(4)),
		sensors:   newSensors(stream(5)),
		profiles:  newProfiles(stream(6), customers),
		customers: customers,
	}
}

// How much history the demo starts with, and how far back it reaches. The
// spans differ per topic the way retention and volume differ in production.
const (
	historyOrders  = 900
	historyClicks  = 6000
	historyLogs    = 1500
	historySensors = 2400
	historyUpdates = 900 // profile updates after the initial sign-ups
	historyPayAvro = 600
	historyShips   = 400
	historyAudit   = 300

	spanOrders   = 6 * time.Hour
	spanClicks   = 30 * time.Minute
	spanLogs     = 2 * time.Hour
	spanSensors  = 3 * time.Hour
	spanProfiles = 72 * time.Hour
	spanPayAvro  = 6 * time.Hour
	spanShips    = 12 * time.Hour
	spanAudit    = 24 * time.Hour
)

// history is the seed data: most of it in one batch, and the compacted
// topic in several rounds so compaction has older batches to clean.
type history struct {
	bulk     []*kgo.Record
	profiles [][]*kgo.Record
}

// makeHistory runs the simulation from the past up to now.
func (w *world) makeHistory(now time.Time) history {
	r := rand.New(rand.NewPCG(worldSeed, 99))
	var h history

	for _, t := range spread(r, now.Add(-spanOrders), now, historyOrders) {
		w.shop.newOrder(t)
	}
	h.bulk = w.shop.due(now, 1, h.bulk)
	w.shop.goLive(now)

	for _, t := range spread(r, now.Add(-spanClicks), now, historyClicks) {
		h.bulk = append(h.bulk, w.clicks.next(t))
	}
	for _, t := range spread(r, now.Add(-spanLogs), now, historyLogs) {
		h.bulk = append(h.bulk, w.logs.next(t))
	}
	for _, t := range spread(r, now.Add(-spanSensors), now, historySensors) {
		h.bulk = append(h.bulk, w.sensors.next(t))
	}
	if s := w.schemaful; s != nil {
		for _, t := range spread(r, now.Add(-spanPayAvro), now, historyPayAvro) {
			h.bulk = append(h.bulk, s.payment(t))
		}
		for _, t := range spread(r, now.Add(-spanShips), now, historyShips) {
			h.bulk = append(h.bulk, s.shipment(t))
		}
		for _, t := range spread(r, now.Add(-spanAudit), now, historyAudit) {
			h.bulk = append(h.bulk, s.audit(t))
		}
	}
	// Records of a partition are appended in time order, so a lookup by
	// time (@-15m) finds what it should.
	slices.SortStableFunc(h.bulk, func(a, b *kgo.Record) int { return a.Timestamp.Compare(b.Timestamp) })

	// Sign-ups during the first day, updates and erasures since.
	signups := spread(r, now.Add(-spanProfiles), now.Add(-spanProfiles*2/3), len(w.profiles.customers))
	var first []*kgo.Record
	for i, t := range signups {
		first = append(first, w.profiles.create(i, t))
	}
	slices.SortStableFunc(first, func(a, b *kgo.Record) int { return a.Timestamp.Compare(b.Timestamp) })
	h.profiles = append(h.profiles, first)
	updates := spread(r, now.Add(-spanProfiles*2/3), now, historyUpdates)
	for len(updates) > 0 {
		n := min(len(updates), historyUpdates/2)
		var round []*kgo.Record
		for _, t := range updates[:n] {
			round = append(round, w.profiles.next(t))
		}
		h.profiles = append(h.profiles, round)
		updates = updates[n:]
	}
	return h
}

// spread returns n sorted random times in [from, to).
func spread(r *rand.Rand, from, to time.Time, n int) []time.Time {
	span := int64(to.Sub(from))
	ts := make([]time.Time, n)
	for i := range ts {
		ts[i] = from.Add(time.Duration(r.Int64N(span)))
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return ts
}

// seed produces the history, then compacts the compacted topic once so it
// starts with the gaps a long-lived compacted topic has.
func (c *Cluster) seed(ctx context.Context, h history) error {
	for i, recs := range append([][]*kgo.Record{h.bulk}, h.profiles...) {
		if err := c.prod.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return fmt.Errorf("seed demo topics (round %d of %d): %w", i+1, len(h.profiles)+1, err)
		}
	}
	c.kc.Compact()
	return nil
}

// commitOffsets commits offsets for group a fraction of the way into each
// partition of topics, as a group that ran before the demo started would
// have left them. It sets up billing-replay, a replay someone started and
// stopped (no members, a large and growing lag), and analytics, which
// starts behind on every partition rather than on the few it reaches first.
func commitOffsets(ctx context.Context, adm *kadm.Client, group string, frac float64, metadata string, topics ...string) error {
	ends, err := adm.ListEndOffsets(ctx, topics...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return fmt.Errorf("list end offsets for group %s: %w", group, err)
	}
	var os kadm.Offsets
	ends.Each(func(o kadm.ListedOffset) {
		os.Add(kadm.Offset{Topic: o.Topic, Partition: o.Partition, At: int64(float64(o.Offset) * frac), LeaderEpoch: -1, Metadata: metadata})
	})
	resp, err := adm.CommitOffsets(ctx, group, os)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		return fmt.Errorf("commit offsets for group %s: %w", group, err)
	}
	return nil
}

// expireOldest deletes the first frac of each partition of topics, as
// retention removes the oldest records of a busy topic.
func expireOldest(ctx context.Context, adm *kadm.Client, frac float64, topics ...string) error {
	ends, err := adm.ListEndOffsets(ctx, topics...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return fmt.Errorf("list end offsets of %v: %w", topics, err)
	}
	var os kadm.Offsets
	ends.Each(func(o kadm.ListedOffset) {
		os.Add(kadm.Offset{Topic: o.Topic, Partition: o.Partition, At: int64(float64(o.Offset) * frac)})
	})
	resp, err := adm.DeleteRecords(ctx, os)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		return fmt.Errorf("expire the oldest records of %v: %w", topics, err)
	}
	return nil
}
