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

// TestBatchTimeType decodes batches that kafka-go itself encoded, with and
// without the LogAppendTime attribute, as a fetch response would carry them.
func TestBatchTimeType(t *testing.T) {
	for _, tc := range []struct {
		attrs protocol.Attributes
		want  TimestampType
	}{
		{0, CreateTime},
		{logAppendTimeBit, LogAppendTime},
		{logAppendTimeBit | protocol.Gzip, LogAppendTime},
		{protocol.Gzip, CreateTime},
	} {
		in := protocol.RecordSet{
			Version:    2,
			Attributes: tc.attrs,
			Records:    protocol.NewRecordReader(protocol.Record{Offset: 0, Time: time.UnixMilli(1000), Value: protocol.NewBytes([]byte("v"))}),
		}
		var buf bytes.Buffer
		if _, err := in.WriteTo(&buf); err != nil {
			t.Fatalf("encode %v: %v", tc.attrs, err)
		}
		var out protocol.RecordSet
		if _, err := out.ReadFrom(&buf); err != nil {
			t.Fatalf("decode %v: %v", tc.attrs, err)
		}
		// As collect does: a fetch's record set is a stream of batches.
		rs, ok := out.Records.(*protocol.RecordStream)
		if !ok || len(rs.Records) != 1 {
			t.Fatalf("decoded %T, want a stream of one batch", out.Records)
		}
		if got := batchTimeType(rs.Records[0]); got != tc.want {
			t.Errorf("attributes %v (%T): %v, want %v", tc.attrs, rs.Records[0], got, tc.want)
		}
	}
	if got := batchTimeType(&protocol.MessageSet{Attributes: logAppendTimeBit}); got != LogAppendTime {
		t.Errorf("v1 message set: %v, want LogAppendTime", got)
	}
}
