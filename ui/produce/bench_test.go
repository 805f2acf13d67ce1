package produce

import (
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// BenchmarkSendToResult measures one send as the user sees it: ctrl+s,
// the Cmd producing to a local Kafka-protocol broker (acks=all), its
// result fed back to Update, and the View that shows the offset. The
// figure to watch is ms/op (target: tens of milliseconds at most).
func BenchmarkSendToResult(b *testing.B) {
	brokers := testkafka.Brokers(b)
	topic := testkafka.Topic(b, brokers, 3)
	cl := openCluster(b, brokers)
	m := New(newCommon(), cl, topic, WithHistoryFile(""))
	m.SetSize(100, 30)
	for _, msg := range runAll(b, m.Init()) {
		m.Update(msg)
	}
	m.key.SetValue("order-42")
	m.value.SetValue(`{"id":42,"total":99.5}`)
	m.headers.SetValue("source=bench")
	send := func() {
		_, cmd := m.Update(keySend)
		for _, msg := range runAll(b, cmd) {
			m.Update(msg)
		}
		if v := m.View(); !strings.Contains(v, "at offset") {
			b.Fatalf("no offset shown: %q", m.result)
		}
	}
	send() // warm the connection and metadata
	start := time.Now()
	n := 0
	for b.Loop() {
		send()
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/op")
}
