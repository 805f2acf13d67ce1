package groupview

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

var special = map[string]bool{"enter": true, "esc": true, "tab": true, "ctrl+r": true, "down": true, "up": true, "backspace": true}

func press(t testing.TB, m *Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		if special[k] {
			out = append(out, send(t, m, uitest.Key(k))...)
			continue
		}
		for _, r := range uitest.Runes(k) {
			out = append(out, send(t, m, r)...)
		}
	}
	return out
}

func lagRow(topic string, p int32, committed, end int64, member string) kafkaops.PartitionLag {
	return kafkaops.PartitionLag{Topic: topic, Partition: p, Committed: committed, HasCommit: committed >= 0, LogEnd: end, Lag: max(0, end-committed), MemberID: member}
}

// sampleFake holds analytics (three members, one idle, lagging; member
// ids as Kafka makes them, the client id and a UUID) and
// billing-replay (Empty, far behind), as the demo cluster does.
func sampleFake() *groupfake.Fake {
	return &groupfake.Fake{
		Details: map[string]kafkaops.GroupDetail{
			"analytics": {
				ID: "analytics", State: "Stable", ProtocolType: "consumer", Protocol: "range", Coordinator: 1,
				Members: []kafkaops.GroupMember{
					{ID: "analytics-1-5f0c2a9e-1b7d-4c55-9a0e-3f2b1c4d5e6f", ClientID: "analytics-1", Host: "10.0.0.7", Assigned: []kafkaops.TopicPartition{{Topic: "clickstream", Partition: 0}, {Topic: "clickstream", Partition: 1}}},
					{ID: "analytics-2-9a1e77c0-52d4-4e8b-b1f3-0c9d8e7f6a5b", ClientID: "analytics-2", Host: "10.0.0.8", Assigned: []kafkaops.TopicPartition{{Topic: "clickstream", Partition: 2}}},
					{ID: "analytics-3-c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", ClientID: "analytics-3", Host: "10.0.0.9", Assigned: []kafkaops.TopicPartition{}},
				},
				Offsets: []kafkaops.PartitionLag{
					lagRow("clickstream", 0, 100, 1300, "analytics-1-5f0c2a9e-1b7d-4c55-9a0e-3f2b1c4d5e6f"),
					lagRow("clickstream", 1, 500, 500, "analytics-1-5f0c2a9e-1b7d-4c55-9a0e-3f2b1c4d5e6f"),
					lagRow("clickstream", 2, 40, 90, "analytics-2-9a1e77c0-52d4-4e8b-b1f3-0c9d8e7f6a5b"),
					{Topic: "orders", Partition: 0, Committed: -1, LogEnd: 77, LogStart: 0},
				},
				TotalLag: 1250,
			},
			"billing-replay": {
				ID: "billing-replay", State: "Empty", ProtocolType: "consumer", Coordinator: 2,
				Members: []kafkaops.GroupMember{},
				Offsets: []kafkaops.PartitionLag{
					lagRow("payments", 0, 10, 5000, ""),
					lagRow("payments", 1, 10, 5000, ""),
					lagRow("payments", 2, 10, 5000, ""),
				},
				TotalLag: 14970,
			},
			// replay-all committed on two topics, and is assigned none of
			// sensor-readings: a reset of all its topics.
			"replay-all": {
				ID: "replay-all", State: "Empty", ProtocolType: "consumer", Coordinator: 1,
				Members: []kafkaops.GroupMember{},
				Offsets: []kafkaops.PartitionLag{
					lagRow("orders", 0, 40, 77, ""),
					lagRow("orders", 1, 12, 80, ""),
					lagRow("payments", 0, 10, 5000, ""),
					lagRow("payments", 1, 4990, 5000, ""),
					lagRow("payments", 2, 5000, 5000, ""),
					{Topic: "sensor-readings", Partition: 0, Committed: -1, LogEnd: 900},
				},
				TotalLag: 37 + 68 + 4990 + 10,
			},
			// archiver committed on clickstream/3 long ago; retention has
			// since moved the log start past its commit.
			"archiver": {
				ID: "archiver", State: "Empty", ProtocolType: "consumer", Coordinator: 1,
				Members: []kafkaops.GroupMember{},
				Offsets: []kafkaops.PartitionLag{
					{Topic: "clickstream", Partition: 3, Committed: 500, HasCommit: true, LogStart: 1704, LogEnd: 3000, Lag: 2500, Expired: 1204},
					{Topic: "clickstream", Partition: 4, Committed: 2960, HasCommit: true, LogStart: 1704, LogEnd: 3000, Lag: 40},
				},
				TotalLag: 2540, TotalExpired: 1204,
			},
		},
		Times: map[kafkaops.TopicPartition]time.Time{
			{Topic: "clickstream", Partition: 0}: fixedNow.Add(-2*time.Minute - 13*time.Second),
			{Topic: "clickstream", Partition: 2}: fixedNow.Add(-4 * time.Second),
			{Topic: "payments", Partition: 0}:    fixedNow.Add(-26 * time.Hour),
			{Topic: "payments", Partition: 1}:    fixedNow.Add(-3*time.Hour - 7*time.Minute),
		},
	}
}

// opened returns the view of group after refreshes loads, the committed
// offsets of analytics moving and its log end growing each time.
func opened(t *testing.T, f *groupfake.Fake, group string, readOnly bool, refreshes int) *Model {
	t.Helper()
	m := New(newCommon(readOnly), f, group)
	m.SetSize(100, 30)
	for i := range refreshes {
		if i > 0 && group == "analytics" { // billing-replay stands still
			d := f.Details[group]
			d.Offsets = append([]kafkaops.PartitionLag(nil), d.Offsets...)
			d.TotalLag = 0
			for j := range d.Offsets {
				if o := &d.Offsets[j]; o.HasCommit && o.Lag > 0 {
					o.Committed += 10
					o.LogEnd += 40
					o.Lag = o.LogEnd - o.Committed
				}
				d.TotalLag += d.Offsets[j].Lag
			}
			f.Details[group] = d
		}
		if i == 0 {
			for _, msg := range uitest.RunCmd(t, m.Init()) {
				send(t, m, msg)
			}
		} else {
			press(t, m, "ctrl+r")
		}
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
