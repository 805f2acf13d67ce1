package groups

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/groupfake"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// tableLines is the table's header and rows: the view down to the first
// empty line.
func tableLines(view string) []string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			return lines[:i]
		}
	}
	return lines
}

// TestNamesWholeAt80 is defect 7 in the groups list: at 80 columns it cut
// "clickstream" to "clickstr…" (and the state "PreparingRebalance") while
// the trend kept its ten cells. The trend gives way first; the names fit.
// At 120 there is room for the trend again.
func TestNamesWholeAt80(t *testing.T) {
	m := refreshed(t, &groupfake.Fake{}, 4)
	m.SetSize(80, 24)
	rows := tableLines(m.View())
	if len(rows) != 8 {
		t.Fatalf("%d table lines in\n%s", len(rows), ansi.Strip(m.View()))
	}
	if strings.Contains(rows[0], "TREND") {
		t.Errorf("at 80 the trend should be left out: %q", rows[0])
	}
	for _, r := range rows[1:] {
		if strings.Contains(r, "…") {
			t.Errorf("at 80 a name is cut: %q", r)
		}
	}
	for i, want := range []string{"analytics", "clickstream", "PreparingRebalance", "warehouse-loader", "14,970"} {
		if !strings.Contains(strings.Join(rows, "\n"), " "+want+" ") {
			t.Errorf("at 80 %q (%d) is not whole:\n%s", want, i, strings.Join(rows, "\n"))
		}
	}
	m.SetSize(120, 36)
	rows = tableLines(m.View())
	if !strings.Contains(rows[0], "TREND") || !strings.Contains(rows[1], "▁▃▆█") {
		t.Errorf("at 120 the trend has room: %q / %q", rows[0], rows[1])
	}
}

// TestLongNameGivesWayFirst: when a group id is too long for the width,
// it is the name that is cut, the widest column first, never the lag or
// the short topic beside it, and never down to a cell.
func TestLongNameGivesWayFirst(t *testing.T) {
	long := "com.example.payments.settlement-consumer-v2-eu-west"
	f := &groupfake.Fake{Groups: []kafkaops.GroupSummary{
		{ID: long, State: "Stable", ProtocolType: "consumer", Members: 1},
	}}
	f.SetLag(long, "orders", []int64{10}, []int64{123456})
	m := New(newCommon(false), f)
	m.SetSize(80, 24)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	rows := tableLines(m.View())
	if len(rows) != 2 {
		t.Fatalf("%d table lines in\n%s", len(rows), ansi.Strip(m.View()))
	}
	r := rows[1]
	for _, want := range []string{" com.example.payments.", "… ", " Stable ", " orders ", " 123,446 "} {
		if !strings.Contains(r, want) {
			t.Errorf("at 80 %q missing from %q", want, r)
		}
	}
	m.SetSize(120, 36)
	if r := tableLines(m.View())[1]; !strings.Contains(r, " "+long+" ") {
		t.Errorf("at 120 the long id should be whole: %q", r)
	}
}

// TestFittedWidthIsTheEscapedText: a state with an escape sequence is
// measured as the table shows it, escaped, so it is not cut to the width
// of its printable letters (ansi.StringWidth counts an escape as nothing),
// but only up to Kafka's longest state: beyond, it is cut, and the group
// id beside it keeps its room.
func TestFittedWidthIsTheEscapedText(t *testing.T) {
	state := "Stable\x1b]2;PWNED\x07"
	f := &groupfake.Fake{Groups: []kafkaops.GroupSummary{
		{ID: "g", State: state, ProtocolType: "consumer", Members: 1},
	}}
	f.SetLag("g", "orders", []int64{10}, []int64{20})
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	if r := tableLines(m.View())[1]; !strings.Contains(r, ` Stable\x1b]2;PWNED… `) {
		t.Errorf("the state is cut: %q", r)
	}
}

// TestBigLagWhole: a lag in the billions is shown whole at 80 columns
// ("97,530,8…" in the fixed 8-cell column before), the name gives way.
func TestBigLagWhole(t *testing.T) {
	f := &groupfake.Fake{Groups: []kafkaops.GroupSummary{
		{ID: "settlement-consumer", State: "Stable", ProtocolType: "consumer", Members: 1},
	}}
	f.SetLag("settlement-consumer", "orders", []int64{1_234_567_890}, []int64{98_765_432_100})
	m := New(newCommon(false), f)
	m.SetSize(80, 24)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	rows := tableLines(m.View())
	if len(rows) != 2 || !strings.Contains(rows[1], " 97,530,864,210 ") {
		t.Errorf("the lag is not whole:\n%s", strings.Join(rows, "\n"))
	}
}

// TestDetailWrapsAt80 is defect 5 in the groups list: at 80 columns the
// selected group's reason lost its end ("no consumer in…"). It wraps
// onto a second line under itself, the table giving up a row for it, and
// the table has the row back when the next group's reason fits on one.
func TestDetailWrapsAt80(t *testing.T) {
	m := refreshed(t, &groupfake.Fake{}, 4)
	m.SetSize(80, 24)
	press(t, m, "j") // billing-replay
	v := ansi.Strip(m.View())
	uitest.CheckFrame(t, m.View(), 80, 24)
	lines := strings.Split(v, "\n")
	detail := strings.Join(strings.Fields(strings.Join(lines[len(lines)-3:len(lines)-1], " ")), " ")
	want := "billing-replay STOP payments/0: no commit for 4 refreshes and no consumer in the group, lag 4,990"
	if detail != want {
		t.Errorf("the reason is not whole at 80:\n got %q\nwant %q\n%s", detail, want, v)
	}
	if strings.Contains(v, "…") {
		t.Errorf("something is cut at 80:\n%s", v)
	}
	if h := m.table.Height(); h != 24-3 {
		t.Errorf("table height %d with a two-line reason, want %d", h, 24-3)
	}
	press(t, m, "j", "j") // order-service: OK, one line
	if n := len(m.detail); n != 1 {
		t.Errorf("order-service's detail is %d lines: %q", n, m.detail)
	}
	// The table holds still as the cursor moves: it keeps the row it gave
	// up, rather than scroll under the cursor at every two-line reason.
	if h := m.table.Height(); h != 24-3 {
		t.Errorf("table height %d after moving to a one-line reason, want %d as before", h, 24-3)
	}
	uitest.CheckFrame(t, m.View(), 80, 24)
	m.SetSize(120, 36) // at a new size, the reasons wrap anew
	if h := m.table.Height(); h != 36-2 {
		t.Errorf("table height %d at 120x36 with a one-line reason, want %d", h, 36-2)
	}
}
