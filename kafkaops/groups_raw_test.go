package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// joinRawMember joins group as its only member through raw JoinGroup and
// SyncGroup requests, the way a client of another language would, and keeps
// the membership alive with heartbeats until the test ends.
func joinRawMember(t *testing.T, cl *kgo.Client, group, protocolType, protocol string, metadata, assignment []byte) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	join := kmsg.NewPtrJoinGroupRequest()
	join.Group = group
	join.SessionTimeoutMillis = 30000
	join.RebalanceTimeoutMillis = 30000
	join.ProtocolType = protocolType
	join.Protocols = []kmsg.JoinGroupRequestProtocol{{Name: protocol, Metadata: metadata}}
	var joined *kmsg.JoinGroupResponse
	for attempt := 0; ; attempt++ {
		resp, err := join.RequestWith(ctx, cl)
		if err != nil {
			t.Fatalf("join group: %v", err)
		}
		if resp.ErrorCode == kerr.MemberIDRequired.Code && attempt < 4 {
			join.MemberID = resp.MemberID // KIP-394: join again with the id given
			continue
		}
		if resp.ErrorCode == kerr.UnknownMemberID.Code && join.MemberID != "" && attempt < 4 {
			// Kafka 3.9 marks an Empty group without offsets Dead when any
			// topic is deleted (another test's cleanup), forgetting the
			// pending member id: start over, as Java's consumer does.
			join.MemberID = ""
			continue
		}
		if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
			t.Fatalf("join group: %v", err)
		}
		joined = resp
		break
	}
	if joined.LeaderID != joined.MemberID {
		t.Fatalf("joined as %s but the leader is %s", joined.MemberID, joined.LeaderID)
	}
	syncReq := kmsg.NewPtrSyncGroupRequest()
	syncReq.Group = group
	syncReq.Generation = joined.Generation
	syncReq.MemberID = joined.MemberID
	syncReq.ProtocolType = &protocolType
	syncReq.Protocol = &protocol
	syncReq.GroupAssignment = []kmsg.SyncGroupRequestGroupAssignment{{MemberID: joined.MemberID, MemberAssignment: assignment}}
	sresp, err := syncReq.RequestWith(ctx, cl)
	if err == nil {
		err = kerr.ErrorForCode(sresp.ErrorCode)
	}
	if err != nil {
		t.Fatalf("sync group: %v", err)
	}

	hbCtx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-hbCtx.Done():
				return
			case <-tick.C:
			}
			hb := kmsg.NewPtrHeartbeatRequest()
			hb.Group, hb.Generation, hb.MemberID = group, joined.Generation, joined.MemberID
			_, _ = hb.RequestWith(hbCtx, cl)
		}
	}()
	t.Cleanup(func() {
		stop()
		wg.Wait()
		leave := kmsg.NewPtrLeaveGroupRequest()
		leave.Group, leave.MemberID = group, joined.MemberID
		leave.Members = []kmsg.LeaveGroupRequestMember{{MemberID: joined.MemberID}}
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		defer cancel()
		_, _ = leave.RequestWith(ctx, cl)
	})
	return joined.MemberID
}

// TestDescribeGroupJavaSubscriptionV3 joins a member with the metadata a
// Java consumer >= 3.4 sends (ConsumerProtocolSubscription v3 with owned
// partitions, generation and rack; assignment v3), which kafka-go's own
// DescribeGroups cannot decode, and checks DescribeGroup decodes it.
func TestDescribeGroupJavaSubscriptionV3(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 3, 4)
	group := testkafka.TopicName(t) + "-java"
	dropGroupAtCleanup(t, brokers, group)
	_, cl := testkafka.Admin(t, brokers)
	rack := "eu-west-1b"
	meta := kmsg.ConsumerMemberMetadata{
		Version:         3,
		Topics:          []string{topic},
		UserData:        nil,
		OwnedPartitions: []kmsg.ConsumerMemberMetadataOwnedPartition{{Topic: topic, Partitions: []int32{0, 2}}},
		Generation:      5,
		Rack:            &rack,
	}
	asg := kmsg.ConsumerMemberAssignment{
		Version:  3,
		Topics:   []kmsg.ConsumerMemberAssignmentTopic{{Topic: topic, Partitions: []int32{2, 0}}},
		UserData: nil,
	}
	member := joinRawMember(t, cl, group, "consumer", "cooperative-sticky", meta.AppendTo(nil), asg.AppendTo(nil))
	adm := kadm.NewClient(cl)
	waitGroupState(t, adm, group, "Stable")

	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	d, err := c.DescribeGroup(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if d.ProtocolType != "consumer" || d.Protocol != "cooperative-sticky" || d.State != "Stable" {
		t.Errorf("group: %+v", d)
	}
	if len(d.Members) != 1 {
		t.Fatalf("members: %+v", d.Members)
	}
	m := d.Members[0]
	if m.ID != member || m.Error != "" || m.Rack != rack || !reflect.DeepEqual(m.Topics, []string{topic}) ||
		!reflect.DeepEqual(m.Assigned, []TopicPartition{{topic, 0}, {topic, 2}}) {
		t.Errorf("member: %+v", m)
	}
	if len(d.Offsets) != 3 {
		t.Fatalf("offsets: %+v", d.Offsets)
	}
	for _, o := range d.Offsets {
		wantOwner := ""
		if o.Partition != 1 {
			wantOwner = member
		}
		if o.MemberID != wantOwner || o.HasCommit || o.Lag != 0 || o.LogEnd != 4 || o.Error != "" {
			t.Errorf("%s/%d: %+v", o.Topic, o.Partition, o)
		}
	}

	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range groups {
		if g.ID == group {
			found = g.State == "Stable" && g.Members == 1 && g.ProtocolType == "consumer"
		}
	}
	if !found {
		t.Errorf("ListGroups does not show %s as a Stable consumer group of 1 member: %+v", group, groups)
	}
}

// TestDescribeGroupOtherProtocol describes a group of another embedded
// protocol (Kafka Connect workers): members are listed, nothing is decoded.
func TestDescribeGroupOtherProtocol(t *testing.T) {
	brokers := testkafka.Brokers(t)
	group := testkafka.TopicName(t) + "-connect"
	dropGroupAtCleanup(t, brokers, group)
	_, cl := testkafka.Admin(t, brokers)
	member := joinRawMember(t, cl, group, "connect", "sessioned", []byte("\x00\x03connect worker state"), []byte{0xff, 0x00})
	waitGroupState(t, kadm.NewClient(cl), group, "Stable")
	c := produceTestCluster(t, brokers)
	d, err := c.DescribeGroup(produceCtx(t), group)
	if err != nil {
		t.Fatal(err)
	}
	if d.ProtocolType != "connect" || len(d.Members) != 1 || d.Members[0].ID != member || d.Members[0].Error != "" ||
		len(d.Members[0].Assigned) != 0 || len(d.Offsets) != 0 {
		t.Errorf("connect group: %+v", d)
	}
}

// TestListGroupsPartialFailure makes one broker fail ListGroups: the groups
// the others coordinate are returned with a *PartialError naming it. Fault
// injection needs kfake, so this test does not run against a real cluster.
func TestListGroupsPartialFailure(t *testing.T) {
	if testkafka.Real() {
		t.Skip("needs kfake's fault injection")
	}
	kc := testkafka.NewCluster(t, kfake.NumBrokers(3))
	brokers := kc.ListenAddrs()
	adm, _ := testkafka.Admin(t, brokers)
	ctx := produceCtx(t)
	topic := testkafka.Topic(t, brokers, 1)

	coordinators := make(map[string]int32)
	for i := range 12 {
		g := fmt.Sprintf("partial-%02d", i)
		var offs kadm.Offsets
		offs.AddOffset(topic, 0, 0, -1)
		if resp, err := adm.CommitOffsets(ctx, g, offs); err != nil || resp.Error() != nil {
			t.Fatalf("commit %s: %v %v", g, err, resp.Error())
		}
		fc := adm.FindGroupCoordinators(ctx, g)
		coordinators[g] = fc[g].NodeID
	}
	failing := coordinators["partial-00"]
	var mu sync.Mutex
	failAll := false
	kc.ControlKey(int16(kmsg.ListGroups), func(req kmsg.Request) (kmsg.Response, error, bool) {
		kc.KeepControl()
		mu.Lock()
		all := failAll
		mu.Unlock()
		if !all && kc.CurrentNode() != failing {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.ListGroupsResponse)
		resp.ErrorCode = kerr.CoordinatorNotAvailable.Code
		return resp, nil, true
	})

	c := produceTestCluster(t, brokers)
	groups, err := c.ListGroups(ctx)
	var partial *PartialError
	if !errors.As(err, &partial) || len(partial.Failures) != 1 || partial.Failures[0].Broker != failing {
		t.Fatalf("want a PartialError naming broker %d, got %v", failing, err)
	}
	if !errors.Is(err, kafka.GroupCoordinatorNotAvailable) {
		t.Errorf("partial error does not carry the broker's error: %v", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("broker %d (", failing)) {
		t.Errorf("error does not name the broker: %v", err)
	}
	got := make(map[string]bool)
	for _, g := range groups {
		got[g.ID] = true
		if g.State != "Empty" || g.Coordinator == failing {
			t.Errorf("row %+v", g)
		}
	}
	for g, node := range coordinators {
		if got[g] != (node != failing) {
			t.Errorf("group %s (coordinator %d, failing %d): listed=%v", g, node, failing, got[g])
		}
	}

	mu.Lock()
	failAll = true
	mu.Unlock()
	groups, err = c.ListGroups(ctx)
	if err == nil || groups != nil || !strings.Contains(err.Error(), "list groups: no broker answered: broker ") {
		t.Errorf("all brokers failing: %v, %v", groups, err)
	}
}
