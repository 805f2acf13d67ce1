package testkafka

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// FilledTopic makes a topic of parts partitions holding n records ("v")
// in each, the fixture of the tests of groups' offsets.
func FilledTopic(t testing.TB, brokers []string, parts int32, n int) string {
	t.Helper()
	topic := Topic(t, brokers, parts)
	recs := make([]*kgo.Record, 0, int(parts)*n)
	for p := range parts {
		for range n {
			recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte("v")})
		}
	}
	Produce(t, brokers, recs...)
	return topic
}

// CommitGroup commits group's offsets on topic, partition to offset, as a
// group without members (kafka-consumer-groups' way), and deletes the
// group at cleanup.
func CommitGroup(t testing.TB, brokers []string, group, topic string, at map[int32]int64) {
	t.Helper()
	adm, _ := Admin(t, brokers)
	commits := make(kadm.Offsets)
	for p, o := range at {
		commits.AddOffset(topic, p, o, -1)
	}
	if resp, err := adm.CommitOffsets(Ctx(t), group, commits); err != nil || resp.Error() != nil {
		t.Fatalf("commit %s for %s: %v %v", topic, group, err, resp.Error())
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), RequestTimeout)
		defer cancel()
		_, _ = adm.DeleteGroup(ctx, group)
	})
}
