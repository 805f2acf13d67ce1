package groupview

import (
	"testing"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestHistoryWorstAndForget(t *testing.T) {
	h := NewHistory()
	for i := range int64(3) {
		h.Observe([]kafkaops.PartitionLag{
			lagRow("a", 0, 10, 50+i, ""),     // stalled, lag 40..42
			lagRow("a", 1, 10, 500, ""),      // stalled, lag 490
			lagRow("b", 0, 100+i, 100+i, ""), // caught up
			{Topic: "c", Partition: 0, Error: "log offsets: leader not available"},
		}, true)
	}
	v, tp, ok := h.Group()
	if !ok || v.Status != health.Stall || tp != (kafkaops.TopicPartition{Topic: "a", Partition: 1}) {
		t.Errorf("group verdict %v on %v", v, tp)
	}
	if got := h.Totals(); len(got) != 3 || got[2] != 42+490 {
		t.Errorf("totals %v", got)
	}
	if h.Verdict(kafkaops.TopicPartition{Topic: "c", Partition: 0}).Status != health.Unknown {
		t.Errorf("a partition with an error has a verdict")
	}
	c := h.Clone()
	h.Observe([]kafkaops.PartitionLag{lagRow("b", 0, 200, 200, "")}, true)
	if v, _, _ := h.Group(); v.Status != health.OK || h.Lags(kafkaops.TopicPartition{Topic: "a", Partition: 1}) != nil {
		t.Errorf("partitions gone from the refresh not forgotten: %v", v)
	}
	if v, _, _ := c.Group(); v.Status != health.Stall {
		t.Errorf("clone changed with the original: %v", v)
	}
}
