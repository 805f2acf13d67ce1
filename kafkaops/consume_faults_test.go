package kafkaops

import (
	"fmt"
	"hash/crc32"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// These tests steer a private kfake cluster (leader moves, broker loss,
// crafted fetch answers), which a real cluster cannot be made to do from a
// test; they skip when KAFKATUI_TEST_BROKERS names one.

func skipOnReal(t *testing.T) {
	t.Helper()
	if testkafka.Real() {
		t.Skip("needs control of the cluster (kfake)")
	}
}

// TestConsumeSurvivesLeaderChanges reads a partition while its leader moves,
// and while its broker disappears and comes back, with records produced in
// between: the stream must deliver every offset exactly once, in order.
func TestConsumeSurvivesLeaderChanges(t *testing.T) {
	skipOnReal(t)
	const topic, perRound = "moving", 200
	kc := testkafka.NewCluster(t, kfake.NumBrokers(3), kfake.SeedTopics(1, topic))
	brokers := kc.ListenAddrs()
	c := consumeCluster(t, brokers)
	ctx := consumeCtx(t)
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic})
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	other := func() int32 {
		for _, id := range []int32{0, 1, 2} {
			if id != kc.LeaderFor(topic, 0) {
				return id
			}
		}
		return -1
	}
	faults := []struct {
		name string
		do   func() error
	}{
		{"none", func() error { return nil }},
		{"leader moves", func() error { return kc.MoveTopicPartition(topic, 0, other()) }},
		{"leader moves again", func() error { return kc.MoveTopicPartition(topic, 0, other()) }},
		{"election", func() error { kc.ShufflePartitionLeaders(); return nil }},
		{"leader's broker goes away", func() error {
			// Its listener closes: new connections are refused, as while a
			// broker restarts. (kfake's AddNode of a removed node ID does not
			// bring back a working leader, so the node stays away.)
			return kc.RemoveNode(kc.LeaderFor(topic, 0))
		}},
	}
	next := 0
	for _, f := range faults {
		if err := f.do(); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		start := time.Now()
		var recs []*kgo.Record
		for i := next; i < next+perRound; i++ {
			recs = append(recs, &kgo.Record{Partition: 0, Value: []byte(strconv.Itoa(i))})
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatalf("after %s: produce: %v", f.name, err)
		}
		for _, r := range consumeTake(t, s, perRound, 30*time.Second) {
			if r.Offset != int64(next) || string(r.Value) != strconv.Itoa(next) {
				t.Fatalf("after %s: record at offset %d value %q, want offset %d", f.name, r.Offset, r.Value, next)
			}
			next++
		}
		t.Logf("%s: caught up in %s", f.name, time.Since(start).Round(time.Millisecond))
	}
	consumeQuiet(t, s, 300*time.Millisecond)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestConsumeCompactedBatchTail makes the broker answer like real Kafka does
// after compaction removed the last records of a batch that ends a segment:
// the batch keeps its original last offset (9) but holds records 0-4 only,
// and a fetch at 5..9 returns just that batch. The stream must step past it
// to 10 instead of fetching offset 5 forever.
func TestConsumeCompactedBatchTail(t *testing.T) {
	skipOnReal(t)
	const topic = "compacted"
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.SeedTopics(1, topic))
	brokers := kc.ListenAddrs()
	// The real log: 15 records, one batch each, values "v0".."v14".
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := consumeCtx(t)
	for i := 0; i < 15; i++ {
		if err := cl.ProduceSync(ctx, &kgo.Record{Partition: 0, Value: []byte(fmt.Sprintf("v%d", i))}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	compacted := compactedBatch(0, 9, 5, time.Now())
	kc.ControlKey(int16(kmsg.Fetch), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		kc.KeepControl()
		req := kreq.(*kmsg.FetchRequest)
		if len(req.Topics) != 1 || len(req.Topics[0].Partitions) != 1 || req.Topics[0].Partitions[0].FetchOffset > 9 {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.FetchResponse)
		rt := kmsg.NewFetchResponseTopic()
		rt.Topic = req.Topics[0].Topic
		rp := kmsg.NewFetchResponseTopicPartition()
		rp.Partition = 0
		rp.HighWatermark, rp.LastStableOffset, rp.LogStartOffset = 15, 15, 0
		rp.PreferredReadReplica = -1
		rp.RecordBatches = compacted
		rt.Partitions = append(rt.Partitions, rp)
		resp.Topics = append(resp.Topics, rt)
		return resp, nil, true
	})

	c := consumeCluster(t, brokers)
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 20*time.Second)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for _, r := range got {
		offs = append(offs, r.Offset)
		if want := fmt.Sprintf("v%d", r.Offset); string(r.Value) != want {
			t.Errorf("offset %d value %q, want %q", r.Offset, r.Value, want)
		}
	}
	if want := append(consumeRange(0, 5), consumeRange(10, 15)...); !consumeSameOffsets(offs, want) {
		t.Errorf("offsets = %v, want %v", offs, want)
	}
}

// compactedBatch encodes a v2 record batch starting at base whose header
// claims offsets up to last but that holds only the first kept records.
func compactedBatch(base, last int64, kept int, ts time.Time) []byte {
	var raw []byte
	for i := 0; i < kept; i++ {
		r := kmsg.NewRecord()
		r.OffsetDelta = int32(i)
		r.Key = []byte(fmt.Sprintf("k%d", i))
		r.Value = []byte(fmt.Sprintf("v%d", int(base)+i))
		body := r.AppendTo(nil)
		r.Length = int32(len(body) - 1) // everything after the 1-byte zero length
		raw = r.AppendTo(raw)
	}
	b := kmsg.NewRecordBatch()
	b.FirstOffset = base
	b.Magic = 2
	b.LastOffsetDelta = int32(last - base)
	b.FirstTimestamp = ts.UnixMilli()
	b.MaxTimestamp = ts.UnixMilli()
	b.ProducerID, b.ProducerEpoch, b.FirstSequence = -1, -1, -1
	b.NumRecords = int32(kept)
	b.Records = raw
	enc := b.AppendTo(nil)
	b.Length = int32(len(enc) - 12)
	b.CRC = int32(crc32.Checksum(enc[21:], crc32.MakeTable(crc32.Castagnoli)))
	return b.AppendTo(nil)
}
