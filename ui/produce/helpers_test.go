package produce

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func newCommon() *common.Common {
	c := common.NewCommon(themes.Dark())
	c.Now = func() time.Time { return fixedNow }
	return c
}

// fakeBackend is a cluster in memory: topics with partition counts, and a
// produce answer chosen by the test.
type fakeBackend struct {
	mu      sync.Mutex
	parts   map[string]int
	answer  func(kafkaops.Message) (kafkaops.ProduceResult, error)
	sent    []kafkaops.Message
	listErr error
}

func newFake() *fakeBackend {
	return &fakeBackend{parts: map[string]int{"orders": 3, "payments": 6, "order-events": 1}}
}

func (f *fakeBackend) ListTopics(context.Context) ([]kafkaops.TopicSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []kafkaops.TopicSummary
	for name, n := range f.parts {
		out = append(out, kafkaops.TopicSummary{Name: name, Partitions: n})
	}
	out = append(out, kafkaops.TopicSummary{Name: "__consumer_offsets", Partitions: 50, Internal: true})
	return out, f.listErr
}

func (f *fakeBackend) DescribeTopic(_ context.Context, topic string) (kafkaops.TopicDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, ok := f.parts[topic]
	if !ok {
		return kafkaops.TopicDetail{}, kafkaops.ErrTopicNotFound
	}
	d := kafkaops.TopicDetail{Name: topic}
	for i := range n {
		d.Partitions = append(d.Partitions, kafkaops.PartitionInfo{ID: int32(i)})
	}
	return d, nil
}

func (f *fakeBackend) TopicConfigs(context.Context, string) ([]kafkaops.ConfigEntry, error) {
	return nil, nil
}

func (f *fakeBackend) Produce(_ context.Context, msg kafkaops.Message) (kafkaops.ProduceResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, msg)
	if f.answer != nil {
		return f.answer(msg)
	}
	p := msg.Partition
	if p < 0 {
		p = 1
	}
	return kafkaops.ProduceResult{Partition: p, Offset: int64(len(f.sent) - 1), OffsetKnown: msg.Acks != kafkaops.AcksNone}, nil
}

// newForm returns a sized form on topic with its history in a temporary
// file, its first loads delivered.
func newForm(t *testing.T, b Backend, topic string) *Model {
	t.Helper()
	m := New(newCommon(), b, topic, WithHistoryFile(filepath.Join(t.TempDir(), "history.jsonl")))
	m.SetSize(100, 28)
	feed(t, m, m.Init())
	return m
}

// feed runs cmd and gives its messages to m, and so on until no command
// is left. It returns every message seen, for assertions on those that
// go to the root.
func feed(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range uitest.RunCmd(t, c) {
			seen = append(seen, msg)
			_, next := m.Update(msg)
			if next != nil {
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// press sends keys to m and runs what they return.
func press(t *testing.T, m *Model, keys ...tea.Msg) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(k)
		seen = append(seen, feed(t, m, cmd)...)
	}
	return seen
}

func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	press(t, m, uitest.Runes(s)...)
}

func ctrl(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }

var (
	keySend   = ctrl(tea.KeyCtrlS)
	keyRepeat = ctrl(tea.KeyCtrlR)
	keyPretty = ctrl(tea.KeyCtrlF)
	keyEmpty  = ctrl(tea.KeyCtrlT)
	keyTab    = ctrl(tea.KeyTab)
	keyUp     = ctrl(tea.KeyUp)
	keyDown   = ctrl(tea.KeyDown)
	keyEnter  = ctrl(tea.KeyEnter)
	keyEsc    = ctrl(tea.KeyEsc)
)

// focusField tabs to f.
func focusField(t *testing.T, m *Model, f field) {
	t.Helper()
	for i := 0; m.focus != f && i < int(numFields)*2; i++ {
		press(t, m, keyTab)
	}
	if m.focus != f {
		t.Fatalf("could not focus field %d", f)
	}
}

// own is msg as the form's base tags its own results, for a result made
// outside a Cmd of the form (the editor's exit, which needs a program).
func own(m *Model, msg tea.Msg) tea.Msg {
	return m.Wrap(func() tea.Msg { return msg })()
}

func plain(s string) string { return ansi.Strip(s) }

// runAll runs cmd and every Cmd its messages' Updates would not see: the
// flattened messages of cmd, for a benchmark (no *testing.T).
func runAll(tb testing.TB, cmd tea.Cmd) []tea.Msg { return uitest.RunCmd(tb, cmd) }
