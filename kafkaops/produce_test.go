package kafkaops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

// produceTestCluster opens a Cluster on the test brokers, closed at cleanup.
func produceTestCluster(t testing.TB, brokers []string) *Cluster {
	t.Helper()
	c, err := Open(Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func produceCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// kgoReadAt reads the record at topic/partition/offset with franz-go, the
// independent reference client.
func kgoReadAt(t *testing.T, brokers []string, topic string, partition int32, offset int64) *kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {partition: kgo.NewOffset().At(offset)}}))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	for {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s/%d@%d with kgo: nothing after 30s", topic, partition, offset)
		}
		for _, e := range fs.Errors() {
			t.Logf("kgo fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
		}
		var found *kgo.Record
		fs.EachRecord(func(r *kgo.Record) {
			if found == nil && r.Partition == partition && r.Offset == offset {
				found = r
			}
		})
		if found != nil {
			return found
		}
	}
}

func sameBytes(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

// TestProduceRoundTrip writes messages that exercise null and empty keys,
// values and headers and reads each back with kgo at the reported offset.
func TestProduceRoundTrip(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	cases := []Message{
		{Partition: -1, Key: []byte("order-1"), Value: []byte(`{"id":1}`), Headers: []Header{{"trace", []byte("abc")}, {"empty", []byte{}}, {"null", nil}, {"trace", []byte("dup")}}},
		{Partition: -1, Key: nil, Value: []byte("null key")},
		{Partition: 2, Key: []byte{}, Value: []byte("empty key")},
		{Partition: -1, Key: []byte("order-1"), Value: nil}, // tombstone
		{Partition: 0, Key: []byte("k"), Value: []byte{}},
		{Partition: 1, Key: []byte{0, 0xff, 0x80}, Value: []byte{0xde, 0xad, 0xbe, 0xef}, Acks: AcksLeader},
	}
	results := make([]ProduceResult, len(cases))
	for i, m := range cases {
		m.Topic = topic
		if m.Acks == 0 {
			m.Acks = AcksAll
		}
		res, err := c.Produce(ctx, m)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		results[i] = res
		if !res.OffsetKnown {
			t.Fatalf("case %d: offset not known with acks %d", i, m.Acks)
		}
		if m.Partition >= 0 && res.Partition != m.Partition {
			t.Errorf("case %d: partition %d, asked for %d", i, res.Partition, m.Partition)
		}
		r := kgoReadAt(t, brokers, topic, res.Partition, res.Offset)
		if !sameBytes(r.Key, m.Key) {
			t.Errorf("case %d: key %q (nil=%v), want %q (nil=%v)", i, r.Key, r.Key == nil, m.Key, m.Key == nil)
		}
		if !sameBytes(r.Value, m.Value) {
			t.Errorf("case %d: value %q (nil=%v), want %q (nil=%v)", i, r.Value, r.Value == nil, m.Value, m.Value == nil)
		}
		if len(r.Headers) != len(m.Headers) {
			t.Fatalf("case %d: %d headers, want %d", i, len(r.Headers), len(m.Headers))
		}
		for j, h := range m.Headers {
			if r.Headers[j].Key != h.Key || !bytes.Equal(r.Headers[j].Value, h.Value) {
				t.Errorf("case %d header %d: %q=%q, want %q=%q", i, j, r.Headers[j].Key, r.Headers[j].Value, h.Key, h.Value)
			}
		}
		if time.Since(r.Timestamp) > time.Minute || time.Until(r.Timestamp) > time.Minute {
			t.Errorf("case %d: timestamp %v is not now", i, r.Timestamp)
		}
	}
	if results[3].Partition != results[0].Partition {
		t.Errorf("the tombstone of order-1 went to partition %d, its first message to %d", results[3].Partition, results[0].Partition)
	}
}

// TestProduceKeyedPartitionMatchesJava checks, for many keys, that keyed
// messages land where kgo's default partitioner (Java's murmur2) puts them.
func TestProduceKeyedPartitionMatchesJava(t *testing.T) {
	brokers := testkafka.Brokers(t)
	const parts = 7
	topic := testkafka.Topic(t, brokers, parts)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	javaLike := kgo.StickyKeyPartitioner(nil).ForTopic(topic)
	seen := make(map[int32]bool)
	for i := range 200 {
		key := []byte(fmt.Sprintf("customer-%d", i*7919))
		if i%50 == 0 {
			key = []byte{}
		}
		res, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Key: key, Value: []byte("v"), Acks: AcksLeader})
		if err != nil {
			t.Fatal(err)
		}
		want := int32(javaLike.Partition(&kgo.Record{Key: key}, parts))
		if res.Partition != want {
			t.Fatalf("key %q: partition %d, Java's partitioner picks %d", key, res.Partition, want)
		}
		seen[res.Partition] = true
	}
	if len(seen) != parts {
		t.Errorf("200 keys used only %d of %d partitions", len(seen), parts)
	}
}

// TestProduceMurmur2Vectors pins the key hash to the values in Apache
// Kafka's own UtilsTest.testMurmur2, independently of kafka-go and kgo.
func TestProduceMurmur2Vectors(t *testing.T) {
	vectors := map[string]int32{
		"21":                         -973932308,
		"foobar":                     -790332482,
		"a-little-bit-long-string":   -985981536,
		"a-little-bit-longer-string": -1486304829,
		"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
		"abc": 479470107,
	}
	parts := make([]kafka.Partition, 13)
	for key, hash := range vectors {
		want := int32((uint32(hash) & 0x7fffffff) % 13) // Utils.toPositive(murmur2) % n
		got, err := choosePartition(Message{Partition: -1, Key: []byte(key)}, parts)
		if err != nil || got != want {
			t.Errorf("key %q: partition %d (%v), want %d", key, got, err, want)
		}
	}
}

func TestProduceNullKeySpreads(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	seen := make(map[int32]int)
	for range 40 {
		res, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Value: []byte("x"), Acks: AcksLeader})
		if err != nil {
			t.Fatal(err)
		}
		seen[res.Partition]++
	}
	if len(seen) < 2 {
		t.Errorf("40 null-key messages all went to %v", seen)
	}
}

func TestProduceErrors(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)

	_, err := c.Produce(ctx, Message{Topic: topic, Partition: 9, Value: []byte("x"), Acks: AcksAll})
	want := fmt.Sprintf("produce to %s: partition 9 does not exist (topic has 3 partitions: 0-2)", topic)
	if err == nil || err.Error() != want {
		t.Errorf("partition out of range:\n got %v\nwant %s", err, want)
	}

	missing := testkafka.TopicName(t) + "-nope"
	_, err = c.Produce(ctx, Message{Topic: missing, Partition: -1, Value: []byte("x"), Acks: AcksAll})
	want = fmt.Sprintf("produce to %q: topic does not exist", missing)
	if err == nil || err.Error() != want {
		t.Errorf("unknown topic:\n got %v\nwant %s", err, want)
	}
	if !errors.Is(err, kafka.UnknownTopicOrPartition) {
		t.Errorf("unknown topic error does not wrap UnknownTopicOrPartition: %v", err)
	}
	// Checking must not have auto-created the mistyped topic.
	adm, _ := testkafka.Admin(t, brokers)
	if md, err := adm.Metadata(ctx, missing); err == nil {
		if td, ok := md.Topics[missing]; ok && td.Err == nil {
			t.Errorf("producing to a missing topic created it")
		}
	}

	_, err = c.Produce(ctx, Message{Topic: topic, Partition: -1, Value: []byte("x"), Acks: 2})
	if err == nil || !strings.Contains(err.Error(), "acks 2 not supported") {
		t.Errorf("acks 2: %v", err)
	}
	_, err = c.Produce(ctx, Message{Topic: topic, Partition: -1, Value: []byte("x"), Compression: "brotli"})
	if err == nil || !strings.Contains(err.Error(), `compression "brotli" not supported`) {
		t.Errorf("compression brotli: %v", err)
	}
	if _, err = c.Produce(ctx, Message{Partition: -1}); err == nil {
		t.Errorf("empty topic: no error")
	}
}

func TestProduceMessageTooLarge(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{"max.message.bytes": "1000"})
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	_, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Key: []byte("k"), Value: bytes.Repeat([]byte("x"), 1999), Acks: AcksAll})
	if err == nil {
		t.Fatal("2000 bytes to a topic with max.message.bytes=1000: no error")
	}
	for _, s := range []string{"produce to " + topic + "/0", "too large", "2000 bytes", "at most 1000 bytes"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	if !errors.Is(err, kafka.MessageSizeTooLarge) && !errors.Is(err, kafka.RecordListTooLarge) {
		t.Errorf("error does not wrap the Kafka error: %v", err)
	}
	// A message within the limit still goes through.
	if _, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Value: bytes.Repeat([]byte("x"), 500), Acks: AcksAll}); err != nil {
		t.Errorf("500 bytes: %v", err)
	}
}

func TestProduceAcksNone(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 2)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	// An acknowledged write first: a fire-and-forget record sent to a broker
	// still taking up leadership of a brand-new partition is dropped without
	// a word, which is what acks=none means, but not what this test is about.
	if _, err := c.Produce(ctx, Message{Topic: topic, Partition: 1, Value: []byte("acknowledged"), Acks: AcksAll}); err != nil {
		t.Fatal(err)
	}
	res, err := c.Produce(ctx, Message{Topic: topic, Partition: 1, Key: []byte("k0"), Value: []byte("fire and forget"), Acks: AcksNone})
	if err != nil {
		t.Fatal(err)
	}
	if res.OffsetKnown || res.Partition != 1 {
		t.Errorf("acks none: %+v, want partition 1 with the offset not known", res)
	}
	// It follows the acknowledged record at offset 0.
	if r := kgoReadAt(t, brokers, topic, 1, 1); string(r.Value) != "fire and forget" {
		t.Errorf("read back %q", r.Value)
	}
}

func TestProduceCompression(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	// kgo reports a record's batch codec with Kafka's attribute numbers.
	codecs := map[Compression]uint8{CompressionNone: 0, CompressionGzip: 1, CompressionSnappy: 2, CompressionLZ4: 3, CompressionZstd: 4}
	value := bytes.Repeat([]byte("compressible payload "), 200)
	for comp, attr := range codecs {
		res, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Key: []byte(comp), Value: value,
			Headers: []Header{{"codec", []byte(comp)}}, Acks: AcksAll, Compression: comp})
		if err != nil {
			t.Fatalf("%q: %v", comp, err)
		}
		r := kgoReadAt(t, brokers, topic, res.Partition, res.Offset)
		if !bytes.Equal(r.Value, value) || string(r.Key) != string(comp) || len(r.Headers) != 1 {
			t.Errorf("%q: record did not round-trip", comp)
		}
		if got := r.Attrs.CompressionType(); got != attr {
			t.Errorf("%q: batch codec %d, want %d", comp, got, attr)
		}
	}
}

// TestProduceAfterExternalChanges produces to a topic created, then grown,
// by another client after the Cluster cached its metadata.
func TestProduceAfterExternalChanges(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := produceTestCluster(t, brokers)
	ctx := produceCtx(t)
	if _, err := c.Produce(ctx, Message{Topic: testkafka.TopicName(t) + "-warm", Partition: -1}); err == nil {
		t.Fatal("produce to a missing topic: no error")
	}
	topic := testkafka.Topic(t, brokers, 1) // created after the cache was filled
	if _, err := c.Produce(ctx, Message{Topic: topic, Partition: -1, Value: []byte("a"), Acks: AcksAll}); err != nil {
		t.Fatalf("produce to a topic created by another client: %v", err)
	}
	adm, _ := testkafka.Admin(t, brokers)
	if _, err := adm.CreatePartitions(ctx, 3, topic); err != nil {
		t.Fatalf("add partitions: %v", err)
	}
	deadline := time.Now().Add(minWait)
	for {
		res, err := c.Produce(ctx, Message{Topic: topic, Partition: 2, Value: []byte("b"), Acks: AcksAll})
		if err == nil {
			if r := kgoReadAt(t, brokers, topic, 2, res.Offset); string(r.Value) != "b" {
				t.Errorf("read back %q", r.Value)
			}
			return
		}
		// A real cluster takes a moment to elect the new leaders.
		if time.Now().After(deadline) {
			t.Fatalf("produce to a partition added by another client: %v", err)
		}
		time.Sleep(200 * time.Millisecond) // polling a remote state; no event to wait on
	}
}
