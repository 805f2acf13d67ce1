package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// fakeCluster is a Backend answering from fields; only DescribeCluster and
// ListTopics have answers, which is what the shell and its panes ask.
type fakeCluster struct {
	mu        sync.Mutex
	info      kafkaops.ClusterInfo
	err       error
	describes int
	topics    []kafkaops.TopicSummary
	details   map[string]kafkaops.TopicDetail
}

func threeBrokers() kafkaops.ClusterInfo {
	return kafkaops.ClusterInfo{
		ClusterID:    "kfake-cluster-0001",
		ControllerID: 1,
		Brokers: []kafkaops.Broker{
			{ID: 0, Host: "127.0.0.1", Port: 39092, Rack: "eu-west-1a"},
			{ID: 1, Host: "127.0.0.1", Port: 39093, Rack: "eu-west-1b"},
			{ID: 2, Host: "127.0.0.1", Port: 39094},
		},
	}
}

func (f *fakeCluster) set(info kafkaops.ClusterInfo, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.info, f.err = info, err
}

func (f *fakeCluster) DescribeCluster(context.Context) (kafkaops.ClusterInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.describes++
	if f.err != nil {
		return kafkaops.ClusterInfo{}, f.err
	}
	return f.info, nil
}

func (f *fakeCluster) ListTopics(context.Context) ([]kafkaops.TopicSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	return append([]kafkaops.TopicSummary(nil), f.topics...), nil
}

func (f *fakeCluster) DescribeTopic(_ context.Context, topic string) (kafkaops.TopicDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.details[topic]
	if !ok {
		return kafkaops.TopicDetail{}, fmt.Errorf("describe topic %s: unknown topic or partition", topic)
	}
	return d, nil
}

func (f *fakeCluster) TopicConfigs(context.Context, string) ([]kafkaops.ConfigEntry, error) {
	return nil, nil
}

func (f *fakeCluster) CreateTopic(context.Context, kafkaops.TopicSpec) error {
	return errors.New("create topic: not supported by the fake")
}

func (f *fakeCluster) DeleteTopic(context.Context, string) error {
	return errors.New("delete topic: not supported by the fake")
}

// testPane is a pane that records what reaches it.
type testPane struct {
	title   string
	input   bool   // InputFocused
	esc     bool   // HandlesEsc
	unsaved string // UnsavedWork
	inits   int
	closed  int
	w, h    int
	msgs    []tea.Msg
	keys    []string
	act     key.Binding
}

func newTestPane(title string) *testPane {
	return &testPane{
		title: title,
		act:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "act on "+title)),
	}
}

func (p *testPane) Init() tea.Cmd {
	p.inits++
	return nil
}

func (p *testPane) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	p.msgs = append(p.msgs, msg)
	if k, ok := msg.(tea.KeyMsg); ok {
		p.keys = append(p.keys, k.String())
	}
	return p, nil
}

func (p *testPane) View() string {
	lines := []string{fmt.Sprintf("%s body %dx%d", p.title, p.w, p.h)}
	for i := 1; i < p.h; i++ {
		lines = append(lines, fmt.Sprintf("%s line %d", p.title, i))
	}
	return strings.Join(lines, "\n")
}

func (p *testPane) SetSize(w, h int)         { p.w, p.h = w, h }
func (p *testPane) Title() string            { return p.title }
func (p *testPane) InputFocused() bool       { return p.input }
func (p *testPane) HandlesEsc() bool         { return p.esc }
func (p *testPane) UnsavedWork() string      { return p.unsaved }
func (p *testPane) Close()                   { p.closed++ }
func (p *testPane) ShortHelp() []key.Binding { return []key.Binding{p.act} }
func (p *testPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.act}}
}

// got reports whether a message of type T reached the pane.
func got[T any](p *testPane) bool {
	for _, m := range p.msgs {
		if _, ok := m.(T); ok {
			return true
		}
	}
	return false
}

// newTestModel is the root on a fake cluster with home as the home pane,
// sized 100x30, with messages that clear quickly.
func newTestModel(t *testing.T, home common.Pane, opts Options) (*Model, *fakeCluster) {
	t.Helper()
	fc := &fakeCluster{info: threeBrokers()}
	if home != nil {
		opts.Home = func(*common.Common) common.Pane { return home }
	}
	if opts.Refresh == 0 {
		opts.Refresh = 10 * time.Millisecond // ticks return at once; pump does not follow them
	}
	if opts.Theme == "" {
		opts.Theme = "dark"
	}
	if opts.Brokers == nil && opts.ClusterName == "" {
		opts.Brokers = []string{"127.0.0.1:39092"}
	}
	m, err := newModel(fc, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []common.StatusKind{common.StatusInfo, common.StatusSuccess, common.StatusWarning, common.StatusError} {
		m.frame.Status.SetLifetime(k, 10*time.Millisecond)
	}
	t.Cleanup(m.close)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m, fc
}

// send runs one message through Update.
func send(m *Model, msg tea.Msg) tea.Cmd {
	_, cmd := m.Update(msg)
	return cmd
}

// pump feeds the messages cmd produces back into the model, rounds times,
// skipping periodic ticks so that it ends; it returns every message seen.
func pump(t *testing.T, m *Model, cmd tea.Cmd, rounds int) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for r := 0; r < rounds && len(queue) > 0; r++ {
		var next []tea.Cmd
		for _, c := range queue {
			for _, msg := range uitest.RunCmd(t, c) {
				seen = append(seen, msg)
				if isTick(msg) {
					continue
				}
				next = append(next, send(m, msg))
			}
		}
		queue = next
	}
	return seen
}

// isTick reports the periodic refresh ticks, which pump does not follow.
func isTick(msg tea.Msg) bool {
	if r, ok := msg.(common.Result); ok {
		_, tick := r.Msg.(common.TickMsg)
		return tick
	}
	return strings.HasSuffix(fmt.Sprintf("%T", msg), ".tickMsg")
}

// typeText sends s one rune at a time.
func typeText(m *Model, s string) {
	for _, r := range s {
		send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// screen is the view without colours and escapes.
func screen(m *Model) string { return ansi.Strip(m.View()) }

// Shorthands for the shared helpers.
var (
	keyMsg     = uitest.Key
	golden     = uitest.Golden
	checkFrame = uitest.CheckFrame
)

func runCmd(t *testing.T, cmd tea.Cmd) []tea.Msg { return uitest.RunCmd(t, cmd) }

func hasMsg[T any](msgs []tea.Msg) (T, bool) { return uitest.Has[T](msgs) }

// errNotFaked answers the capabilities the shell tests never use.
var errNotFaked = errors.New("not faked in the shell tests")

func (f *fakeCluster) Consume(context.Context, kafkaops.ConsumeRequest) (*kafkaops.Stream, error) {
	return nil, errNotFaked
}

func (f *fakeCluster) Produce(context.Context, kafkaops.Message) (kafkaops.ProduceResult, error) {
	return kafkaops.ProduceResult{}, errNotFaked
}

func (f *fakeCluster) ListGroups(context.Context) ([]kafkaops.GroupSummary, error) {
	return nil, errNotFaked
}

func (f *fakeCluster) DescribeGroup(context.Context, string) (kafkaops.GroupDetail, error) {
	return kafkaops.GroupDetail{}, errNotFaked
}

func (f *fakeCluster) DeleteGroup(context.Context, string) error { return errNotFaked }
