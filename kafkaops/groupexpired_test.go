package kafkaops

import (
	"testing"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/twmb/franz-go/pkg/kadm"
)

// TestGroupCommitBelowLogStart commits a group's offsets and then deletes
// records past them (DeleteRecords, as retention would): describe and the
// group list say how many offsets each partition lost unread, while lag
// stays Kafka's log end minus commit.
func TestGroupCommitBelowLogStart(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := groupsTopic(t, brokers, 3, 10)
	adm, _ := testkafka.Admin(t, brokers)
	group := testkafka.TopicName(t) + "-g"
	dropGroupAtCleanup(t, brokers, group)
	// p0: commit 2, log start moved to 6: 4 expired, lag 8.
	// p1: commit 7, log start moved to 6: nothing expired, lag 3.
	// p2: commit 4, log start still 0.
	commitAdmin(t, adm, group, topic, map[int32]int64{0: 2, 1: 7, 2: 4})
	del := make(kadm.Offsets)
	del.Add(kadm.Offset{Topic: topic, Partition: 0, At: 6})
	del.Add(kadm.Offset{Topic: topic, Partition: 1, At: 6})
	res, err := adm.DeleteRecords(produceCtx(t), del)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Error(); err != nil {
		t.Fatal(err)
	}

	type want struct{ start, lag, expired int64 }
	wants := map[int32]want{0: {6, 8, 4}, 1: {6, 3, 0}, 2: {0, 6, 0}}
	check := func(what string, rows []PartitionLag, total, expired int64) {
		t.Helper()
		if len(rows) != 3 {
			t.Fatalf("%s: %d rows: %+v", what, len(rows), rows)
		}
		for _, r := range rows {
			w := wants[r.Partition]
			if r.Error != "" || !r.HasCommit || r.LogStart != w.start || r.LogEnd != 10 || r.Lag != w.lag || r.Expired != w.expired {
				t.Errorf("%s p%d: %+v, want log start %d, lag %d, expired %d", what, r.Partition, r, w.start, w.lag, w.expired)
			}
		}
		if total != 8+3+6 || expired != 4 {
			t.Errorf("%s: total lag %d expired %d, want 17 and 4", what, total, expired)
		}
	}

	c := produceTestCluster(t, brokers)
	d, err := c.DescribeGroup(produceCtx(t), group)
	if err != nil {
		t.Fatal(err)
	}
	check("describe", d.Offsets, d.TotalLag, d.TotalExpired)
	lags, err := c.GroupsLag(produceCtx(t), []string{group})
	if err != nil {
		t.Fatal(err)
	}
	gl := lags[group]
	check("list", gl.Offsets, gl.TotalLag, gl.TotalExpired)

	// kadm, the reference, counts the same lag.
	ref, err := adm.Lag(produceCtx(t), group)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Offsets {
		if l, ok := ref[group].Lag.Lookup(topic, r.Partition); !ok || l.Lag != r.Lag || l.Start.Offset != r.LogStart {
			t.Errorf("p%d: lag %d start %d, kadm %+v", r.Partition, r.Lag, r.LogStart, l)
		}
	}
}
