package partitions

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestLoadsPartitionsAndSummary(t *testing.T) {
	f := &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}
	m := New(newCommon(), f, "orders")
	m.SetSize(100, 30)
	first := collect(t, m.Init())
	if b, ok := find[common.BusyMsg](first); !ok || !b.Busy {
		t.Errorf("Init should turn the spinner on: %v", first)
	}
	var out []any
	for _, msg := range first {
		for _, o := range send(t, m, msg) {
			out = append(out, o)
		}
	}
	if f.describes != 1 || f.configReqs != 1 {
		t.Errorf("describes %d, config requests %d", f.describes, f.configReqs)
	}
	s := m.p.sum
	if s.partitions != 4 || s.messages != 1500+90_000+1_234_567 || s.underReplicated != 2 || s.offline != 1 || s.errors != 1 {
		t.Errorf("summary %+v", s)
	}
	v := m.View()
	checkSize(t, v, 100, 30)
	for _, want := range []string{"4 partitions", "1,326,067 offsets", "1,001,234,567", "2 under-replicated", "1 offline", "1 with errors", "leader not availa", "updated 15:09:26"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if m.Title() != "orders / partitions" {
		t.Errorf("title %q", m.Title())
	}
}

func TestOutOfSyncReplicasHighlighted(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	rows := m.parts.Rows()
	if c := rows[0].Cells[pcReplicas]; c.Spans != nil || c.Text != "1,2,3" || rows[0].Cells[pcISR].Hint != table.HintNone {
		t.Errorf("in-sync partition 0 is highlighted: %+v", c)
	}
	// Partition 1: replica 3 is not in the ISR.
	c := rows[1].Cells[pcReplicas]
	want := []table.Span{{Text: "2"}, {Text: ","}, {Text: "3", Hint: table.HintWarning}, {Text: ","}, {Text: "1"}}
	if fmt.Sprint(c.Spans) != fmt.Sprint(want) {
		t.Errorf("partition 1 replicas %+v, want %+v", c.Spans, want)
	}
	if rows[1].Cells[pcISR].Hint != table.HintWarning || rows[1].Cells[pcISR].Text != "2,1" {
		t.Errorf("partition 1 ISR %+v", rows[1].Cells[pcISR])
	}
	// Partition 2: offline, replica 3 offline (error), leader none.
	if rows[2].Cells[pcLeader].Text != "none" || rows[2].Cells[pcLeader].Hint != table.HintError {
		t.Errorf("offline leader %+v", rows[2].Cells[pcLeader])
	}
	if sp := rows[2].Cells[pcReplicas].Spans; sp[0].Hint != table.HintError || sp[2].Hint != table.HintWarning {
		t.Errorf("offline replica should be an error, out of sync a warning: %+v", sp)
	}
	if isr := rows[2].Cells[pcISR]; isr.Text != "none" || isr.Hint != table.HintError {
		t.Errorf("empty ISR %+v", isr)
	}
	if rows[2].Cells[pcLow].Text != "?" || rows[2].Cells[pcError].Hint != table.HintError {
		t.Errorf("unknown watermarks / error cell: %+v", rows[2].Cells)
	}
	if cols := m.parts.Columns(); cols[len(cols)-1].Title != "ERROR" {
		t.Errorf("an ERROR column should appear when a partition has one")
	}
	// The error goes away: so does the column.
	f := &fakeDescriber{detail: sampleDetail()}
	f.detail.Partitions = f.detail.Partitions[:2]
	m.b = f
	send(t, m, tickOf(m))
	if cols := m.parts.Columns(); cols[len(cols)-1].Title == "ERROR" {
		t.Errorf("ERROR column stayed without errors")
	}
}

func TestConfigsTab(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	press(t, m, "tab")
	if m.tab != tabConfigs || m.Title() != "orders / configs" {
		t.Fatalf("tab: tab %d title %q", m.tab, m.Title())
	}
	var order []string
	for _, r := range m.cfgs.Rows() {
		order = append(order, r.Cells[0].Text)
	}
	want := "min.insync.replicas retention.ms sasl.secret.thing cleanup.policy compression.type"
	if strings.Join(order, " ") != want {
		t.Errorf("order %v, want non-default first, then defaults, each by name", order)
	}
	rows := m.cfgs.Rows()
	if rows[0].Hint != table.HintNone || rows[3].Hint != table.HintMuted {
		t.Errorf("defaults should be muted, set values not: %d %d", rows[0].Hint, rows[3].Hint)
	}
	if rows[2].Cells[1].Text != masked {
		t.Errorf("sensitive value shown as %q", rows[2].Cells[1].Text)
	}
	v := m.View()
	for _, s := range []string{"5 configs · 3 set", "86400000", "topic", "broker file", "default"} {
		if !strings.Contains(v, s) {
			t.Errorf("configs view lacks %q:\n%s", s, v)
		}
	}
	press(t, m, "tab")
	if m.tab != tabPartitions {
		t.Errorf("second tab should go back to partitions")
	}
}

func TestEscGoesBackOrClearsFilter(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	press(t, m, "tab", "/", "RETEN")
	if m.cfgs.Len() != 1 || m.Title() != "orders / configs [/RETEN]" || !m.InputFocused() {
		t.Fatalf("filter: %d rows, title %q", m.cfgs.Len(), m.Title())
	}
	press(t, m, "enter")
	if m.InputFocused() || !m.HandlesEsc() {
		t.Errorf("enter keeps the filter, esc is then the pane's")
	}
	out := press(t, m, "esc")
	if _, ok := find[common.BackMsg](out); ok || m.filter.Active() || m.cfgs.Len() != 5 {
		t.Errorf("esc with a filter should clear it, not go back: %v", out)
	}
	out = press(t, m, "esc")
	if _, ok := find[common.BackMsg](out); !ok {
		t.Errorf("esc without a filter should send BackMsg, got %v", out)
	}
	// Switching tabs drops a filter meant for the other table.
	press(t, m, "/", "1", "enter", "tab")
	if m.filter.Active() || m.parts.Len() != 4 {
		t.Errorf("tab kept the filter: %v rows %d", m.filter.Value(), m.parts.Len())
	}
}

func TestRefreshKeepsCursorAndDropsStale(t *testing.T) {
	f := &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}
	m := loaded(t, f)
	press(t, m, "j", "j") // partition 2
	oldGen := m.Gen()
	_, slow := m.Update(tickOf(m))
	slowMsgs := collect(t, slow)
	// Partitions were added in front (ids stay): the cursor follows id 2.
	f.detail.Partitions = append([]kafkaops.PartitionInfo{}, f.detail.Partitions...)
	press(t, m, "ctrl+r")
	if got := m.p.idAt(m.parts.Cursor()); got != "2" {
		t.Errorf("cursor on partition %q after refresh", got)
	}
	_, raw, _ := uitest.Result[describedMsg](slowMsgs)
	stale := raw.(common.Result)
	stale.Msg = describedMsg{detail: kafkaops.TopicDetail{Name: "orders"}}
	out := send(t, m, stale)
	if m.parts.Len() != 4 {
		t.Errorf("a stale answer replaced the partitions")
	}
	if ticks(out) != 0 {
		t.Errorf("a stale answer scheduled a refresh")
	}
	n := f.describes
	send(t, m, tickAt(m, oldGen))
	if f.describes != n {
		t.Errorf("an old tick started a load")
	}
}

func TestTickOnlyAfterBothAnswers(t *testing.T) {
	m := New(newCommon(), &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}, "orders")
	m.SetSize(100, 30)
	msgs := collect(t, m.Init())
	// Each load has its spinner, on while it runs: the first answer does
	// not stop the other's.
	on, off := map[string]int{}, map[string]int{}
	for _, msg := range msgs {
		if b, ok := msg.(common.BusyMsg); ok && b.Busy {
			on[b.Owner]++
		} else if ok {
			off[b.Owner]++
		}
	}
	if len(on) != 2 || len(off) != 2 {
		t.Errorf("want two spinner owners, each on then off: on %v, off %v", on, off)
	}
	_, dm, _ := uitest.Result[describedMsg](msgs)
	_, cm, _ := uitest.Result[configsMsg](msgs)
	d, c := send(t, m, dm), send(t, m, cm)
	if ticks(d) != 0 || ticks(c) != 1 {
		t.Errorf("one refresh after both answers: %v / %v", d, c)
	}
}

func TestErrors(t *testing.T) {
	f := &fakeDescriber{detailErr: fmt.Errorf("describe topic %q: %w", "orders", kafkaops.ErrTopicNotFound), configsErr: errors.New("describe configs: topic authorization failed")}
	m := New(newCommon(), f, "orders")
	m.SetSize(100, 30)
	var out []any
	for _, msg := range collect(t, m.Init()) {
		for _, o := range send(t, m, msg) {
			out = append(out, o)
		}
	}
	if n := countOf[common.StatusMsg](toMsgs(out)); n != 2 {
		t.Errorf("%d status messages, want one per failed request", n)
	}
	v := m.View()
	if !strings.Contains(v, "Could not describe topic orders") || !strings.Contains(v, "topic does not exist") || !strings.Contains(v, "ctrl+r") {
		t.Errorf("error view:\n%s", v)
	}
	press(t, m, "tab")
	if v := m.View(); !strings.Contains(v, "topic authorization failed") {
		t.Errorf("configs error view:\n%s", v)
	}
	// The same configs error again is not repeated in the status line.
	out2 := send(t, m, tickOf(m))
	var texts []string
	for _, o := range out2 {
		if s, ok := o.(common.StatusMsg); ok {
			texts = append(texts, s.Text)
		}
	}
	if len(texts) != 1 || !strings.Contains(texts[0], "does not exist") {
		t.Errorf("status after a repeated failure: %v", texts)
	}
	// Recovery.
	f.detailErr, f.configsErr = nil, nil
	f.detail, f.configs = sampleDetail(), sampleConfigs()
	press(t, m, "ctrl+r")
	if strings.Contains(m.View(), "authorization") || m.cfgs.Len() != 5 {
		t.Errorf("after recovery:\n%s", m.View())
	}
}

func TestClosedPaneStopsRefreshing(t *testing.T) {
	f := &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}
	m := loaded(t, f)
	m.Close()
	send(t, m, tickOf(m))
	if f.describes != 1 {
		t.Errorf("a closed pane loaded again")
	}
}

func TestGoldenViews(t *testing.T) {
	many := sampleDetail()
	for i := int32(4); i < 40; i++ {
		many.Partitions = append(many.Partitions, kafkaops.PartitionInfo{ID: i, Leader: 1001 + i%3, Replicas: []int32{1001 + i%3, 1001 + (i+1)%3, 1001 + (i+2)%3},
			ISR: []int32{1001 + i%3, 1001 + (i+1)%3, 1001 + (i+2)%3}, LowWatermark: int64(i) * 10, HighWatermark: int64(i) * 1000})
	}
	scenes := []struct {
		name string
		f    func() *fakeDescriber
		keys []string
	}{
		{"partitions", func() *fakeDescriber { return &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()} }, []string{"j"}},
		{"scrolled", func() *fakeDescriber { return &fakeDescriber{detail: many, configs: sampleConfigs()} }, []string{"G"}},
		{"configs", func() *fakeDescriber { return &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()} }, []string{"tab"}},
		{"filter", func() *fakeDescriber { return &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()} }, []string{"tab", "/", "ret"}},
		{"error", func() *fakeDescriber {
			return &fakeDescriber{detailErr: errors.New(`describe topic "orders": topic does not exist`), configs: sampleConfigs()}
		}, nil},
	}
	for _, sz := range []struct{ w, h int }{{100, 30}, {80, 24}} {
		for _, sc := range scenes {
			name := fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m := loaded(t, sc.f())
				m.SetSize(sz.w, sz.h)
				press(t, m, sc.keys...)
				m.c.Refresh = 5 * time.Second
				v := m.View()
				checkSize(t, v, sz.w, sz.h)
				golden(t, name, v)
			})
		}
	}
}

func TestTopicDeletedWhileShown(t *testing.T) {
	f := &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}
	m := loaded(t, f)
	f.detailErr = fmt.Errorf("describe topic %q: %w", "orders", kafkaops.ErrTopicNotFound)
	out := send(t, m, tickOf(m))
	if _, ok := find[common.StatusMsg](out); !ok {
		t.Errorf("no status for the vanished topic")
	}
	if m.parts.Len() != 0 || !strings.Contains(m.View(), "this topic no longer exists") {
		t.Errorf("old partitions still shown:\n%s", m.View())
	}
}
