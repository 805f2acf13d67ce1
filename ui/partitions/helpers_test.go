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

// collect runs cmd and every Cmd of a batch or sequence it returns, and
// returns the messages they produce, in order.
func collect(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return uitest.RunCmd(t, cmd)
}

// send delivers msg and feeds the pane its own results until it is quiet;
// everything else (status, busy, back, ticks) is returned.
func send(t testing.TB, m *Model, msg tea.Msg) []tea.Msg {
	t.Helper()
	queue := []tea.Msg{msg}
	var out []tea.Msg
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(next)
		for _, r := range collect(t, cmd) {
			if isAnswer(r) {
				queue = append(queue, r)
			} else {
				out = append(out, r)
			}
		}
	}
	return out
}

// isAnswer reports a result of the pane's loads, which send feeds back;
// ticks are left to the test.
func isAnswer(msg tea.Msg) bool {
	r, ok := msg.(common.Result)
	if !ok {
		return false
	}
	switch r.Msg.(type) {
	case describedMsg, configsMsg:
		return true
	}
	return false
}

// ticks counts the pane's refresh ticks in msgs.
func ticks(msgs []tea.Msg) int {
	n := 0
	for _, msg := range msgs {
		if r, ok := msg.(common.Result); ok && r.Msg == (common.TickMsg{}) {
			n++
		}
	}
	return n
}

// tickOf is the pane's refresh tick of its current generation.
func tickOf(m *Model) tea.Msg { return tickAt(m, m.Gen()) }

// tickAt is the pane's refresh tick of generation gen.
func tickAt(m *Model, gen int) tea.Msg {
	return common.Result{Origin: m.Origin(), Gen: gen, Msg: common.TickMsg{}}
}

var specialKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "ctrl+r": tea.KeyCtrlR,
	"backspace": tea.KeyBackspace, "down": tea.KeyDown,
}

func press(t testing.TB, m *Model, ks ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range ks {
		if kt, ok := specialKeys[k]; ok {
			out = append(out, send(t, m, tea.KeyMsg{Type: kt})...)
			continue
		}
		for _, r := range k {
			out = append(out, send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})...)
		}
	}
	return out
}

func loaded(t *testing.T, f *fakeDescriber) *Model {
	t.Helper()
	m := New(newCommon(), f, "orders")
	t.Cleanup(m.Close)
	m.SetSize(100, 30)
	for _, msg := range collect(t, m.Init()) {
		send(t, m, msg)
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
