package kafkaops

import (
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// A Batched stream delivers whole fetch responses: each slice is one
// partition's records in offset order, every offset arrives once, and the
// channel closes at the end like Records does.
func TestConsumeBatched(t *testing.T) {
	const parts, n = 3, 1500
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := testkafka.Topic(t, brokers, parts)
	// ~1.5 MB a partition, more than one fetch response; random, so that
	// the producer's compression does not shrink it.
	rnd := rand.New(rand.NewPCG(1, 2))
	pad := func() string {
		b := make([]byte, 500)
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		return hex.EncodeToString(b)
	}
	// In rounds, so that each partition holds several record batches and
	// its records cannot come in one fetch response.
	const rounds = 5
	for round := 0; round < rounds; round++ {
		var recs []*kgo.Record
		for p := int32(0); p < parts; p++ {
			for i := round * n / rounds; i < (round+1)*n/rounds; i++ {
				recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: []byte(fmt.Sprintf("%d/%d %s", p, i, pad()))})
			}
		}
		testkafka.Produce(t, brokers, recs...)
	}

	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, StopAtEnd: true, Batched: true})
	if s.Records != nil || s.Batches == nil {
		t.Fatalf("Batched stream: Records %v, Batches %v; want only Batches", s.Records != nil, s.Batches != nil)
	}
	next := map[int32]int64{}
	batches, total := 0, 0
	deadline := time.After(30 * time.Second)
	for done := false; !done; {
		select {
		case b, ok := <-s.Batches:
			if !ok {
				done = true
				break
			}
			if len(b) == 0 {
				t.Fatal("an empty batch was delivered")
			}
			batches++
			for _, r := range b {
				if r.Partition != b[0].Partition {
					t.Fatalf("batch mixes partitions %d and %d", b[0].Partition, r.Partition)
				}
				if r.Offset != next[r.Partition] {
					t.Fatalf("partition %d: offset %d, want %d", r.Partition, r.Offset, next[r.Partition])
				}
				if want := fmt.Sprintf("%d/%d ", r.Partition, r.Offset); !strings.HasPrefix(string(r.Value), want) {
					t.Fatalf("partition %d offset %d holds %.20q", r.Partition, r.Offset, r.Value)
				}
				next[r.Partition]++
				total++
			}
		case <-deadline:
			t.Fatalf("stream still open after 30s: %d records in %d batches", total, batches)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	for p := int32(0); p < parts; p++ {
		if next[p] != n {
			t.Errorf("partition %d: %d records, want %d", p, next[p], n)
		}
	}
	if batches < 2*parts || batches > total/50 {
		t.Errorf("%d records came in %d batches: want whole fetch responses (several per partition, far fewer than records)", total, batches)
	}
}

// Cancelling a Batched stream closes Batches promptly, even while nobody
// receives and the readers are blocked handing over a full response.
func TestConsumeBatchedCancel(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := consumeCluster(t, brokers)
	topic := consumeKnownTopic(t, brokers, 2, 200, consumePast(200))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Batched: true, Buffer: 1})
	if b, ok := <-s.Batches; !ok || len(b) == 0 {
		t.Fatal("no first batch")
	}
	cancel()
	deadline := time.After(minWait) // a condition, not a speed: a stream ignoring cancel never closes
	for {
		select {
		case _, ok := <-s.Batches:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatalf("Batches still open %s after cancel", minWait)
		}
	}
}
