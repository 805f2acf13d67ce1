package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// groupsTopic makes a topic of parts partitions holding perPartition records
// in each partition.
func groupsTopic(t *testing.T, brokers []string, parts int32, perPartition int) string {
	t.Helper()
	topic := testkafka.Topic(t, brokers, parts)
	var recs []*kgo.Record
	for p := range parts {
		for i := range perPartition {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Key: []byte(fmt.Sprint(i)), Value: []byte("v")})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	return topic
}

// startKgoConsumer joins group with a franz-go group consumer on topic and
// returns once it has received records, that is once it is a member with an
// assignment. Auto-commit is off so that the test decides what is committed.
func startKgoConsumer(t *testing.T, brokers []string, group, topic string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("kt-lag-consumer"),
		kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic), kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	closeCl := func() { once.Do(cl.Close) }
	t.Cleanup(closeCl)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("group consumer received nothing in 60s")
		}
		if fs.NumRecords() > 0 {
			return cl
		}
	}
}

func commitKgo(t *testing.T, cl *kgo.Client, offsets map[string]map[int32]kgo.EpochOffset) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	var cerr error
	cl.CommitOffsetsSync(ctx, offsets, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
		if err != nil {
			cerr = err
			return
		}
		for _, tp := range resp.Topics {
			for _, p := range tp.Partitions {
				if e := kerr.ErrorForCode(p.ErrorCode); e != nil {
					cerr = fmt.Errorf("%s/%d: %w", tp.Topic, p.Partition, e)
				}
			}
		}
	})
	if cerr != nil {
		t.Fatalf("commit: %v", cerr)
	}
}

// dropGroupAtCleanup deletes group when the test ends, after the cleanups
// registered later (consumers leaving) have run, so that real clusters are
// not left with test groups.
func dropGroupAtCleanup(t *testing.T, brokers []string, group string) {
	adm, _ := testkafka.Admin(t, brokers)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		defer cancel()
		_, _ = adm.DeleteGroup(ctx, group)
	})
}

// waitGroupState waits until kadm sees group in state.
func waitGroupState(t *testing.T, adm *kadm.Client, group, state string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		gs, err := adm.DescribeGroups(ctx, group)
		cancel()
		if err == nil && gs[group].State == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s not %s after 60s (%+v, %v)", group, state, gs[group].State, err)
		}
		time.Sleep(100 * time.Millisecond) // polling a remote state; no event to wait on
	}
}

// TestDescribeGroupMatchesKadm runs a franz-go consumer group that commits
// part of a topic, then checks ListGroups and DescribeGroup against kadm.
func TestDescribeGroupMatchesKadm(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 3, 10)
	group := testkafka.TopicName(t) + "-g"
	adm, _ := testkafka.Admin(t, brokers)
	cl := startKgoConsumer(t, brokers, group, topic)
	commitKgo(t, cl, map[string]map[int32]kgo.EpochOffset{topic: {0: {Epoch: -1, Offset: 4}, 1: {Epoch: -1, Offset: 10}}})
	waitGroupState(t, adm, group, "Stable")

	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	coord := adm.FindGroupCoordinators(ctx, group)
	var summary *GroupSummary
	for i := range groups {
		if i > 0 && groups[i-1].ID >= groups[i].ID {
			t.Errorf("groups not sorted by id: %q before %q", groups[i-1].ID, groups[i].ID)
		}
		if groups[i].ID == group {
			summary = &groups[i]
		}
	}
	want := GroupSummary{ID: group, State: "Stable", ProtocolType: "consumer", Members: 1, Coordinator: coord[group].NodeID}
	if summary == nil || *summary != want {
		t.Fatalf("ListGroups row: %+v, want %+v", summary, want)
	}

	d, err := c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != group || d.State != "Stable" || d.ProtocolType != "consumer" || d.Protocol == "" || d.Coordinator != coord[group].NodeID {
		t.Errorf("group header: %+v", d)
	}
	if len(d.Members) != 1 {
		t.Fatalf("members: %+v", d.Members)
	}
	m := d.Members[0]
	wantAssigned := []TopicPartition{{topic, 0}, {topic, 1}, {topic, 2}}
	if m.ClientID != "kt-lag-consumer" || m.Host == "" || strings.HasPrefix(m.Host, "/") || m.Error != "" ||
		!reflect.DeepEqual(m.Assigned, wantAssigned) || !reflect.DeepEqual(m.Topics, []string{topic}) {
		t.Errorf("member: %+v", m)
	}

	lags, err := adm.Lag(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	ref := lags[group]
	if ref.Error() != nil {
		t.Fatalf("kadm lag: %v", ref.Error())
	}
	if len(d.Offsets) != 3 {
		t.Fatalf("offsets: %+v", d.Offsets)
	}
	var total int64
	for _, o := range d.Offsets {
		r, ok := ref.Lag.Lookup(o.Topic, o.Partition)
		if !ok {
			t.Fatalf("kadm has no lag for %s/%d", o.Topic, o.Partition)
		}
		if o.LogEnd != r.End.Offset || o.LogStart != r.Start.Offset || o.MemberID != r.Member.MemberID || o.Error != "" {
			t.Errorf("%s/%d: %+v, kadm end %d start %d member %s", o.Topic, o.Partition, o, r.End.Offset, r.Start.Offset, r.Member.MemberID)
		}
		if r.Commit.At < 0 {
			// No commit: shown as such, with no made-up lag.
			if o.HasCommit || o.Lag != 0 || o.Partition != 2 {
				t.Errorf("%s/%d without commit: %+v", o.Topic, o.Partition, o)
			}
			continue
		}
		if !o.HasCommit || o.Committed != r.Commit.At || o.Lag != r.Lag {
			t.Errorf("%s/%d: committed %d lag %d, kadm committed %d lag %d", o.Topic, o.Partition, o.Committed, o.Lag, r.Commit.At, r.Lag)
		}
		total += r.Lag
	}
	if d.Offsets[0].Lag != 6 || d.Offsets[1].Lag != 0 || d.TotalLag != total || total != 6 {
		t.Errorf("lags %d,%d total %d, want 6,0 total 6 (kadm total %d)", d.Offsets[0].Lag, d.Offsets[1].Lag, d.TotalLag, total)
	}

	// A live group cannot be deleted.
	err = c.DeleteGroup(ctx, group)
	if err == nil || err.Error() != fmt.Sprintf("delete group %q: group has active members (stop its consumers first)", group) {
		t.Errorf("delete a live group: %v", err)
	}
	if !errors.Is(err, kafka.NonEmptyGroup) {
		t.Errorf("delete a live group: error does not wrap NonEmptyGroup: %v", err)
	}

	// Once the consumer leaves, the group is Empty and keeps its commits.
	cl.Close()
	waitGroupState(t, adm, group, "Empty")
	d, err = c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != "Empty" || len(d.Members) != 0 || len(d.Offsets) != 3 || d.TotalLag != 6 || d.Offsets[0].MemberID != "" {
		t.Errorf("empty group: %+v", d)
	}
	if err := c.DeleteGroup(ctx, group); err != nil {
		t.Fatalf("delete the empty group: %v", err)
	}
	_, err = c.DescribeGroup(ctx, group)
	if err == nil || err.Error() != fmt.Sprintf("describe group %q: group does not exist", group) {
		t.Errorf("describe a deleted group: %v", err)
	}
	groups, err = c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if g.ID == group {
			t.Errorf("deleted group still listed: %+v", g)
		}
	}
}

// TestGroupWithoutMembers covers a group that only has commits (Empty): one
// topic fully committed, another partly, including a partition committed
// beyond what the topic holds.
func TestGroupWithoutMembers(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topicA := groupsTopic(t, brokers, 2, 5)
	topicB := groupsTopic(t, brokers, 1, 3)
	group := testkafka.TopicName(t) + "-g"
	adm, _ := testkafka.Admin(t, brokers)
	ctx := produceCtx(t)
	var offs kadm.Offsets
	offs.AddOffset(topicA, 1, 2, -1)
	offs.AddOffset(topicB, 0, 5, -1)
	if resp, err := adm.CommitOffsets(ctx, group, offs); err != nil || resp.Error() != nil {
		t.Fatalf("commit: %v %v", err, resp.Error())
	}
	c := produceTestCluster(t, brokers)
	d, err := c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if d.State != "Empty" || len(d.Members) != 0 {
		t.Errorf("group: %+v", d)
	}
	type row struct {
		tp        TopicPartition
		hasCommit bool
		committed int64
		end, lag  int64
	}
	var got []row
	for _, o := range d.Offsets {
		got = append(got, row{TopicPartition{o.Topic, o.Partition}, o.HasCommit, o.Committed, o.LogEnd, o.Lag})
	}
	want := []row{
		{TopicPartition{topicA, 0}, false, -1, 5, 0},
		{TopicPartition{topicA, 1}, true, 2, 5, 3},
		{TopicPartition{topicB, 0}, true, 5, 3, 0},
	}
	if topicB < topicA {
		want = append(want[2:], want[:2]...)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("offsets:\n got %+v\nwant %+v", got, want)
	}
	if d.TotalLag != 3 {
		t.Errorf("total lag %d, want 3", d.TotalLag)
	}
	if err := c.DeleteGroup(ctx, group); err != nil {
		t.Errorf("delete: %v", err)
	}
}

func TestGroupMissing(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	group := testkafka.TopicName(t) + "-never-existed"
	_, err := c.DescribeGroup(ctx, group)
	if err == nil || err.Error() != fmt.Sprintf("describe group %q: group does not exist", group) {
		t.Errorf("describe: %v", err)
	}
	err = c.DeleteGroup(ctx, group)
	if err == nil || err.Error() != fmt.Sprintf("delete group %q: group does not exist", group) {
		t.Errorf("delete: %v", err)
	}
	if _, err := c.DescribeGroup(ctx, ""); err == nil {
		t.Errorf("describe an empty group id: no error")
	}
}

// TestDescribeGroupNewConsumerProtocol runs a franz-go consumer that opts
// into the KIP-848 consumer protocol. Kafka 4 lists such a group but its
// classic DescribeGroups says it does not exist; ConsumerGroupDescribe
// describes it, and ListGroups and DescribeGroup must show its state,
// members and assignment (as kadm's DescribeConsumerGroups does) with its
// commits and lag. (Kafka 3.9 has no KIP-848 and the consumer falls back to
// the classic protocol, where the group describes as any other.)
func TestDescribeGroupNewConsumerProtocol(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 3, 10)
	group := testkafka.TopicName(t) + "-848"
	dropGroupAtCleanup(t, brokers, group)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("kt-848"), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.DisableAutoCommit(), kgo.ServerSideBalancer(), kgo.Balancers(kgo.RangeBalancer()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	ctx := produceCtx(t)
	for cl.PollFetches(ctx).NumRecords() == 0 {
		if ctx.Err() != nil {
			t.Fatal("the KIP-848 consumer received nothing")
		}
	}
	commitKgo(t, cl, map[string]map[int32]kgo.EpochOffset{topic: {0: {Epoch: -1, Offset: 4}, 2: {Epoch: -1, Offset: 9}}})

	// The member's view settles once the coordinator has reconciled the
	// assignment: wait for kadm (or, on a classic fallback, accept it).
	adm, _ := testkafka.Admin(t, brokers)
	ref, kip848 := waitConsumerGroupStable(t, adm, group, 3)
	c := produceTestCluster(t, brokers)
	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var listed *GroupSummary
	for i := range groups {
		if groups[i].ID == group {
			listed = &groups[i]
		}
	}
	if listed == nil || listed.State != "Stable" || listed.Members != 1 {
		t.Errorf("ListGroups shows %+v, want the group Stable with 1 member", listed)
	}
	d, err := c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("state %q, %d members, assignor %q, note %q (KIP-848 group: %v)", d.State, len(d.Members), d.Protocol, d.Note, kip848)
	if d.Note != "" || d.State != "Stable" || len(d.Members) != 1 {
		t.Fatalf("described as %+v", d)
	}
	m := d.Members[0]
	var assigned []string
	for _, tp := range m.Assigned {
		assigned = append(assigned, fmt.Sprintf("%s/%d", tp.Topic, tp.Partition))
	}
	if want := fmt.Sprintf("%s/0 %s/1 %s/2", topic, topic, topic); strings.Join(assigned, " ") != want || m.ClientID != "kt-848" {
		t.Errorf("member %+v: assigned %v, want %s, client kt-848", m, assigned, want)
	}
	if kip848 {
		r := ref.Members[0]
		if m.ID != r.MemberID || m.Host != strings.TrimPrefix(r.ClientHost, "/") || d.Protocol != ref.AssignorName ||
			strings.Join(m.Topics, ",") != strings.Join(r.SubscribedTopics, ",") {
			t.Errorf("member %+v (assignor %q), kadm %+v (assignor %q)", m, d.Protocol, r, ref.AssignorName)
		}
		for _, o := range d.Offsets {
			if o.MemberID != m.ID || o.ClientID != "kt-848" {
				t.Errorf("%s/%d owned by %q (%q), want %q", o.Topic, o.Partition, o.MemberID, o.ClientID, m.ID)
			}
		}
	}

	// Reference lag: kadm's committed offsets and end offsets.
	commits, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Offsets) != 3 {
		t.Fatalf("offsets: %+v", d.Offsets)
	}
	for _, o := range d.Offsets {
		end, _ := ends.Lookup(topic, o.Partition)
		commit, ok := commits.Lookup(topic, o.Partition)
		if o.LogEnd != end.Offset || o.HasCommit != ok || (ok && (o.Committed != commit.At || o.Lag != end.Offset-commit.At)) {
			t.Errorf("%s/%d: %+v, kadm end %d commit %+v (%v)", o.Topic, o.Partition, o, end.Offset, commit.At, ok)
		}
	}
	if d.TotalLag != 6+1 {
		t.Errorf("total lag %d, want 7", d.TotalLag)
	}

	// Offsets of a live group are not reset; once its member has left
	// they are.
	reset := ResetRequest{Group: group, Topic: topic, To: ResetTarget{Kind: ResetEarliest}}
	want := "the group is Stable with 1 member(s)"
	if _, err := c.PlanOffsetReset(ctx, reset); err == nil || !errors.Is(err, ErrGroupActive) || !strings.Contains(err.Error(), want) {
		t.Errorf("reset plan of the live group: %v, want %q", err, want)
	}
	cl.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		plan, err := c.PlanOffsetReset(ctx, reset)
		if err == nil {
			if len(plan.Rows) != 3 {
				t.Errorf("plan once the member left: %+v", plan)
			}
			break
		}
		if !errors.Is(err, ErrGroupActive) || time.Now().After(deadline) {
			t.Fatalf("reset plan after the member left: %v", err)
		}
		time.Sleep(100 * time.Millisecond) // the coordinator notices the leave on its own time
	}
}

// waitConsumerGroupStable waits until kadm describes group, a KIP-848
// group, as Stable with one member holding all parts partitions, and
// returns that description. On Kafka 3.9, without KIP-848, the consumer
// falls back to the classic protocol: it returns false at once.
func waitConsumerGroupStable(t *testing.T, adm *kadm.Client, group string, parts int) (kadm.DescribedConsumerGroup, bool) {
	t.Helper()
	if testkafka.Real() && !testkafka.VersionAtLeast(4, 0) {
		return kadm.DescribedConsumerGroup{}, false // KIP-848 is not enabled before Kafka 4
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		gs, err := adm.DescribeConsumerGroups(ctx, group)
		cancel()
		g := gs[group]
		if err == nil && g.Err == nil && g.State == "Stable" && len(g.Members) == 1 {
			n := 0
			g.Members[0].Assignment.Each(func(string, int32) { n++ })
			if n == parts {
				return g, true
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s not Stable with 1 member of %d partitions after 60s (%+v, %v)", group, parts, g, err)
		}
		time.Sleep(100 * time.Millisecond) // polling a remote state; no event to wait on
	}
}

// TestGroupsAndProduceUnreachable checks that every operation of this file
// fails within the request timeout when no broker answers.
func TestGroupsAndProduceUnreachable(t *testing.T) {
	// A broker that accepts connections and never answers, and a port
	// where nothing listens.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			conn, err := silent.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	for _, addr := range []string{silent.Addr().String(), "127.0.0.1:1"} {
		t.Run(addr, func(t *testing.T) { unreachableOps(t, addr) })
	}
}

func unreachableOps(t *testing.T, addr string) {
	c, err := Open(Config{Brokers: []string{addr}, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ops := map[string]func(context.Context) error{
		"produce": func(ctx context.Context) error {
			_, err := c.Produce(ctx, Message{Topic: "t", Partition: -1, Acks: AcksAll})
			return err
		},
		"list groups":    func(ctx context.Context) error { _, err := c.ListGroups(ctx); return err },
		"describe group": func(ctx context.Context) error { _, err := c.DescribeGroup(ctx, "g"); return err },
		"delete group":   func(ctx context.Context) error { return c.DeleteGroup(ctx, "g") },
	}
	for name, op := range ops {
		start := time.Now()
		err := endsItself(t, name, op)
		t.Logf("%s: %v (%v)", name, err, time.Since(start).Round(time.Millisecond))
		if err == nil {
			t.Errorf("%s against an unreachable broker succeeded", name)
		}
		if err != nil && !strings.HasPrefix(err.Error(), strings.SplitN(name, " ", 2)[0]) {
			t.Errorf("%s: error does not say what was being done: %v", name, err)
		}
	}
}
