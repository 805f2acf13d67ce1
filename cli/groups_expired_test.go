package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestGroupDescribeExpired commits a group's offsets and then deletes
// records past one of them: `group describe` (plain and JSON) and `groups`
// say how much of the lag was removed unread, and lag stays Kafka's.
func TestGroupDescribeExpired(t *testing.T) {
	t.Parallel()
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.Topic(t, brokers, 2)
	var recs []*kgo.Record
	for p := range int32(2) {
		for range 10 {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte("v")})
		}
	}
	testkafka.Produce(t, brokers, recs...)
	adm, _ := testkafka.Admin(t, brokers)
	group := "g-" + topic
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	commits := make(kadm.Offsets)
	commits.AddOffset(topic, 0, 2, -1)
	commits.AddOffset(topic, 1, 8, -1)
	if resp, err := adm.CommitOffsets(ctx, group, commits); err != nil || resp.Error() != nil {
		t.Fatalf("commit: %v %v", err, resp.Error())
	}
	t.Cleanup(func() { _, _ = adm.DeleteGroups(context.Background(), group) })
	del := make(kadm.Offsets)
	del.AddOffset(topic, 0, 6, -1)
	if res, err := adm.DeleteRecords(ctx, del); err != nil || res.Error() != nil {
		t.Fatalf("delete records: %v %v", err, res.Error())
	}

	r := run(t, "-b", b, "group", "describe", group).ok(t)
	for _, s := range []string{"Total lag:   10, of which 4 expired unread (commits below the log start)",
		"LOG-START", "EXPIRED"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	rows := map[string]string{}
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) >= 8 && f[0] == topic {
			rows[f[1]] = strings.Join(f[2:8], " ")
		}
	}
	// committed, log start, log end, lag, expired, owner
	if rows["0"] != "2 6 10 8 4 -" || rows["1"] != "8 0 10 2 - -" {
		t.Errorf("rows %q:\n%s", rows, r.stdout)
	}

	r = run(t, "-b", b, "group", "describe", group, "--json").ok(t)
	var g struct {
		Offsets []struct {
			Partition int32  `json:"partition"`
			Lag       *int64 `json:"lag"`
			Expired   *int64 `json:"expired"`
			LogStart  int64  `json:"log_start"`
		} `json:"offsets"`
		TotalLag     int64 `json:"total_lag"`
		TotalExpired int64 `json:"total_expired"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatalf("describe --json: %v\n%s", err, r.stdout)
	}
	if len(g.Offsets) != 2 || g.TotalLag != 10 || g.TotalExpired != 4 {
		t.Fatalf("describe --json:\n%s", r.stdout)
	}
	for _, o := range g.Offsets {
		want := map[int32][3]int64{0: {8, 4, 6}, 1: {2, 0, 0}}[o.Partition]
		if o.Lag == nil || o.Expired == nil || *o.Lag != want[0] || *o.Expired != want[1] || o.LogStart != want[2] {
			t.Errorf("partition %d: %s", o.Partition, r.stdout)
		}
	}

	r = run(t, "-b", b, "groups", "--json").ok(t)
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("groups --json: %v\n%s", err, r.stdout)
	}
	found := false
	for _, e := range list {
		if e["group"] == group {
			found = true
			if e["total_lag"] != 10.0 || e["total_expired"] != 4.0 {
				t.Errorf("groups --json entry %v", e)
			}
		}
	}
	if !found {
		t.Errorf("groups --json lacks %s", group)
	}
	r = run(t, "-b", b, "groups").ok(t)
	head, _, _ := strings.Cut(r.stdout, "\n")
	if !strings.Contains(head, "EXPIRED") {
		t.Errorf("groups has no EXPIRED column:\n%s", r.stdout)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == group && (len(f) < 7 || f[5] != "10" || f[6] != "4") {
			t.Errorf("groups row %q", l)
		}
	}
}
