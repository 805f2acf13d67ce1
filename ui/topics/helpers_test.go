package topics

import (
	"context"
	"errors"
	"fmt"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
	"os"
	"slices"
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
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// fixedNow is the clock of every test, so views are stable.
var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

// newCommon is a Common for tests: fixed clock, immediate refresh ticks
// (the test decides whether to deliver them).
func newCommon(readOnly bool) *common.Common {
	c := common.NewCommon(themes.Dark())
	c.Now = func() time.Time { return fixedNow }
	c.Refresh = time.Nanosecond
	if readOnly {
		// As the root does: the dangerous keys are disabled once, in
		// the keymap, before the pane copies them.
		c.ReadOnly = true
		c.Keys.SetReadOnly()
	}
	return c
}

// fakeBackend is a cluster in memory. Tests read and change its fields
// between Update calls; the mutex is for Cmds run by the benchmark.
type fakeBackend struct {
	mu         sync.Mutex
	topics     []kafkaops.TopicSummary
	listErr    error
	lists      int
	createErr  error
	created    []kafkaops.TopicSpec
	deleteErr  error
	deleted    []string
	describes  int
	describeFn func(string) (kafkaops.TopicDetail, error)
}

func (f *fakeBackend) ListTopics(context.Context) ([]kafkaops.TopicSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.listErr != nil {
		return nil, f.listErr
	}
	return slices.Clone(f.topics), nil
}

func (f *fakeBackend) CreateTopic(_ context.Context, spec kafkaops.TopicSpec) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.created = append(f.created, spec)
	if f.createErr != nil {
		return f.createErr
	}
	f.topics = append(f.topics, kafkaops.TopicSummary{Name: spec.Name, Partitions: max(spec.Partitions, 1), ReplicationFactor: max(spec.ReplicationFactor, 1)})
	return nil
}

func (f *fakeBackend) DeleteTopic(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deleted = append(f.deleted, name)
	if f.deleteErr != nil {
		return f.deleteErr
	}
	f.topics = slices.DeleteFunc(f.topics, func(t kafkaops.TopicSummary) bool { return t.Name == name })
	return nil
}

func (f *fakeBackend) DescribeTopic(_ context.Context, topic string) (kafkaops.TopicDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.describes++
	if f.describeFn != nil {
		return f.describeFn(topic)
	}
	return kafkaops.TopicDetail{}, errors.New("not in this fake")
}

func (f *fakeBackend) TopicConfigs(context.Context, string) ([]kafkaops.ConfigEntry, error) {
	return nil, nil
}

// sampleTopics is a small cluster with one of everything.
func sampleTopics() []kafkaops.TopicSummary {
	return []kafkaops.TopicSummary{
		{Name: "__consumer_offsets", Partitions: 50, ReplicationFactor: 3, Messages: 1234, Internal: true},
		{Name: "audit.log", Partitions: 3, ReplicationFactor: 3, Messages: 0},
		{Name: "Orders", Partitions: 12, ReplicationFactor: 3, Messages: 1_234_567},
		{Name: "orders.dlq", Partitions: 1, ReplicationFactor: 3, Messages: 42, UnderReplicated: 1},
		{Name: "payments", Partitions: 6, ReplicationFactor: 2, Messages: 98_765, Offline: 2, UnderReplicated: 2},
		{Name: "users", Partitions: 4, ReplicationFactor: 3, Messages: 12_300},
	}
}

// collect runs cmd and every Cmd of a batch or sequence it returns, and
// returns the messages they produce, in order.
func collect(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return uitest.RunCmd(t, cmd)
}

// send delivers msg, runs the Cmds that come back and feeds the pane its
// own results until it is quiet. Everything else (status, busy, push,
// ticks...) is returned for the test to look at.
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

// isAnswer reports a result of the pane's requests, which send feeds
// back; ticks are left to the test.
func isAnswer(msg tea.Msg) bool {
	r, ok := msg.(common.Result)
	if !ok {
		return false
	}
	switch r.Msg.(type) {
	case listedMsg, createdMsg, deletedMsg, notedMsg:
		return true
	}
	return false
}

// hasTick reports whether msgs hold a refresh tick of the pane.
func hasTick(msgs []tea.Msg) bool {
	_, _, ok := uitest.Result[common.TickMsg](msgs)
	return ok
}

// tickOf is the pane's refresh tick of its current generation.
func tickOf(m *Model) tea.Msg { return tickAt(m, m.Gen()) }

// tickAt is the pane's refresh tick of generation gen.
func tickAt(m *Model, gen int) tea.Msg {
	return common.Result{Origin: m.Origin(), Gen: gen, Msg: common.TickMsg{}}
}

// answer is a list answer of the pane's current generation, as its base
// wraps it.
func answer(m *Model, topics []kafkaops.TopicSummary) tea.Msg {
	return common.Result{Origin: m.Origin(), Gen: m.Gen(), Msg: listedMsg{topics: topics}}
}

// press sends each key in turn: runes are typed one by one, and names like
// "enter", "esc", "tab", "ctrl+r", "backspace", "down" are special keys.
func press(t testing.TB, m *Model, ks ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range ks {
		for _, msg := range keyMsgs(k) {
			out = append(out, send(t, m, msg)...)
		}
	}
	return out
}

var specialKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"ctrl+r": tea.KeyCtrlR, "ctrl+s": tea.KeyCtrlS, "backspace": tea.KeyBackspace,
	"down": tea.KeyDown, "up": tea.KeyUp, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
}

func keyMsgs(k string) []tea.Msg {
	if t, ok := specialKeys[k]; ok {
		return []tea.Msg{tea.KeyMsg{Type: t}}
	}
	var out []tea.Msg
	for _, r := range k {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// loaded returns a pane on f, sized and with its first load done.
func loaded(t *testing.T, f *fakeBackend, readOnly bool) *Model {
	t.Helper()
	m := New(newCommon(readOnly), f)
	t.Cleanup(m.Close)
	m.SetSize(100, 30)
	for _, msg := range collect(t, m.Init()) {
		send(t, m, msg)
	}
	if !m.loaded {
		t.Fatalf("first load did not complete: err %v", m.loadErr)
	}
	return m
}

// names are the topic names on screen, in order.
func names(m *Model) []string {
	out := make([]string, len(m.data.shown))
	for i, a := range m.data.shown {
		out[i] = m.data.all[a].t.Name
	}
	return out
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

func statusOf(t *testing.T, msgs []tea.Msg, kind common.StatusKind) string {
	t.Helper()
	for _, m := range msgs {
		if s, ok := m.(common.StatusMsg); ok && s.Kind == kind {
			return s.Text
		}
	}
	t.Fatalf("no status message of kind %d in %v", kind, msgs)
	return ""
}

// golden compares the view, ANSI stripped, with testdata/<name>.golden.
func golden(t *testing.T, name, view string) {
	t.Helper()
	uitest.Golden(t, name, ansi.Strip(view))
}

// checkSize fails unless view is exactly h lines of at most w cells.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	uitest.CheckFrame(t, view, w, h)
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
