package kafkaops

import (
	"context"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// BenchmarkProduceOne measures one interactive produce (one keyed message,
// acks=all) on a warm Cluster, the way the produce pane sends: the figure to
// watch is ms/op, which must stay far below kafka-go's 1 s batch timer.
func BenchmarkProduceOne(b *testing.B) {
	brokers := testkafka.Brokers(b)
	topic := testkafka.Topic(b, brokers, 3)
	c := produceTestCluster(b, brokers)
	ctx := context.Background()
	msg := Message{Topic: topic, Partition: -1, Key: []byte("order-42"), Value: []byte(`{"id":42,"total":99.5}`),
		Headers: []Header{{"source", []byte("bench")}}, Acks: AcksAll}
	if _, err := c.Produce(ctx, msg); err != nil { // warm the connection and metadata
		b.Fatal(err)
	}
	start := time.Now()
	n := 0
	for b.Loop() {
		if _, err := c.Produce(ctx, msg); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/op")
}

// BenchmarkProduceOneCold measures what `kafkatui produce` pays for a single
// message: open, first metadata, connect, produce with acks=all, close.
func BenchmarkProduceOneCold(b *testing.B) {
	brokers := testkafka.Brokers(b)
	topic := testkafka.Topic(b, brokers, 3)
	ctx := context.Background()
	msg := Message{Topic: topic, Partition: -1, Key: []byte("order-42"), Value: []byte("v"), Acks: AcksAll}
	start := time.Now()
	n := 0
	for b.Loop() {
		c, err := Open(Config{Brokers: brokers, Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Produce(ctx, msg); err != nil {
			b.Fatal(err)
		}
		_ = c.Close()
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/op")
}
