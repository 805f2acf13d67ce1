package kafkaops

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/twmb/franz-go/pkg/kgo"

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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
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
				if !decodeRecord(&d, &h, &a, &recs[i], 0, -1) || d.err != nil {
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
