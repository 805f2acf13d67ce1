package kafkaops

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestConsumeTimestampType checks that records say whose clock their
// timestamp is: CreateTime on an ordinary topic, LogAppendTime where the
// broker stamps batches itself (message.timestamp.type=LogAppendTime). kfake
// ignores that topic setting and, given a batch marked LogAppendTime, stamps
// it without fixing its CRC, so the LogAppendTime half runs on a real broker
// only (the integration suite); TestBatchTimeType covers the decoding here.
func TestConsumeTimestampType(t *testing.T) {
	brokers := testkafka.Brokers(t)
	createTopic := testkafka.Topic(t, brokers, 1)
	appendTopic := ""
	if testkafka.Real() {
		appendTopic = testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{"message.timestamp.type": "LogAppendTime"})
	}

	// The producer's own timestamp, far from now: on a CreateTime topic it
	// is what comes back.
	created := time.Date(2001, 2, 3, 4, 5, 6, 7_000_000, time.UTC)
	_, cl := testkafka.Admin(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	for _, topic := range []string{createTopic, appendTopic} {
		if topic == "" {
			continue
		}
		r := &kgo.Record{Topic: topic, Value: []byte("v"), Timestamp: created}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatalf("produce to %s: %v", topic, err)
		}
	}

	c := consumeCluster(t, brokers)
	for _, tc := range []struct {
		topic string
		want  TimestampType
	}{{createTopic, CreateTime}, {appendTopic, LogAppendTime}} {
		if tc.topic == "" {
			continue
		}
		s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: tc.topic, Start: Position{Kind: PosBeginning}, StopAtEnd: true})
		recs := consumeDrain(t, s, 20*time.Second)
		if len(recs) != 1 {
			t.Fatalf("%s: %d records, want 1 (err %v)", tc.topic, len(recs), s.Err())
		}
		r := recs[0]
		if r.TimeType != tc.want || r.TimeType.String() != tc.want.String() {
			t.Errorf("%s: timestamp type %v, want %v", tc.topic, r.TimeType, tc.want)
		}
		if tc.want == CreateTime && !r.Time.Equal(created) {
			t.Errorf("%s: time %v, want the producer's %v", tc.topic, r.Time, created)
		}
	}
}

// TestBatchDecode decodes batches that kafka-go itself encoded, with every
// codec and with and without the LogAppendTime attribute, as a fetch
// response carries them: a LogAppendTime batch gives every record its max
// timestamp (the broker's append time), a CreateTime batch each record its
// own.
func TestBatchDecode(t *testing.T) {
	codecs := []protocol.Attributes{0, protocol.Gzip, protocol.Snappy, protocol.Lz4, protocol.Zstd}
	for _, codec := range codecs {
		for _, lat := range []bool{false, true} {
			attrs := codec
			if lat {
				attrs |= protocol.Attributes(attrLogAppendTime)
			}
			in := protocol.RecordSet{
				Version:    2,
				Attributes: attrs,
				Records: protocol.NewRecordReader(
					protocol.Record{Offset: 0, Time: time.UnixMilli(1000), Key: protocol.NewBytes([]byte("k")), Value: protocol.NewBytes([]byte("v0")),
						Headers: []protocol.Header{{Key: "h", Value: []byte("hv")}}},
					protocol.Record{Offset: 1, Time: time.UnixMilli(3000), Value: protocol.NewBytes([]byte("v1"))},
				),
			}
			var buf bytes.Buffer
			if _, err := in.WriteTo(&buf); err != nil {
				t.Fatalf("encode %v: %v", attrs, err)
			}
			raw := buf.Bytes()[4:] // a record set is prefixed by its size
			h, rest, ok, err := nextBatch(raw)
			if err != nil || !ok || len(rest) != 0 {
				t.Fatalf("%v: batch %v %v, %d bytes left", attrs, ok, err, len(rest))
			}
			if err := h.check(); err != nil {
				t.Fatalf("%v: %v", attrs, err)
			}
			var dec decompressor
			data, err := dec.records(&h)
			if err != nil {
				t.Fatalf("%v: %v", attrs, err)
			}
			d := recordDecoder{b: data}
			var a arena
			var recs [2]Record
			for i := range recs {
				if !decodeRecord(&d, &h, &a, &recs[i], 0, -1, false) || d.err != nil {
					t.Fatalf("%v: record %d: %v", attrs, i, d.err)
				}
			}
			want := []int64{1000, 3000}
			wantType := CreateTime
			if lat {
				want, wantType = []int64{3000, 3000}, LogAppendTime
			}
			for i, r := range recs {
				if r.Offset != int64(i) || r.Time.UnixMilli() != want[i] || r.TimeType != wantType {
					t.Errorf("%v: record %d offset %d time %d %v, want %d %v", attrs, i, r.Offset, r.Time.UnixMilli(), r.TimeType, want[i], wantType)
				}
			}
			if string(recs[0].Key) != "k" || string(recs[0].Value) != "v0" || recs[1].Key != nil || string(recs[1].Value) != "v1" {
				t.Errorf("%v: keys/values %q %q %q %q", attrs, recs[0].Key, recs[0].Value, recs[1].Key, recs[1].Value)
			}
			if len(recs[0].Headers) != 1 || recs[0].Headers[0].Key != "h" || string(recs[0].Headers[0].Value) != "hv" || recs[1].Headers != nil {
				t.Errorf("%v: headers %v %v", attrs, recs[0].Headers, recs[1].Headers)
			}
			raw[len(raw)-1] ^= 1
			if err := h.check(); err == nil {
				t.Errorf("%v: a flipped byte passed the CRC", attrs)
			}
		}
	}
}

// TestConsumeLogAppendTimeFromBatch makes kfake answer with a batch whose
// timestamp-type bit is set, as a LogAppendTime topic's batches are: the
// records keep their producer's timestamps (2020-01-01) while the batch's
// max timestamp is the broker's append time. Every record must carry the
// append time.
func TestConsumeLogAppendTimeFromBatch(t *testing.T) {
	skipOnReal(t)
	const topic = "logappend"
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.SeedTopics(1, topic))
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	appended := time.Date(2026, 5, 6, 7, 8, 9, 123_000_000, time.UTC)
	batch := logAppendBatch(3, created, appended)
	kc.ControlKey(int16(kmsg.Fetch), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		kc.KeepControl()
		req := kreq.(*kmsg.FetchRequest)
		resp := req.ResponseKind().(*kmsg.FetchResponse)
		rt := kmsg.NewFetchResponseTopic()
		rt.Topic = req.Topics[0].Topic
		rp := kmsg.NewFetchResponseTopicPartition()
		rp.HighWatermark, rp.LastStableOffset, rp.LogStartOffset = 3, 3, 0
		rp.PreferredReadReplica = -1
		if req.Topics[0].Partitions[0].FetchOffset < 3 {
			rp.RecordBatches = batch
		}
		rt.Partitions = append(rt.Partitions, rp)
		resp.Topics = append(resp.Topics, rt)
		return resp, nil, true
	})
	// The topic's watermarks come from ListOffsets: make kfake's log as
	// long as the injected one.
	cl, err := kgo.NewClient(kgo.SeedBrokers(kc.ListenAddrs()...), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := consumeCtx(t)
	for range 3 {
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte("v")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	c := consumeCluster(t, kc.ListenAddrs())
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 20*time.Second)
	if err := s.Err(); err != nil || len(got) != 3 {
		t.Fatalf("%d records, err %v; want 3", len(got), err)
	}
	for _, r := range got {
		if r.TimeType != LogAppendTime || !r.Time.Equal(appended) {
			t.Errorf("offset %d: %v %v, want LogAppendTime %v", r.Offset, r.TimeType, r.Time.UTC(), appended)
		}
	}
}

// logAppendBatch encodes a v2 batch of n records stamped created by their
// producer and appended by the broker at appended (attribute bit 3).
func logAppendBatch(n int, created, appended time.Time) []byte {
	var raw []byte
	for i := 0; i < n; i++ {
		r := kmsg.NewRecord()
		r.OffsetDelta = int32(i)
		r.TimestampDelta64 = int64(i)
		r.Value = []byte("v")
		body := r.AppendTo(nil)
		r.Length = int32(len(body) - 1)
		raw = r.AppendTo(raw)
	}
	b := kmsg.NewRecordBatch()
	b.Magic = 2
	b.Attributes = attrLogAppendTime
	b.LastOffsetDelta = int32(n - 1)
	b.FirstTimestamp = created.UnixMilli()
	b.MaxTimestamp = appended.UnixMilli()
	b.ProducerID, b.ProducerEpoch, b.FirstSequence = -1, -1, -1
	b.NumRecords = int32(n)
	b.Records = raw
	enc := b.AppendTo(nil)
	b.Length = int32(len(enc) - 12)
	b.CRC = int32(crc32.Checksum(b.AppendTo(nil)[21:], crc32.MakeTable(crc32.Castagnoli)))
	return b.AppendTo(nil)
}

// TestConsumeLogAppendTimeMatchesConsoleConsumer (real Kafka): records
// produced with a CreateTime of 2020-01-01 to a LogAppendTime topic carry,
// record by record, the time Kafka's console consumer prints; and a start
// at one of those times begins at the first record appended at or after it.
func TestConsumeLogAppendTimeMatchesConsoleConsumer(t *testing.T) {
	if !testkafka.Real() {
		t.Skip("needs real Kafka (scripts/integration.sh): kfake does not stamp LogAppendTime topics")
	}
	testkafka.RequireTools(t)
	brokers := testkafka.Brokers(t)
	topic := testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{"message.timestamp.type": "LogAppendTime"})
	_, cl := testkafka.Admin(t, brokers)
	ctx := consumeCtx(t)
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 12
	for i := 0; i < n; i++ {
		// One batch per record, a few milliseconds apart: distinct
		// append times, so a start by time has something to pick.
		r := &kgo.Record{Topic: topic, Value: []byte(fmt.Sprintf("v%d", i)), Timestamp: created}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Millisecond) // spacing append times, not waiting for state
	}

	out := testkafka.Tool(t, 90*time.Second, "kafka-console-consumer",
		"--bootstrap-server", strings.Join(brokers, ","), "--topic", topic, "--from-beginning",
		"--max-messages", fmt.Sprint(n), "--property", "print.timestamp=true", "--property", "print.offset=true")
	javaTimes := map[int64]int64{}
	re := regexp.MustCompile(`(CreateTime|LogAppendTime):(-?\d+)\s+Offset:(\d+)`)
	for _, line := range strings.Split(out, "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[1] != "LogAppendTime" {
			t.Errorf("console consumer says %q", line)
		}
		ts, _ := strconv.ParseInt(m[2], 10, 64)
		off, _ := strconv.ParseInt(m[3], 10, 64)
		javaTimes[off] = ts
	}
	if len(javaTimes) != n {
		t.Fatalf("console consumer printed %d timestamps, want %d:\n%s", len(javaTimes), n, out)
	}

	c := consumeCluster(t, brokers)
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true})
	got := consumeDrain(t, s, 30*time.Second)
	if err := s.Err(); err != nil || len(got) != n {
		t.Fatalf("%d records, err %v; want %d", len(got), err, n)
	}
	for _, r := range got {
		want := javaTimes[r.Offset]
		t.Logf("offset %d: kafkatui %s %d, console consumer LogAppendTime:%d", r.Offset, r.TimeType, r.Time.UnixMilli(), want)
		if r.TimeType != LogAppendTime || r.Time.UnixMilli() != want {
			t.Errorf("offset %d: %s %d, console consumer LogAppendTime:%d", r.Offset, r.TimeType, r.Time.UnixMilli(), want)
		}
	}

	// Start at the append time of a record in the middle.
	mid := got[n/2]
	s = consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, StopAtEnd: true, Start: Position{Kind: PosTime, Time: mid.Time}})
	from := consumeDrain(t, s, 30*time.Second)
	wantFirst := int64(-1)
	for off := int64(0); off < n; off++ {
		if javaTimes[off] >= mid.Time.UnixMilli() {
			wantFirst = off
			break
		}
	}
	if len(from) == 0 || from[0].Offset != wantFirst || !from[0].Time.Equal(mid.Time) {
		t.Errorf("start at %d: first record %+v, want offset %d", mid.Time.UnixMilli(), from, wantFirst)
	}
}
