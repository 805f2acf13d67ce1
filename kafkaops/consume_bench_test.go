package kafkaops

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// BenchmarkConsume200k reads 200,000 records of 200 bytes from one partition,
// start to end (StopAtEnd), and reports records/s and MB/s of values: one by
// one on Records ("records"), a response at a time ("batched", the UI's
// tail) and a response at a time handed back ("recycled", `kafkatui consume
// -e`). Producing them is set-up, not timed. The broker (kfake unless
// KAFKATUI_TEST_BROKERS is set) runs in this process, so it shares the CPU
// with the reader; scripts/bench-consume.sh measures the command against an
// out-of-process broker, next to kcat.
func BenchmarkConsume200k(b *testing.B) {
	const n, size = 200_000, 200
	brokers := testkafka.Brokers(b)
	topic := testkafka.Topic(b, brokers, 1)
	benchSeed(b, brokers, topic, n, size)
	c := consumeCluster(b, brokers)
	ctx := context.Background()

	for _, mode := range []string{"records", "batched", "recycled"} {
		b.Run(mode, func(b *testing.B) {
			req := ConsumeRequest{Topic: topic, Partitions: []int32{0}, StopAtEnd: true,
				Batched: mode != "records", Recycle: mode == "recycled"}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				s, err := c.Consume(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				got, bytesRead := 0, 0
				if s.Records != nil {
					for r := range s.Records {
						got++
						bytesRead += len(r.Value)
					}
				} else {
					for batch := range s.Batches {
						for _, r := range batch {
							got++
							bytesRead += len(r.Value)
						}
						s.Recycle(batch)
					}
				}
				if err := s.Err(); err != nil || got != n || bytesRead != n*size {
					b.Fatalf("read %d records, %d bytes, err %v; want %d records", got, bytesRead, err, n)
				}
			}
			elapsed := time.Since(start).Seconds()
			b.ReportMetric(float64(n*b.N)/elapsed, "records/s")
			b.ReportMetric(float64(n*size*b.N)/elapsed/1e6, "MB/s")
		})
	}
}

// benchSeed produces n uncompressed records of size bytes to partition 0.
func benchSeed(b *testing.B, brokers []string, topic string, n, size int) {
	b.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.ProducerLinger(5*time.Millisecond))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	val := bytes.Repeat([]byte("x"), size)
	errc := make(chan error, 1)
	for i := 0; i < n; i++ {
		cl.Produce(ctx, &kgo.Record{Partition: 0, Value: val}, func(_ *kgo.Record, err error) {
			if err != nil {
				select {
				case errc <- err:
				default:
				}
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	select {
	case err := <-errc:
		b.Fatalf("seed: %v", err)
	default:
	}
}
