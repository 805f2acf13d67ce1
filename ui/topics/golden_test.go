package topics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

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

// TestCountsWholeAt80: a count is never cut while a name can give way
// (5,000,000,000 showed as 5,000,00… beside a 46-cell name), and the
// column keeps its width while the filter hides the largest topic.
func TestCountsWholeAt80(t *testing.T) {
	f := &fakeBackend{topics: append(sampleTopics(), kafkaops.TopicSummary{Name: "very-long-topic-name-from-the-billing-team.events.v3", Partitions: 3, ReplicationFactor: 3, Messages: 5_000_000_000})}
	m := loaded(t, f, false)
	m.SetSize(80, 24)
	if v := ansi.Strip(m.View()); !strings.Contains(v, " 5,000,000,000 ") {
		t.Fatalf("the count is cut:\n%s", v)
	}
	header := func() string { return strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0] }
	before := header()
	press(t, m, "/", "ord")
	if after := header(); after != before {
		t.Errorf("the header moved while filtering:\n%q\n%q", before, after)
	}
}
