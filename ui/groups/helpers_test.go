package groups

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/groupfake"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func newCommon(readOnly bool) *common.Common {
	c := common.NewCommon(themes.Dark())
	c.Now = func() time.Time { return fixedNow }
	c.Refresh = time.Nanosecond
	c.ReadOnly = readOnly
	if readOnly {
		c.Keys.SetReadOnly() // as the root does
	}
	return c
}

// send delivers msg, runs the Cmds that come back and feeds the pane its
// own results (not its ticks) until it is quiet; the rest is returned.
func send(t testing.TB, m *Model, msg tea.Msg) []tea.Msg {
	queue := []tea.Msg{msg}
	var out []tea.Msg
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(next)
		if cmd == nil {
			continue
		}
		for _, r := range uitest.RunCmd(t, cmd) {
			if res, ok := r.(common.Result); ok {
				if _, tick := res.Msg.(common.TickMsg); !tick {
					queue = append(queue, r)
					continue
				}
			}
			out = append(out, r)
		}
	}
	return out
}

func press(t testing.TB, m *Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		if k == "enter" || k == "esc" || k == "ctrl+r" || k == "down" || k == "up" || k == "backspace" {
			out = append(out, send(t, m, uitest.Key(k))...)
			continue
		}
		for _, r := range uitest.Runes(k) {
			out = append(out, send(t, m, r)...)
		}
	}
	return out
}

// sampleCluster is seven groups, one of each health, after step refreshes
// (0-based): lags move with step so that histories build up.
func sampleCluster(f *groupfake.Fake, step int64) {
	f.Groups = []kafkaops.GroupSummary{
		{ID: "analytics", State: "Stable", ProtocolType: "consumer", Members: 2},
		{ID: "billing-replay", State: "Empty", ProtocolType: "consumer"},
		{ID: "fraud-detector", State: "Stable", ProtocolType: "consumer", Members: 4},
		{ID: "order-service", State: "Stable", ProtocolType: "consumer", Members: 3},
		{ID: "replayer", State: "PreparingRebalance", ProtocolType: "consumer", Members: 1},
		{ID: "reporting", State: "Empty", ProtocolType: "consumer"},
		{ID: "warehouse-loader", State: "Empty", ProtocolType: "consumer"},
	}
	f.SetLag("analytics", "clickstream", []int64{100 + 50*step, 200 + 50*step}, []int64{300 + 120*step, 400 + 120*step})
	// warehouse-loader's commit on clickstream/1 fell below the log start.
	f.SetLagStart("warehouse-loader", "clickstream", []int64{2960, 500}, []int64{1704, 1704}, []int64{3000, 3000})
	f.SetLag("billing-replay", "payments", []int64{10, 10, 10}, []int64{5000, 5000, 5000})
	f.SetLag("fraud-detector", "payments", []int64{500}, []int64{1704})
	f.SetLag("order-service", "orders", []int64{1000 + step, 2000 + step}, []int64{1000 + step, 2000 + step})
	rewind := []int64{900, 900, 100, 150}[step]
	f.SetLag("replayer", "orders", []int64{rewind}, []int64{1000})
}

// refreshed returns the pane after steps refreshes of sampleCluster.
func refreshed(t *testing.T, f *groupfake.Fake, steps int) *Model {
	t.Helper()
	sampleCluster(f, 0)
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	for s := 1; s < steps; s++ {
		sampleCluster(f, int64(s))
		press(t, m, "ctrl+r")
	}
	if !m.loaded {
		t.Fatalf("not loaded: %v", m.loadErr)
	}
	return m
}

func golden(t *testing.T, name, view string) {
	t.Helper()
	uitest.Golden(t, name, ansi.Strip(view))
}
