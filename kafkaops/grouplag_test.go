package kafkaops

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// commitAdmin commits offsets for group from outside the group, as an
// admin tool does (the group must have no members).
func commitAdmin(t testing.TB, adm *kadm.Client, group, topic string, at map[int32]int64) {
	t.Helper()
	os := make(kadm.Offsets)
	for p, o := range at {
		os.Add(kadm.Offset{Topic: topic, Partition: p, At: o, LeaderEpoch: -1})
	}
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	if err := adm.CommitAllOffsets(ctx, group, os); err != nil {
		t.Fatalf("commit %s for %s: %v", topic, group, err)
	}
}

// timedTopic makes a topic of parts partitions with n records each; record
// i of every partition has timestamp base + i seconds.
func timedTopic(t *testing.T, brokers []string, parts int32, n int, base time.Time) string {
	t.Helper()
	topic := testkafka.Topic(t, brokers, parts)
	var recs []*kgo.Record
	for p := range parts {
		for i := range n {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte(fmt.Sprint(i)), Timestamp: base.Add(time.Duration(i) * time.Second)})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	return topic
}

// TestGroupsLagMatchesKadm reads lag for a lagging, a caught-up and a
// never-committed group in one call and checks every committed partition
// against kadm's lag.
func TestGroupsLagMatchesKadm(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 3, 10)
	other := groupsTopic(t, brokers, 2, 5)
	adm, _ := testkafka.Admin(t, brokers)
	base := testkafka.TopicName(t)
	lagging, caughtUp, never := base+"-lagging", base+"-caught", base+"-never"
	dropGroupAtCleanup(t, brokers, lagging)
	dropGroupAtCleanup(t, brokers, caughtUp)
	commitAdmin(t, adm, lagging, topic, map[int32]int64{0: 4, 1: 10, 2: 0})
	commitAdmin(t, adm, lagging, other, map[int32]int64{1: 2})
	commitAdmin(t, adm, caughtUp, topic, map[int32]int64{0: 10, 1: 10, 2: 10})

	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	got, err := c.GroupsLag(ctx, []string{lagging, caughtUp, never})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := adm.Lag(ctx, lagging, caughtUp)
	if err != nil {
		t.Fatal(err)
	}
	wantTotal := map[string]int64{lagging: 6 + 0 + 10 + 3, caughtUp: 0}
	for _, g := range []string{lagging, caughtUp} {
		gl := got[g]
		if gl.Err != nil || gl.Group != g {
			t.Fatalf("%s: %+v", g, gl)
		}
		if gl.TotalLag != wantTotal[g] {
			t.Errorf("%s: total lag %d, want %d", g, gl.TotalLag, wantTotal[g])
		}
		var n int
		for _, o := range gl.Offsets {
			r, ok := ref[g].Lag.Lookup(o.Topic, o.Partition)
			if !ok || r.Commit.At < 0 {
				t.Errorf("%s %s/%d: kadm has no commit", g, o.Topic, o.Partition)
				continue
			}
			n++
			if !o.HasCommit || o.Committed != r.Commit.At || o.Lag != r.Lag || o.LogEnd != r.End.Offset || o.LogStart != r.Start.Offset || o.Error != "" {
				t.Errorf("%s %s/%d: %+v, kadm commit %d lag %d end %d", g, o.Topic, o.Partition, o, r.Commit.At, r.Lag, r.End.Offset)
			}
		}
		if want := map[string]int{lagging: 4, caughtUp: 3}[g]; n != want || len(gl.Offsets) != want {
			t.Errorf("%s: %d rows matching kadm of %d, want %d", g, n, len(gl.Offsets), want)
		}
	}
	if len(got[lagging].Topics) != 2 {
		t.Errorf("lagging topics: %v", got[lagging].Topics)
	}
	if gl := got[never]; gl.Err != nil || len(gl.Offsets) != 0 || gl.TotalLag != 0 || len(gl.Topics) != 0 {
		t.Errorf("never committed: %+v", gl)
	}
	if len(got) != 3 {
		t.Errorf("got %d groups, want 3", len(got))
	}
}

// TestLagTimes checks lag in time against known record timestamps: the
// time of the record at the committed offset, absent when caught up.
func TestLagTimes(t *testing.T) {
	brokers := testkafka.Brokers(t)
	base := time.UnixMilli(1_700_000_000_000).UTC()
	topic := timedTopic(t, brokers, 3, 10, base)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	commitAdmin(t, adm, group, topic, map[int32]int64{0: 3, 1: 10, 2: 0})

	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	lags, err := c.GroupsLag(ctx, []string{group})
	if err != nil {
		t.Fatal(err)
	}
	times, err := c.LagTimes(ctx, lags[group].Offsets)
	if err != nil {
		t.Fatal(err)
	}
	want := map[TopicPartition]time.Time{{topic, 0}: base.Add(3 * time.Second), {topic, 2}: base}
	if len(times) != len(want) {
		t.Fatalf("lag times %v, want %v", times, want)
	}
	for tp, w := range want {
		if !times[tp].Equal(w) {
			t.Errorf("%s/%d: %v, want %v", tp.Topic, tp.Partition, times[tp], w)
		}
	}
}

// BenchmarkGroupLag10k measures a lag refresh of one group committed on
// 10,000 partitions: one OffsetFetch plus one ListOffsets per leader and end.
func BenchmarkGroupLag10k(b *testing.B) {
	brokers := testkafka.Brokers(b)
	topic := testkafka.Topic(b, brokers, 10000)
	adm, _ := testkafka.Admin(b, brokers)
	group := testkafka.TopicName(b) + "-g"
	at := make(map[int32]int64, 10000)
	for p := range int32(10000) {
		at[p] = 0
	}
	commitAdmin(b, adm, group, topic, at)
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		defer cancel()
		_, _ = adm.DeleteGroup(ctx, group)
	})
	c := produceTestCluster(b, brokers)
	ctx := produceCtx(b)
	b.ResetTimer()
	for b.Loop() {
		got, err := c.GroupsLag(ctx, []string{group})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(got[group].Offsets); n != 10000 {
			b.Fatalf("%d rows, want 10000", n)
		}
	}
}

// TestDescribeGroupIdleMember runs two consumers on a one-partition topic:
// one of them gets nothing, and DescribeGroup shows it with no partitions,
// which the group view marks idle.
func TestDescribeGroupIdleMember(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 1, 5)
	group := testkafka.TopicName(t) + "-g"
	adm, _ := testkafka.Admin(t, brokers)
	dropGroupAtCleanup(t, brokers, group)
	startKgoConsumer(t, brokers, group, topic)
	// The second member polls in the background until the test ends; it
	// never receives a record, having no partition.
	second, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("kt-idle-consumer"),
		kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic), kgo.DisableAutoCommit())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			second.PollFetches(ctx)
		}
	}()
	t.Cleanup(func() { cancel(); <-done; second.Close() })

	c := produceTestCluster(t, brokers)
	deadline := time.Now().Add(60 * time.Second)
	for {
		d, err := c.DescribeGroup(produceCtx(t), group)
		if err != nil {
			t.Fatal(err)
		}
		if d.State == "Stable" && len(d.Members) == 2 {
			var idle, busy []GroupMember
			for _, m := range d.Members {
				if len(m.Assigned) == 0 {
					idle = append(idle, m)
				} else {
					busy = append(busy, m)
				}
			}
			if len(idle) == 1 && len(busy) == 1 && idle[0].Error == "" && len(busy[0].Assigned) == 1 &&
				busy[0].Assigned[0] == (TopicPartition{topic, 0}) && d.Offsets[0].MemberID == busy[0].ID {
				return
			}
		}
		if time.Now().After(deadline) {
			gs, _ := adm.DescribeGroups(produceCtx(t), group)
			t.Fatalf("no Stable group with one idle member after 60s: %+v (kadm %+v)", d, gs[group])
		}
		time.Sleep(100 * time.Millisecond) // polling a remote state; no event to wait on
	}
}
