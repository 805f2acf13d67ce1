package kafkaops

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// A compacted topic and a topic with a transaction are noted; a plain one
// written by an idempotent producer is not.
func TestTopicOffsetNotes(t *testing.T) {
	brokers := testkafka.Brokers(t)
	plain := testkafka.Topic(t, brokers, 2)
	compacted := testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{"cleanup.policy": "compact,delete"})
	txn := testkafka.Topic(t, brokers, 2)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: plain, Value: []byte("v")})

	ctx := topicsCtx(t)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID("kt-notes-"+txn),
		kgo.TransactionTimeout(60*time.Second), kgo.DefaultProduceTopic(txn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = cl.EndTransaction(ctx, kgo.TryAbort)
		cl.Close()
	})
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte("open")}).FirstErr(); err != nil {
		t.Fatalf("produce in a transaction: %v", err)
	}

	c := topicsCluster(t, brokers)
	got, err := c.TopicOffsetNotes(ctx, []string{plain, compacted, txn, "kt-no-such-topic"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]OffsetNote{compacted: {Compacted: true}, txn: {Transactional: true}}
	for _, name := range []string{plain, compacted, txn, "kt-no-such-topic"} {
		if got[name] != want[name] {
			t.Errorf("%s: %+v, want %+v", name, got[name], want[name])
		}
	}
	if n, err := c.TopicOffsetNotes(context.Background(), nil); err != nil || len(n) != 0 {
		t.Errorf("no topics: %v %v", n, err)
	}
}
