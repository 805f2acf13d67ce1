package cli

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestBrokerStopAndRestart stops one broker of the real 3-node cluster
// (scripts/integration.sh) and checks what `brokers` and `topic describe`
// show while it is down and after it is back: the broker leaves the list,
// a partition it led gets a new leader and keeps its data, and the broker
// returns. It skips elsewhere.
func TestBrokerStopAndRestart(t *testing.T) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.TopicWithReplicas(t, brokers, 1, 3, nil)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Partition: 0, Value: []byte("before")})

	type describe struct {
		Partitions []struct {
			Leader int32   `json:"leader"`
			ISR    []int32 `json:"isr"`
			High   int64   `json:"high_watermark"`
		} `json:"partitions"`
	}
	describeTopic := func() (describe, bool) {
		var d describe
		r := run(t, "-b", b, "topic", "describe", topic, "--json")
		return d, r.code == 0 && json.Unmarshal([]byte(r.stdout), &d) == nil && len(d.Partitions) == 1
	}
	brokerIDs := func() []int32 {
		r := run(t, "-b", b, "brokers", "--json")
		var info struct {
			Brokers []struct {
				ID int32 `json:"id"`
			} `json:"brokers"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &info) != nil {
			return nil
		}
		var ids []int32
		for _, br := range info.Brokers {
			ids = append(ids, br.ID)
		}
		return ids
	}

	d, ok := describeTopic()
	if !ok || d.Partitions[0].Leader < 1 {
		t.Fatalf("topic describe before the stop: %+v", d)
	}
	leader := d.Partitions[0].Leader
	t.Logf("partition 0 led by broker %d, ISR %v", leader, d.Partitions[0].ISR)

	testkafka.StopNode(t, int(leader))
	var others []int32
	for _, id := range []int32{1, 2, 3} {
		if id != leader {
			others = append(others, id)
		}
	}
	waitFor(t, time.Minute, "brokers without the stopped one", func() bool { return slices.Equal(brokerIDs(), others) })
	waitFor(t, time.Minute, "a new leader", func() bool {
		d, ok = describeTopic()
		return ok && d.Partitions[0].Leader != leader && d.Partitions[0].Leader > 0 && !slices.Contains(d.Partitions[0].ISR, leader)
	})
	if d.Partitions[0].High != 1 {
		t.Errorf("high watermark %d after the leader moved, want 1", d.Partitions[0].High)
	}
	t.Logf("broker %d stopped: partition 0 led by %d, ISR %v", leader, d.Partitions[0].Leader, d.Partitions[0].ISR)

	testkafka.StartNode(t, int(leader))
	waitFor(t, time.Minute, "all three brokers", func() bool { return slices.Equal(brokerIDs(), []int32{1, 2, 3}) })
	waitFor(t, time.Minute, "the restarted broker back in the ISR", func() bool {
		d, ok = describeTopic()
		return ok && len(d.Partitions[0].ISR) == 3
	})
}
