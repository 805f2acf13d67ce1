package partitions

import (
	"context"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
	"os"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func newCommon() *common.Common {
	c := common.NewCommon(themes.Dark())
	c.Now = func() time.Time { return fixedNow }
	c.Refresh = time.Nanosecond // ticks come back at once; tests deliver them
	return c
}

// fakeDescriber is one topic in memory.
type fakeDescriber struct {
	detail     kafkaops.TopicDetail
	detailErr  error
	configs    []kafkaops.ConfigEntry
	configsErr error
	describes  int
	configReqs int
}

func (f *fakeDescriber) DescribeTopic(_ context.Context, topic string) (kafkaops.TopicDetail, error) {
	f.describes++
	if f.detailErr != nil {
		return kafkaops.TopicDetail{}, f.detailErr
	}
	d := f.detail
	d.Partitions = slices.Clone(d.Partitions)
	return d, nil
}

func (f *fakeDescriber) TopicConfigs(context.Context, string) ([]kafkaops.ConfigEntry, error) {
	f.configReqs++
	if f.configsErr != nil {
		return nil, f.configsErr
	}
	return slices.Clone(f.configs), nil
}

func sampleDetail() kafkaops.TopicDetail {
	return kafkaops.TopicDetail{Name: "orders", Partitions: []kafkaops.PartitionInfo{
		{ID: 0, Leader: 1, Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, LowWatermark: 0, HighWatermark: 1500},
		{ID: 1, Leader: 2, Replicas: []int32{2, 3, 1}, ISR: []int32{2, 1}, LowWatermark: 100, HighWatermark: 90_100},
		{ID: 2, Leader: -1, Replicas: []int32{3, 1, 2}, ISR: []int32{}, OfflineReplicas: []int32{3}, LowWatermark: -1, HighWatermark: -1,
			Error: "leader not available"},
		{ID: 3, Leader: 1, Replicas: []int32{1, 2, 3}, ISR: []int32{1, 2, 3}, LowWatermark: 1_000_000_000, HighWatermark: 1_001_234_567},
	}}
}

func sampleConfigs() []kafkaops.ConfigEntry {
	return []kafkaops.ConfigEntry{
		{Name: "cleanup.policy", Value: "delete", Default: true, Source: "DEFAULT_CONFIG"},
		{Name: "retention.ms", Value: "86400000", Source: "DYNAMIC_TOPIC_CONFIG"},
		{Name: "compression.type", Value: "producer", Default: true, Source: "DEFAULT_CONFIG"},
		{Name: "min.insync.replicas", Value: "2", Source: "STATIC_BROKER_CONFIG"},
		{Name: "sasl.secret.thing", Value: "", Sensitive: true, Source: "DYNAMIC_TOPIC_CONFIG"},
	}
}

func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// send delivers msg and feeds the pane its own results until it is quiet;
// everything else (status, busy, back, ticks) is returned.
func send(m *Model, msg tea.Msg) []tea.Msg {
	queue := []tea.Msg{msg}
	var out []tea.Msg
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(next)
		for _, r := range collect(cmd) {
			switch r.(type) {
			case describedMsg, configsMsg:
				queue = append(queue, r)
			default:
				out = append(out, r)
			}
		}
	}
	return out
}

var specialKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "ctrl+r": tea.KeyCtrlR,
	"backspace": tea.KeyBackspace, "down": tea.KeyDown,
}

func press(m *Model, ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		if t, ok := specialKeys[k]; ok {
			out = append(out, send(m, tea.KeyMsg{Type: t})...)
			continue
		}
		for _, r := range k {
			out = append(out, send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})...)
		}
	}
	return out
}

func loaded(t *testing.T, f *fakeDescriber) *Model {
	t.Helper()
	m := New(newCommon(), f, "orders")
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	return m
}

func find[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

func countOf[T any](msgs []tea.Msg) int {
	n := 0
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			n++
		}
	}
	return n
}

func golden(t *testing.T, name, view string) {
	t.Helper()
	uitest.Golden(t, name, ansi.Strip(view))
}

func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	uitest.CheckFrame(t, view, w, h)
}

func toMsgs(in []any) []tea.Msg {
	out := make([]tea.Msg, len(in))
	for i, v := range in {
		out[i] = v
	}
	return out
}
