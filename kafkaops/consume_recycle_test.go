package kafkaops

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestConsumeRecycle reads a partition of several fetch responses, with
// uncompressed and compressed batches and headers, through a recycling
// stream: every record is right when it arrives, batches handed back are
// reused, and a batch kept (never handed back) stays intact while the
// stream reads on.
func TestConsumeRecycle(t *testing.T) {
	const n = 3000
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, 1)
	value := func(i int) []byte {
		return []byte(fmt.Sprintf("%06d/%s", i, bytes.Repeat([]byte{'a' + byte(i%26)}, 1000)))
	}
	for _, codec := range []kgo.CompressionCodec{kgo.NoCompression(), kgo.ZstdCompression()} {
		cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
			kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchCompression(codec))
		if err != nil {
			t.Fatal(err)
		}
		var recs []*kgo.Record
		for i := len(recs); i < n/2; i++ {
			recs = append(recs, &kgo.Record{Partition: 0, Key: []byte(fmt.Sprint(i)), Value: nil,
				Headers: []kgo.RecordHeader{{Key: "h", Value: []byte("x")}}})
		}
		off := 0
		if codec != kgo.NoCompression() {
			off = n / 2
		}
		for i := range recs {
			recs[i].Key = []byte(fmt.Sprint(off + i))
			recs[i].Value = value(off + i)
		}
		if err := cl.ProduceSync(consumeCtx(t), recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
		cl.Close()
	}

	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, StopAtEnd: true, Batched: true, Recycle: true})
	var kept []Record
	var keptCopy [][]byte
	next := int64(0)
	deadline := time.After(30 * time.Second)
	for done := false; !done; {
		select {
		case b, ok := <-s.Batches:
			if !ok {
				done = true
				break
			}
			for _, r := range b {
				if r.Offset != next || string(r.Key) != fmt.Sprint(next) || !bytes.Equal(r.Value, value(int(next))) ||
					len(r.Headers) != 1 || r.Headers[0].Key != "h" || string(r.Headers[0].Value) != "x" {
					t.Fatalf("offset %d (want %d): key %q value %.12q headers %v", r.Offset, next, r.Key, r.Value, r.Headers)
				}
				next++
			}
			if kept == nil {
				kept = b // never handed back
				for _, r := range b {
					keptCopy = append(keptCopy, bytes.Clone(r.Value))
				}
				continue
			}
			s.Recycle(b)
		case <-deadline:
			t.Fatalf("stream stuck at offset %d", next)
		}
	}
	if err := s.Err(); err != nil || next != n {
		t.Fatalf("read up to %d, err %v; want %d", next, err, n)
	}
	for i, r := range kept {
		if !bytes.Equal(r.Value, keptCopy[i]) {
			t.Fatalf("kept record %d changed after the stream read on", r.Offset)
		}
	}
	if len(s.recycle.bodies) == 0 && len(s.recycle.recs) == 0 {
		t.Errorf("nothing handed back was kept for reuse")
	}
}
