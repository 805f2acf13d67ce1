package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// groupJSONOut is what `group describe --json` prints, decoded.
type groupJSONOut struct {
	Group        string `json:"group"`
	State        string `json:"state"`
	ProtocolType string `json:"protocol_type"`
	Members      []struct {
		ID       string `json:"member_id"`
		ClientID string `json:"client_id"`
		Host     string `json:"host"`
		Assigned []struct {
			Topic     string `json:"topic"`
			Partition int32  `json:"partition"`
		} `json:"assigned"`
	} `json:"members"`
	Offsets []struct {
		Topic     string `json:"topic"`
		Partition int32  `json:"partition"`
		Committed *int64 `json:"committed"`
		LogEnd    int64  `json:"log_end"`
		Lag       *int64 `json:"lag"`
		MemberID  string `json:"member_id"`
	} `json:"offsets"`
	TotalLag *int64 `json:"total_lag"`
}

func TestGroupsEmptyGroupLagMatchesKadm(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 3)
	var recs []*kgo.Record
	for p := range int32(3) {
		for range 10 {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte("v")})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	adm, _ := testkafka.Admin(t, brokers)
	group := "g-" + topic
	commits := make(kadm.Offsets)
	commits.AddOffset(topic, 0, 4, -1)
	commits.AddOffset(topic, 2, 10, -1)
	if resp, err := adm.CommitOffsets(testkafka.Ctx(t), group, commits); err != nil || resp.Error() != nil {
		t.Fatalf("commit: %v %v", err, resp.Error())
	}
	t.Cleanup(func() { _, _ = adm.DeleteGroups(context.Background(), group) })

	r := run(t, "-b", b, "groups").ok(t)
	var row []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == group {
			row = f
		}
	}
	if len(row) < 4 || row[1] != "Empty" || row[3] != "0" {
		t.Fatalf("groups row %q:\n%s", row, r.stdout)
	}
	r = run(t, "-b", b, "groups", "--json").ok(t)
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("groups --json: %v\n%s", err, r.stdout)
	}
	found := false
	for _, g := range list {
		if g["group"] == group {
			found = true
			if g["state"] != "Empty" || g["members"] != 0.0 {
				t.Errorf("groups --json entry %v", g)
			}
		}
	}
	if !found {
		t.Fatalf("groups --json lacks %s:\n%s", group, r.stdout)
	}

	r = run(t, "-b", b, "group", "describe", group, "--json").ok(t)
	var g groupJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatalf("group describe --json: %v\n%s", err, r.stdout)
	}
	lags, err := adm.Lag(testkafka.Ctx(t), group)
	if err != nil {
		t.Fatal(err)
	}
	ref := lags[group].Lag
	var total int64
	committed := 0
	for _, o := range g.Offsets {
		if o.Topic != topic {
			t.Errorf("offsets for unexpected topic %s", o.Topic)
			continue
		}
		if o.LogEnd != 10 {
			t.Errorf("partition %d log end %d, want 10", o.Partition, o.LogEnd)
		}
		if o.Committed == nil {
			if o.Lag != nil {
				t.Errorf("partition %d without a commit shows lag %d", o.Partition, *o.Lag)
			}
			continue
		}
		committed++
		want, ok := ref.Lookup(topic, o.Partition)
		if !ok || o.Lag == nil || *o.Lag != want.Lag {
			t.Errorf("partition %d: lag %v, kadm says %d (found %v)", o.Partition, o.Lag, want.Lag, ok)
		}
		total += *o.Lag
	}
	if committed != 2 || g.TotalLag == nil || *g.TotalLag != total || total != 6 {
		t.Fatalf("committed partitions %d, total lag %v, summed %d; want 2 and 6\n%s", committed, g.TotalLag, total, r.stdout)
	}
	if g.State != "Empty" || g.Members == nil || len(g.Members) != 0 {
		t.Errorf("state %q members %v", g.State, g.Members)
	}

	r = run(t, "-b", b, "group", "describe", group).ok(t)
	for _, s := range []string{"Group:       " + group, "State:       Empty", "Total lag:   6", "COMMITTED", "LOG-END", "LAG", "OWNER"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	lines := map[int32][]string{}
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) >= 6 && f[0] == topic {
			var p int32
			fmt.Sscan(f[1], &p)
			lines[p] = f
		}
	}
	if got := strings.Join(lines[0][2:6], " "); got != "4 10 6 -" {
		t.Errorf("partition 0 row %q, want committed 4, log end 10, lag 6, no owner", got)
	}
	if got := strings.Join(lines[2][2:6], " "); got != "10 10 0 -" {
		t.Errorf("partition 2 row %q", got)
	}
	if l, ok := lines[1]; ok && (l[2] != "-" || l[4] != "-") {
		t.Errorf("partition 1 without a commit: %q", l)
	}

	r = run(t, "-b", b, "group", "delete", group).ok(t)
	if r.stdout != "deleted group "+group+"\n" {
		t.Fatalf("delete said %q", r.stdout)
	}
	listed, err := adm.ListGroups(testkafka.Ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := listed[group]; ok {
		t.Fatalf("group %s still listed after delete", group)
	}
}

func TestGroupWithLiveMember(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 2)
	testkafka.Produce(t, brokers,
		&kgo.Record{Topic: topic, Partition: 0, Value: []byte("a")},
		&kgo.Record{Topic: topic, Partition: 1, Value: []byte("b")})
	group := "g-" + topic
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("kt-live-member"),
		kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic), kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	seen := 0
	for seen < 2 {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("member read %d of 2 records", seen)
		}
		seen += len(fs.Records())
	}
	if err := cl.CommitUncommittedOffsets(ctx); err != nil {
		t.Fatal(err)
	}

	r := run(t, "-b", b, "group", "describe", group, "--json").ok(t)
	var g groupJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if g.State != "Stable" || len(g.Members) != 1 || g.Members[0].ClientID != "kt-live-member" || len(g.Members[0].Assigned) != 2 {
		t.Fatalf("live group: %s", r.stdout)
	}
	for _, o := range g.Offsets {
		if o.Committed == nil || *o.Committed != 1 || o.Lag == nil || *o.Lag != 0 || o.MemberID != g.Members[0].ID {
			t.Errorf("partition %d: committed %v lag %v owner %q", o.Partition, o.Committed, o.Lag, o.MemberID)
		}
	}
	r = run(t, "-b", b, "group", "describe", group).ok(t)
	for _, s := range []string{"State:       Stable", "Members:     1", "kt-live-member", topic + "[0-1]", g.Members[0].ID} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	// A group with members cannot be deleted: Kafka says why, in one line.
	run(t, "-b", b, "group", "delete", group).failed(t, group)
}

func TestAssignmentFormat(t *testing.T) {
	tp := func(t string, ps ...int32) []kafkaops.TopicPartition {
		var out []kafkaops.TopicPartition
		for _, p := range ps {
			out = append(out, kafkaops.TopicPartition{Topic: t, Partition: p})
		}
		return out
	}
	in := append(tp("orders", 5, 0, 1, 2, 7, 8), tp("audit", 3)...)
	if got := assignment(in); got != "audit[3] orders[0-2,5,7-8]" {
		t.Errorf("assignment %q", got)
	}
	if got := assignment(nil); got != "-" {
		t.Errorf("empty assignment %q", got)
	}
}
