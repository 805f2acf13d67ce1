package brokers

import (
	"context"
	"errors"
	"os"
	"strings"
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

type fakeDescriber struct {
	mu    sync.Mutex
	info  kafkaops.ClusterInfo
	err   error
	calls int
}

func (f *fakeDescriber) set(info kafkaops.ClusterInfo, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.info, f.err = info, err
}

func (f *fakeDescriber) DescribeCluster(ctx context.Context) (kafkaops.ClusterInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if err := ctx.Err(); err != nil {
		return kafkaops.ClusterInfo{}, err
	}
	return f.info, f.err
}

func cluster() kafkaops.ClusterInfo {
	return kafkaops.ClusterInfo{
		ClusterID:    "MkU3OEVBNTcwNTJENDM2Qk",
		ControllerID: 2,
		Brokers: []kafkaops.Broker{
			{ID: 1, Host: "kafka-1.internal", Port: 9092, Rack: "eu-west-1a"},
			{ID: 2, Host: "kafka-2.internal", Port: 9092, Rack: "eu-west-1b"},
			{ID: 3, Host: "kafka-3.internal", Port: 9092, Rack: "eu-west-1c"},
			{ID: 4, Host: "fe80::1", Port: 9093},
		},
	}
}

func newPane(t *testing.T, f *fakeDescriber) *Model {
	t.Helper()
	c := common.NewCommon(themes.Plain())
	c.Refresh = 10 * time.Millisecond
	m := New(c, f)
	t.Cleanup(m.Close)
	m.SetSize(100, 20)
	return m
}

// feed sends msgs to the pane and returns the messages its commands made,
// without following refresh ticks.
func feed(t *testing.T, m *Model, msgs ...tea.Msg) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		out = append(out, uitest.RunCmd(t, cmd)...)
	}
	return out
}

// loadPane runs Init and hands the pane its result.
func loadPane(t *testing.T, m *Model) []tea.Msg {
	t.Helper()
	msgs := uitest.RunCmd(t, m.Init())
	var out []tea.Msg
	for _, msg := range msgs {
		if _, _, ok := uitest.Result[loadedMsg]([]tea.Msg{msg}); ok {
			out = append(out, feed(t, m, msg)...)
		}
	}
	return append(msgs, out...)
}

// tickOf is the pane's refresh tick of generation gen.
func tickOf(m *Model, gen int) tea.Msg {
	return common.Result{Origin: m.Origin(), Gen: gen, Msg: common.TickMsg{}}
}

func view(m *Model) string { return ansi.Strip(m.View()) }

func TestLoadShowsBrokersAndController(t *testing.T) {
	m := newPane(t, &fakeDescriber{info: cluster()})
	if !strings.Contains(view(m), "loading brokers") {
		t.Errorf("no loading text before the answer:\n%s", view(m))
	}
	msgs := loadPane(t, m)
	on, off := 0, 0
	for _, msg := range msgs {
		if b, ok := msg.(common.BusyMsg); ok {
			if b.Busy {
				on++
			} else {
				off++
			}
		}
	}
	if on != 1 || off != 1 {
		t.Errorf("busy on %d, off %d; want one each", on, off)
	}
	v := view(m)
	for _, want := range []string{
		"cluster MkU3OEVBNTcwNTJENDM2Qk", "controller 2", "brokers 4",
		"kafka-1.internal:9092", "eu-west-1c", "[fe80::1]:9093",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "kafka-2.internal") != strings.Contains(l, "controller") && !strings.Contains(l, "cluster") {
			t.Errorf("controller mark on the wrong row: %q", l)
		}
	}
	if _, _, tick := uitest.Result[common.TickMsg](msgs); !tick {
		t.Error("no refresh scheduled after the load")
	}
	uitest.CheckFrame(t, v, 100, 20)
}

func TestFilter(t *testing.T) {
	m := newPane(t, &fakeDescriber{info: cluster()})
	loadPane(t, m)
	feed(t, m, uitest.Key("/"))
	if !m.InputFocused() {
		t.Fatal("/ did not focus the filter")
	}
	feed(t, m, uitest.Runes("1B")...)
	v := view(m)
	if !strings.Contains(v, "kafka-2.internal") || strings.Contains(v, "kafka-1.internal") {
		t.Fatalf("filter 1B (rack eu-west-1b, case-insensitive):\n%s", v)
	}
	feed(t, m, uitest.Key("enter"))
	if m.InputFocused() || m.Title() != "brokers [/1B]" || !m.HandlesEsc() {
		t.Fatalf("after enter: focused %v, title %q, handles esc %v", m.InputFocused(), m.Title(), m.HandlesEsc())
	}
	if !strings.Contains(view(m), "shown 1") {
		t.Errorf("summary does not count the shown rows:\n%s", view(m))
	}
	feed(t, m, uitest.Key("esc"))
	if m.HandlesEsc() || m.Title() != "brokers" || m.table.Len() != 4 {
		t.Fatalf("esc did not clear the filter: title %q, rows %d", m.Title(), m.table.Len())
	}
	// esc while typing clears too.
	feed(t, m, uitest.Key("/"))
	feed(t, m, uitest.Runes("nomatch")...)
	if !strings.Contains(view(m), "no broker matches the filter") {
		t.Errorf("no empty-filter text:\n%s", view(m))
	}
	feed(t, m, uitest.Key("esc"))
	if m.InputFocused() || m.table.Len() != 4 {
		t.Fatal("esc while typing did not clear the filter")
	}
}

func TestCursorStaysOnBrokerAcrossRefresh(t *testing.T) {
	f := &fakeDescriber{info: cluster()}
	m := newPane(t, f)
	loadPane(t, m)
	feed(t, m, uitest.Key("j"), uitest.Key("j")) // broker 3
	info := cluster()
	info.Brokers = info.Brokers[1:] // broker 1 left
	f.set(info, nil)
	msgs := feed(t, m, tickOf(m, m.Gen()))
	_, res, _ := uitest.Result[loadedMsg](msgs)
	feed(t, m, res)
	r, _ := m.table.Selected()
	if r.Cells[0].Text != "3" {
		t.Errorf("cursor on broker %s after refresh, want 3", r.Cells[0].Text)
	}
}

func TestStaleAndForeignResultsDropped(t *testing.T) {
	f := &fakeDescriber{info: cluster()}
	m := newPane(t, f)
	loadPane(t, m)
	other := cluster()
	other.Brokers = other.Brokers[:1]
	feed(t, m, common.Result{Origin: m.Origin(), Gen: m.Gen() - 1, Msg: loadedMsg{info: other}})
	feed(t, m, common.Result{Origin: m.Origin() + 1000, Gen: m.Gen(), Msg: loadedMsg{info: other}})
	if m.table.Len() != 4 {
		t.Fatalf("a stale or foreign result replaced the rows (%d rows)", m.table.Len())
	}
	if msgs := feed(t, m, tickOf(m, m.Gen()-1)); len(msgs) != 0 {
		t.Error("a stale tick started a load")
	}
	// ctrl+r starts a new generation: the load in flight is then stale.
	before := m.Gen()
	msgs := feed(t, m, uitest.Key("ctrl+r"))
	if m.Gen() != before+1 {
		t.Fatal("ctrl+r did not reload")
	}
	if _, _, ok := uitest.Result[loadedMsg](msgs); !ok {
		t.Fatal("ctrl+r did not load")
	}
}

func TestErrors(t *testing.T) {
	f := &fakeDescriber{err: errors.New("describe cluster: dial tcp 10.0.0.1:9092: i/o timeout")}
	m := newPane(t, f)
	msgs := loadPane(t, m)
	st, ok := uitest.Has[common.StatusMsg](msgs)
	if !ok || st.Kind != common.StatusError || !strings.Contains(st.Text, "i/o timeout") {
		t.Fatalf("error not reported: %v", msgs)
	}
	if !strings.Contains(view(m), "could not load brokers: describe cluster") {
		t.Errorf("body does not say why it is empty:\n%s", view(m))
	}
	// Recovery, then a failing refresh: the last result stays, said once.
	f.set(cluster(), nil)
	_, res, _ := uitest.Result[loadedMsg](feed(t, m, uitest.Key("ctrl+r")))
	feed(t, m, res)
	if strings.Contains(view(m), "could not load") {
		t.Fatalf("recovered load not shown:\n%s", view(m))
	}
	f.set(kafkaops.ClusterInfo{}, errors.New("describe cluster: connection refused"))
	refresh := func() []tea.Msg {
		msgs := feed(t, m, tickOf(m, m.Gen()))
		_, res, _ := uitest.Result[loadedMsg](msgs)
		return feed(t, m, res)
	}
	if _, ok := uitest.Has[common.StatusMsg](refresh()); !ok {
		t.Error("a new error was not reported")
	}
	if _, ok := uitest.Has[common.StatusMsg](refresh()); ok {
		t.Error("the same error was reported on every refresh")
	}
	v := view(m)
	if !strings.Contains(v, "kafka-1.internal") || !strings.Contains(v, "refresh failed") {
		t.Errorf("a failed refresh lost the rows or did not say so:\n%s", v)
	}
}

func TestCloseCancelsLoads(t *testing.T) {
	f := &fakeDescriber{info: cluster()}
	m := newPane(t, f)
	cmd := m.Init()
	m.Close()
	msgs := uitest.RunCmd(t, cmd)
	res, _, ok := uitest.Result[loadedMsg](msgs)
	if !ok || !errors.Is(res.err, context.Canceled) {
		t.Fatalf("load after Close: %+v", res)
	}
	if _, ok := uitest.Has[common.BusyMsg](msgs); !ok {
		t.Error("busy not switched off by the load itself")
	}
}

func TestHostileNamesEscaped(t *testing.T) {
	info := cluster()
	info.Brokers[0].Host = "evil\x1b]0;pwned\x07host"
	info.Brokers[0].Rack = "rack\u202e1"
	m := newPane(t, &fakeDescriber{info: info})
	loadPane(t, m)
	raw := m.View()
	if strings.Contains(raw, "\x1b]0;") || strings.Contains(raw, "\u202e") {
		t.Fatalf("terminal control from broker metadata reached the view: %q", raw)
	}
}

func TestHelpFollowsMode(t *testing.T) {
	m := newPane(t, &fakeDescriber{info: cluster()})
	loadPane(t, m)
	help := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			s = append(s, b.Help().Key+" "+b.Help().Desc)
		}
		return strings.Join(s, ", ")
	}
	if h := help(); !strings.Contains(h, "/ filter") || strings.Contains(h, "clear filter") {
		t.Errorf("list help %q", h)
	}
	feed(t, m, uitest.Key("/"))
	if h := help(); !strings.Contains(h, "enter apply filter") {
		t.Errorf("typing help %q", h)
	}
	feed(t, m, uitest.Key("x"), uitest.Key("enter"))
	if h := help(); !strings.Contains(h, "esc clear filter") {
		t.Errorf("filtered help %q", h)
	}
}
