package topics

import (
	"fmt"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// goldenSizes are the sizes every view is checked at: a roomy terminal
// and the smallest the UI supports (the body is smaller than the terminal,
// but the pane must hold at any size it is given).
var goldenSizes = []struct{ w, h int }{{100, 30}, {80, 24}}

func TestGoldenViews(t *testing.T) {
	long := kafkaops.TopicSummary{Name: "very-long-topic-name-from-the-billing-team.events.v3.dead-letter-queue", Partitions: 3, ReplicationFactor: 3, Messages: 5_000_000_000}
	unicode := kafkaops.TopicSummary{Name: "注文イベント.json", Partitions: 2, ReplicationFactor: 1, Messages: 999}
	escape := kafkaops.TopicSummary{Name: "evil\x1b[2Jtopic", Partitions: 1, ReplicationFactor: 1}
	scenes := []struct {
		name string
		run  func(m *Model, f *fakeBackend)
	}{
		{"list", func(m *Model, f *fakeBackend) { press(t, m, "j") }},
		{"names", func(m *Model, f *fakeBackend) {
			f.topics = append(f.topics, long, unicode, escape)
			press(t, m, "ctrl+r", "i", "s", "s", "s")
		}},
		{"filter", func(m *Model, f *fakeBackend) { press(t, m, "/", "ord") }},
		{"create", func(m *Model, f *fakeBackend) {
			press(t, m, "c", "orders_dlq", "tab", "-1", "tab", "tab", "compact", "ctrl+s")
		}},
		{"delete", func(m *Model, f *fakeBackend) { press(t, m, "G", "D", "user", "enter") }},
		{"empty", func(m *Model, f *fakeBackend) { f.topics = nil; press(t, m, "ctrl+r") }},
		{"error", func(m *Model, f *fakeBackend) {
			f.listErr = fmt.Errorf("list topics: cannot connect to any broker (tried kafka-1:9092,kafka-2:9092); last error: dial tcp 10.0.0.7:9092: connect: connection refused")
			m.loaded = false
			press(t, m, "ctrl+r")
		}},
	}
	for _, sz := range goldenSizes {
		for _, sc := range scenes {
			name := fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				f := &fakeBackend{topics: sampleTopics()}
				m := loaded(t, f, false)
				m.SetSize(sz.w, sz.h)
				sc.run(m, f)
				m.c.Refresh = 5 * time.Second // as shown in the error view
				v := m.View()
				checkSize(t, v, sz.w, sz.h)
				golden(t, name, v)
			})
		}
	}
}
