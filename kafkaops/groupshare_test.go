package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestDescribeShareGroup: a share group (KIP-932) of a live franz-go share
// consumer is listed with its state and members, described (state,
// assignor, members and assignments as kadm's DescribeShareGroups gives
// them), its share-partition start offsets stand for commits (as kadm's
// DescribeShareGroupOffsets gives them, lag = log end - start offset), the
// list's lag agrees, and resetting its offsets is refused with the reason.
// On real Kafka it needs share groups (4.1+ with share.version enabled).
func TestDescribeShareGroup(t *testing.T) {
	brokers := testkafka.Brokers(t)
	if testkafka.Real() && !testkafka.VersionAtLeast(4, 1) {
		t.Skipf("Kafka %s has no share groups", testkafka.Version())
	}
	topic := groupsTopic(t, brokers, 3, 10)
	group := testkafka.TopicName(t) + "-share"
	dropGroupAtCleanup(t, brokers, group)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("kt-share"), kgo.ShareGroup(group), kgo.ConsumeTopics(topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	ctx := produceCtx(t)
	// A share group starts at the log end: records come from a producer
	// running once the consumer has joined.
	prod, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(prod.Close)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			prod.Produce(ctx, &kgo.Record{Partition: int32(i % 3), Value: []byte("live")}, nil)
		}
	}()
	got := 0
	var fetchErrs []string
	for got < 6 && ctx.Err() == nil {
		fs := cl.PollRecords(ctx, 10)
		got += fs.NumRecords()
		for _, e := range fs.Errors() {
			fetchErrs = append(fetchErrs, e.Err.Error())
		}
	}
	close(stop)
	<-done
	if got < 6 {
		if testkafka.Real() {
			t.Skipf("the share consumer received %d records (share groups not enabled on this broker?): %v", got, fetchErrs)
		}
		t.Fatalf("the share consumer received %d records: %v", got, fetchErrs)
	}
	// One more poll acknowledges what the last one returned.
	pctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	cl.PollRecords(pctx, 1)
	cancel()
	// Then records nobody reads: the group lags behind by these.
	if err := prod.ProduceSync(ctx, &kgo.Record{Partition: 1, Value: []byte("behind")}, &kgo.Record{Partition: 1, Value: []byte("behind")}).FirstErr(); err != nil {
		t.Fatal(err)
	}

	adm, _ := testkafka.Admin(t, brokers)
	c := produceTestCluster(t, brokers)
	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(groups, func(g GroupSummary) bool { return g.ID == group })
	if i < 0 || groups[i].ProtocolType != "share" || groups[i].State != "Stable" || groups[i].Members != 1 {
		t.Errorf("listed as %+v, want a Stable share group with 1 member", groups)
	}
	d, err := c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := adm.DescribeShareGroups(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	ref := refs[group]
	if d.State != ref.GroupState || d.ProtocolType != "share" || d.Protocol != ref.Assignor || d.Note != "" || len(d.Members) != len(ref.Members) || len(d.Members) != 1 {
		t.Fatalf("described as %+v; kadm %+v", d, ref)
	}
	m, rm := d.Members[0], ref.Members[0]
	var want []string
	for tp, ps := range rm.Assignment {
		for p := range ps {
			want = append(want, fmt.Sprintf("%s/%d", tp, p))
		}
	}
	slices.Sort(want)
	var assigned []string
	for _, tp := range m.Assigned {
		assigned = append(assigned, fmt.Sprintf("%s/%d", tp.Topic, tp.Partition))
	}
	if m.ID != rm.MemberID || m.ClientID != "kt-share" || strings.Join(assigned, " ") != strings.Join(want, " ") || len(assigned) != 3 {
		t.Errorf("member %+v, kadm %+v", m, rm)
	}

	starts, err := adm.DescribeShareGroupOffsets(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Offsets) != 3 {
		t.Fatalf("offsets %+v", d.Offsets)
	}
	var total int64
	for _, o := range d.Offsets {
		s, ok := starts[group].Offsets[topic][o.Partition]
		end, _ := ends.Lookup(topic, o.Partition)
		if !ok || o.HasCommit != (s.StartOffset >= 0) || o.LogEnd != end.Offset {
			t.Errorf("%s/%d: %+v; kadm start %+v (found %v), end %d", topic, o.Partition, o, s, ok, end.Offset)
			continue
		}
		if o.HasCommit && (o.Committed != s.StartOffset || o.Lag != end.Offset-s.StartOffset || o.MemberID != m.ID) {
			t.Errorf("%s/%d: committed %d lag %d owner %q; kadm start %d, end %d", topic, o.Partition, o.Committed, o.Lag, o.MemberID, s.StartOffset, end.Offset)
		}
		total += o.Lag
	}
	if total != d.TotalLag || d.Offsets[1].Lag < 2 {
		t.Errorf("total lag %d, rows sum to %d; p1 lag %d, want at least the 2 unread", d.TotalLag, total, d.Offsets[1].Lag)
	}
	t.Logf("share group %s: %s, assignor %s, start offsets %d/%d/%d, lag %d", group, d.State, d.Protocol,
		d.Offsets[0].Committed, d.Offsets[1].Committed, d.Offsets[2].Committed, d.TotalLag)

	lags, err := c.GroupsLag(ctx, []string{group})
	if err != nil || lags[group].Err != nil || lags[group].TotalLag != d.TotalLag {
		t.Errorf("GroupsLag: %+v, %v; describe says total lag %d", lags[group], err, d.TotalLag)
	}

	_, err = c.PlanOffsetReset(ctx, ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetEarliest}})
	if !errors.Is(err, ErrShareGroup) || !strings.Contains(err.Error(), "share group") {
		t.Errorf("reset of a share group: %v", err)
	}
	err = c.DeleteGroupOffsets(ctx, group, topic)
	if !errors.Is(err, ErrShareGroup) || !strings.Contains(err.Error(), "share group") {
		t.Errorf("delete offsets of a share group: %v", err)
	}
}
