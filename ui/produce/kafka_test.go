package produce

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// openCluster opens a kafkaops.Cluster on the test brokers.
func openCluster(t testing.TB, brokers []string) *kafkaops.Cluster {
	t.Helper()
	c, err := kafkaops.Open(kafkaops.Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// readAll reads every record of topic with kgo, the independent client,
// until want records have arrived.
func readAll(t *testing.T, brokers []string, topic string, want int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
	defer cancel()
	var out []*kgo.Record
	for len(out) < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s with kgo: %d of %d records after 30s", topic, len(out), want)
		}
		fs.EachRecord(func(r *kgo.Record) { out = append(out, r) })
	}
	return out
}

var sentRE = regexp.MustCompile(`^✓ sent to (\S+)/(\d+) at offset (\d+) \(acks=all\)$`)

// TestSendReadsBack drives the form through Update and its Cmds against a
// Kafka-protocol cluster and reads the message back with kgo: same key,
// value, headers and partition, at the offset the form shows.
func TestSendReadsBack(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	// Something already in the partition, so that offset 0 proves nothing.
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Partition: 2, Value: []byte("before")},
		&kgo.Record{Topic: topic, Partition: 2, Value: []byte("before")})
	cl := openCluster(t, brokers)
	m := New(newCommon(), cl, topic, WithHistoryFile(filepath.Join(t.TempDir(), "h.jsonl")))
	m.SetSize(100, 30)
	feed(t, m, m.Init())
	if m.partCount() != 3 {
		t.Fatalf("partition count %d, want 3", m.partCount())
	}
	focusField(t, m, fPartition)
	typeText(t, m, "2")
	focusField(t, m, fKey)
	typeText(t, m, "order-42")
	focusField(t, m, fValue)
	typeText(t, m, `{"id":42,"total":99.5}`)
	press(t, m, keyEnter)
	typeText(t, m, `second line ünïcode`)
	focusField(t, m, fHeaders)
	typeText(t, m, "source=kafkatui")
	press(t, m, keyEnter)
	typeText(t, m, "empty=")
	focusField(t, m, fCompression)
	press(t, m, ctrl(tea.KeyRight)) // gzip
	press(t, m, keySend)

	got := sentRE.FindStringSubmatch(m.result)
	if got == nil {
		t.Fatalf("result %q", m.result)
	}
	if !strings.Contains(plain(m.View()), m.result) {
		t.Errorf("the result is not on screen")
	}
	offset, _ := strconv.ParseInt(got[3], 10, 64)
	if got[1] != topic || got[2] != "2" || offset != 2 {
		t.Errorf("shown %s/%s@%d, want %s/2@2", got[1], got[2], offset, topic)
	}
	recs := readAll(t, brokers, topic, 3)
	var r *kgo.Record
	for _, x := range recs {
		if string(x.Value) != "before" {
			r = x
		}
	}
	if r == nil {
		t.Fatal("the message is not in the topic")
	}
	if r.Partition != 2 || r.Offset != offset {
		t.Errorf("read at %d@%d, form said 2@%d", r.Partition, r.Offset, offset)
	}
	if string(r.Key) != "order-42" || string(r.Value) != "{\"id\":42,\"total\":99.5}\nsecond line ünïcode" {
		t.Errorf("key %q value %q", r.Key, r.Value)
	}
	if len(r.Headers) != 2 || r.Headers[0].Key != "source" || string(r.Headers[0].Value) != "kafkatui" ||
		r.Headers[1].Key != "empty" || len(r.Headers[1].Value) != 0 {
		t.Errorf("headers %+v", r.Headers)
	}
	if r.Attrs.CompressionType() != 1 {
		t.Errorf("batch codec %d, want gzip (1)", r.Attrs.CompressionType())
	}

	// By key: the partition shown is the one the record is in.
	focusField(t, m, fPartition)
	press(t, m, uitest.Key("backspace"))
	press(t, m, keySend)
	got = sentRE.FindStringSubmatch(m.result)
	if got == nil {
		t.Fatalf("result %q", m.result)
	}
	recs = readAll(t, brokers, topic, 4)
	found := false
	for _, x := range recs {
		if fmt.Sprint(x.Partition) == got[2] && fmt.Sprint(x.Offset) == got[3] {
			found = string(x.Key) == "order-42" && strings.HasPrefix(string(x.Value), `{"id":42`)
		}
	}
	if !found {
		t.Errorf("by key: nothing of ours at the %s@%s shown", got[2], got[3])
	}

	// acks=none: sent, and the form does not make up an offset.
	focusField(t, m, fAcks)
	press(t, m, ctrl(tea.KeyRight), ctrl(tea.KeyRight), keySend)
	if !regexp.MustCompile(`^✓ sent to \S+/[0-2], offset not known \(acks=none\)$`).MatchString(m.result) {
		t.Errorf("acks=none: %q", m.result)
	}
	readAll(t, brokers, topic, 5)
}

// TestTooLargeShownByValue: the broker's refusal of a message over the
// topic's max.message.bytes is shown under the value, with the limit, and
// the form keeps the value.
func TestTooLargeShownByValue(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.TopicWithConfigs(t, brokers, 1, map[string]string{"max.message.bytes": "1000"})
	cl := openCluster(t, brokers)
	m := New(newCommon(), cl, topic, WithHistoryFile(""))
	m.SetSize(100, 30)
	feed(t, m, m.Init())
	big := strings.Repeat("x", 2000)
	m.value.SetValue(big)
	press(t, m, keySend)
	if e := m.errs[fValue]; !strings.Contains(e, "message too large: 2000 bytes") || !strings.Contains(e, "at most 1000 bytes") {
		t.Errorf("value error %q (result %q)", e, m.result)
	}
	if m.value.Value() != big {
		t.Errorf("the value was not kept")
	}
	if !strings.Contains(plain(m.View()), "✗ message too large") {
		t.Errorf("the error is not on screen")
	}
}

// TestSendErrorFromBroker sends to a missing topic and a partition the
// topic does not have: the broker's word is shown by the field.
func TestSendErrorFromBroker(t *testing.T) {
	brokers := testkafka.Brokers(t)
	cl := openCluster(t, brokers)
	missing := testkafka.TopicName(t) + "-nope"
	m := New(newCommon(), cl, missing, WithHistoryFile(""))
	m.SetSize(100, 30)
	feed(t, m, m.Init())
	focusField(t, m, fValue)
	typeText(t, m, "x")
	press(t, m, keySend)
	if m.errs[fTopic] != "topic does not exist" || m.value.Value() != "x" {
		t.Errorf("topic error %q (result %q), value %q", m.errs[fTopic], m.result, m.value.Value())
	}
}

// TestRepeatReadsBack sends 1,000 messages with {{i}} and reads them all
// back.
func TestRepeatReadsBack(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 3)
	cl := openCluster(t, brokers)
	m := New(newCommon(), cl, topic, WithHistoryFile(""))
	m.SetSize(100, 30)
	feed(t, m, m.Init())
	typeText(t, m, "k-{{i}}")
	focusField(t, m, fValue)
	typeText(t, m, `{"n":{{i}}}`)
	focusField(t, m, fHeaders)
	typeText(t, m, "run=1")
	focusField(t, m, fRepeat)
	typeText(t, m, "1000")
	press(t, m, keyRepeat)
	if !strings.HasPrefix(m.result, "repeat done: 1000 sent, 0 failed in ") {
		t.Fatalf("summary %q", m.result)
	}
	t.Log(m.result)
	recs := readAll(t, brokers, topic, 1000)
	seen := make(map[string]bool)
	javaLike := kgo.StickyKeyPartitioner(nil).ForTopic(topic)
	for _, r := range recs {
		n := strings.TrimPrefix(string(r.Key), "k-")
		if string(r.Value) != `{"n":`+n+`}` || len(r.Headers) != 1 || string(r.Headers[0].Value) != "1" {
			t.Fatalf("record %q = %q %+v", r.Key, r.Value, r.Headers)
		}
		if want := int32(javaLike.Partition(r, 3)); r.Partition != want {
			t.Errorf("key %s in partition %d, Java puts it in %d", r.Key, r.Partition, want)
		}
		seen[n] = true
	}
	for i := range 1000 {
		if !seen[strconv.Itoa(i)] {
			t.Fatalf("message %d missing", i)
		}
	}
	if len(recs) != 1000 {
		t.Errorf("%d records, want 1000", len(recs))
	}
}
