package groupview

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

var goldenSizes = []struct{ w, h int }{{100, 30}, {80, 24}}

// wideSizes are the further sizes of the tables' goldens: the columns give
// way by importance at 80, and use the room at 120 and 200.
var wideSizes = []struct{ w, h int }{{120, 36}, {200, 50}}

func TestGoldenViews(t *testing.T) {
	scenes := []struct {
		name, group string
		run         func(t *testing.T, m *Model)
	}{
		{"lag", "analytics", func(t *testing.T, m *Model) {}},
		{"members", "analytics", func(t *testing.T, m *Model) { press(t, m, "tab") }},
		{"reset_refused", "analytics", func(t *testing.T, m *Model) { press(t, m, "R") }},
		{"stop", "billing-replay", func(t *testing.T, m *Model) {}},
		{"reset_preview", "billing-replay", func(t *testing.T, m *Model) { press(t, m, "R", "enter") }},
		{"delete_group", "billing-replay", func(t *testing.T, m *Model) { press(t, m, "D", "billing") }},
		{"expired", "archiver", func(t *testing.T, m *Model) {}},
		{"reset_errors", "billing-replay", func(t *testing.T, m *Model) {
			press(t, m, "R", "tab", "1-x", "tab", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "offset:x", "enter")
		}},
		{"reset_preview_all", "replay-all", func(t *testing.T, m *Model) {
			press(t, m, "R", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "*", "enter")
		}},
	}
	for _, sz := range goldenSizes {
		for _, sc := range scenes {
			name := fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m := opened(t, sampleFake(), sc.group, false, 4)
				m.SetSize(sz.w, sz.h)
				sc.run(t, m)
				v := m.View()
				uitest.CheckFrame(t, v, sz.w, sz.h)
				golden(t, name, v)
			})
		}
	}
	for _, sz := range wideSizes {
		for _, sc := range scenes {
			if sc.name != "lag" && sc.name != "members" && sc.name != "expired" {
				continue
			}
			name := fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m := opened(t, sampleFake(), sc.group, false, 4)
				m.SetSize(sz.w, sz.h)
				sc.run(t, m)
				v := m.View()
				uitest.CheckFrame(t, v, sz.w, sz.h)
				golden(t, name, v)
			})
		}
	}
}

// TestNamesWholeAt80 is defect 7: at 80 columns the lag table cut
// "clickstream" and "analytics-1" while its trend column kept empty
// cells, and the members table cut client ids and hosts while its
// assignment column had room to spare. The trend goes first, then the
// member id (the widest), and the names people know a consumer by stay.
func TestNamesWholeAt80(t *testing.T) {
	for _, group := range []string{"analytics", "archiver"} {
		m := opened(t, sampleFake(), group, false, 4)
		m.SetSize(80, 24)
		rows := tableRows(m)
		if len(rows) < 2 {
			t.Fatalf("%s: no rows in\n%s", group, ansi.Strip(m.View()))
		}
		for _, r := range rows[1:] {
			if strings.Contains(r, "…") || strings.HasPrefix(r, " c") && !strings.HasPrefix(r, " clickstream ") {
				t.Errorf("%s at 80: a name is cut: %q", group, r)
			}
		}
		if group == "analytics" {
			if !strings.Contains(rows[1], " analytics-1 ") || strings.Contains(rows[0], "TREND") {
				t.Errorf("at 80 the owner should be whole and the trend left out:\n%q\n%q", rows[0], rows[1])
			}
			m.SetSize(120, 36)
			if r := tableRows(m); !strings.Contains(r[0], "TREND") || !strings.Contains(r[1], "▁▃▆█") {
				t.Errorf("at 120 the trend has room: %q / %q", r[0], r[1])
			}
		}
	}
	m := opened(t, sampleFake(), "analytics", false, 4)
	m.SetSize(80, 24)
	press(t, m, "tab")
	rows := tableRows(m)
	for i, want := range []string{" analytics-1 ", " 10.0.0.7 ", " clickstream[0-1] "} {
		if !strings.Contains(rows[1], want) {
			t.Errorf("members at 80: %q not whole (%d) in %q", want, i, rows[1])
		}
	}
	if !strings.Contains(rows[1], "analytics-1-5f0c") || !strings.Contains(rows[1], "…") {
		t.Errorf("members at 80: the member id should be the one cut: %q", rows[1])
	}
}

// tableRows is the table's lines of a group view: header and rows, below
// the view's header lines, down to the first empty line.
func tableRows(m *Model) []string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")[m.headerHeight():]
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			return lines[:i]
		}
	}
	return lines
}

func TestLagTableAndHeader(t *testing.T) {
	m := opened(t, sampleFake(), "analytics", false, 4)
	rows := m.lag.Rows()
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	cells := func(i int) []string {
		var out []string
		for _, c := range rows[i].Cells {
			out = append(out, c.Text)
		}
		return out
	}
	// clickstream/0 moved 10 and grew 40 per refresh: WARN, 2m13s behind.
	if got := strings.Join(cells(0)[:8], "|"); got != "clickstream|0|130|1,420|1,290|2m13s|analytics-1|WARN" {
		t.Errorf("row 0: %s", got)
	}
	if got := strings.Join(cells(1)[:8], "|"); got != "clickstream|1|500|500|0|-|analytics-1|OK" {
		t.Errorf("row 1: %s", got)
	}
	if got := strings.Join(cells(3)[:8], "|"); got != "orders|0|none|77|-|-|-|-" {
		t.Errorf("row without commit: %s", got)
	}
	if got := []rune(cells(0)[8]); len(got) != trendWidth || string(got[trendWidth-4:]) != "▁▃▆█" {
		t.Errorf("trend %q", cells(0)[8])
	}
	if len(m.lag.Columns()) != len(lagColumns) {
		t.Errorf("EXPIRED column shown for a group that lost nothing")
	}
	head := strings.Join(m.header, "\n")
	for _, want := range []string{"Stable", "3 members", "(1 idle)", "total lag 1,430", "worst clickstream/0 1,290 (2m13s behind)",
		"health WARN  clickstream/0: committing, but lag grew over 4 refreshes, from 1,200 to 1,290"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
	if idleCell := m.members.Rows()[2].Cells[3].Text; idleCell != "idle: no partitions" {
		t.Errorf("idle member: %q", idleCell)
	}
	if got := m.members.Rows()[0].Cells[3].Text; got != "clickstream[0-1]" {
		t.Errorf("assignment %q", got)
	}
}

// TestExpiredCommits opens a group whose commit on one partition fell
// below the log start: the row says how much of its lag is gone, the
// header sums it, and health is EXPIRED from the first refresh with the
// partition and the offsets in the reason.
func TestExpiredCommits(t *testing.T) {
	m := opened(t, sampleFake(), "archiver", false, 1)
	rows := m.lag.Rows()
	var got []string
	for _, r := range rows {
		got = append(got, r.Cells[4].Text+"|"+r.Cells[5].Text+"|"+r.Cells[8].Text)
	}
	if want := "2,500|1,204|EXPIRED 40|-|-"; strings.Join(got, " ") != want {
		t.Errorf("lag|expired|status: %q, want %q", strings.Join(got, " "), want)
	}
	head := strings.Join(m.header, "\n")
	for _, want := range []string{"total lag 2,540 (1,204 expired unread)",
		"health EXPIRED  clickstream/3: 1,204 records expired unread (commit 500 < log start 1,704)"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
}

func TestResetPreviewThenWrite(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "billing-replay", false, 1)
	press(t, m, "R")
	if m.mode != modeResetForm || m.form.refusal != "" {
		t.Fatalf("mode %d refusal %q", m.mode, m.form.refusal)
	}
	// Type a target: the default "earliest" is replaced by "latest".
	press(t, m, "tab", "tab")
	for range len("earliest") {
		press(t, m, "backspace")
	}
	press(t, m, "latest", "enter")
	plans, executed, _, _ := f.Snapshot()
	if len(plans) < 1 || plans[0].Topic != "payments" || plans[0].To.Kind != kafkaops.ResetLatest || plans[0].Partitions != nil || len(executed) != 0 {
		t.Fatalf("plans %+v executed %+v", plans, executed)
	}
	if m.mode != modePreview || len(m.preview.plan.Rows) != 3 || m.preview.after != 0 || m.preview.before != 14970 {
		t.Fatalf("preview: mode %d %+v", m.mode, m.preview)
	}
	// esc on the preview goes back to the form with its values; enter
	// previews again.
	press(t, m, "esc")
	if m.mode != modeResetForm || m.form.Value(fieldTarget) != "latest" || m.form.Value(fieldTopic) != "payments" {
		t.Fatalf("esc on the preview: mode %d, form %+v", m.mode, m.form)
	}
	press(t, m, "enter")
	if m.mode != modePreview {
		t.Fatalf("enter on the form again: mode %d", m.mode)
	}
	msgs := press(t, m, "enter")
	_, executed, _, _ = f.Snapshot()
	if len(executed) != 1 || executed[0].Rows[0].New != 5000 {
		t.Fatalf("executed %+v", executed)
	}
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Kind != common.StatusSuccess || s.Text != "reset group billing-replay on payments to latest: wrote 3 partitions" {
		t.Errorf("status %+v", msgs)
	}
	if m.mode != modeTable || m.detail.TotalLag != 14970 || m.detail.Offsets[0].Lag != 0 {
		// TotalLag is the fake's stored figure; the rows were reloaded.
		t.Errorf("after reset: mode %d offsets %+v", m.mode, m.detail.Offsets)
	}
	// A bad target is caught in the form, before any request.
	press(t, m, "R", "tab", "tab", "x", "enter")
	if plans, _, _, _ := f.Snapshot(); len(plans) != 2 || !strings.Contains(m.form.Err(fieldTarget), `"earliestx" is not a reset target`) {
		t.Errorf("bad target: plans %d, err %q", len(plans), m.form.Err(fieldTarget))
	}
	press(t, m, "esc")
	if m.mode != modeTable {
		t.Errorf("esc left mode %d", m.mode)
	}
}

func TestResetRefusedWithMembers(t *testing.T) {
	f := sampleFake()
	f.PlanErr = fmt.Errorf("plan offset reset of group %q on clickstream: %w", "analytics", errors.New("the group is Stable with 3 member(s): offsets can only be changed while no consumer of the group runs (stop its consumers first)"))
	m := opened(t, f, "analytics", false, 1)
	press(t, m, "R")
	if !strings.Contains(m.form.refusal, "The group is Stable with 3 members") {
		t.Errorf("refusal %q", m.form.refusal)
	}
	press(t, m, "enter")
	if m.mode != modeResetForm || !strings.Contains(m.form.err, "stop its consumers first") {
		t.Errorf("mode %d err %q", m.mode, m.form.err)
	}
	if _, executed, _, _ := f.Snapshot(); len(executed) != 0 {
		t.Errorf("executed %+v", executed)
	}
	// Deleting a group with members is refused before asking.
	press(t, m, "esc")
	msgs := press(t, m, "D")
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Kind != common.StatusWarning || !strings.Contains(s.Text, "only an empty group can be deleted") || m.mode != modeTable {
		t.Errorf("delete with members: %+v mode %d", msgs, m.mode)
	}
}

func TestDeletes(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "billing-replay", false, 1)
	press(t, m, "X", "payment", "enter")
	if _, _, _, offs := f.Snapshot(); len(offs) != 0 || m.confirm.Err() == "" {
		t.Fatalf("wrong name accepted: %v", offs)
	}
	press(t, m, "s", "enter")
	if _, _, _, offs := f.Snapshot(); len(offs) != 1 || offs[0] != "billing-replay/payments" || m.mode != modeTable {
		t.Fatalf("delete offsets: %v mode %d", offs, m.mode)
	}
	msgs := press(t, m, "D", "billing-replay", "enter")
	if _, _, groups, _ := f.Snapshot(); len(groups) != 1 || groups[0] != "billing-replay" {
		t.Fatalf("delete group: %v", groups)
	}
	if _, ok := uitest.Has[common.BackMsg](msgs); !ok {
		t.Errorf("no BackMsg after deleting the group: %v", msgs)
	}
	// A failed delete stays in the dialog with the reason.
	f.DeleteErr = errors.New("delete group \"billing-replay\": group has active members (stop its consumers first)")
	m = opened(t, f, "billing-replay", false, 1)
	press(t, m, "D", "billing-replay", "enter")
	if m.mode != modeConfirm || !strings.Contains(m.confirm.Err(), "active members") {
		t.Errorf("failed delete: mode %d err %q", m.mode, m.confirm.Err())
	}
}

// TestReadOnlyHidesActionsAndLeavesRefusalToTheRoot: in read-only mode the
// action keys do nothing in the pane (the root refuses them before they
// reach it, ui TestReadOnlyRefusedOnceByTheRoot), help hides them, and the
// pane lists them, disabled, where the root looks for the refusal.
func TestReadOnlyHidesActionsAndLeavesRefusalToTheRoot(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "billing-replay", true, 1)
	for _, b := range m.ShortHelp() {
		if b.Enabled() && (b.Help().Desc == "reset offsets" || b.Help().Desc == "delete group" || b.Help().Desc == "delete topic offsets") {
			t.Errorf("%q shown in read-only mode", b.Help().Desc)
		}
	}
	var listed []key.Binding
	for _, col := range m.FullHelp() {
		listed = append(listed, col...)
	}
	for _, k := range []string{"R", "D", "X"} {
		if r := m.c.Keys.Refusal(uitest.Key(k), listed); !strings.HasPrefix(r, "read-only mode: ") {
			t.Errorf("%s: the root would not refuse it (%q): not listed in the pane's help", k, r)
		}
		msgs := press(t, m, k)
		if len(msgs) != 0 || m.mode != modeTable {
			t.Errorf("%s reached the pane and did something: %+v mode %d", k, msgs, m.mode)
		}
	}
	if _, _, groups, _ := f.Snapshot(); len(groups) != 0 {
		t.Errorf("a group was deleted in read-only mode: %v", groups)
	}
}

func TestStaleLoadDroppedAndErrorsKeepData(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "analytics", false, 2)
	m.Update(common.Result{Origin: m.Origin(), Gen: m.Gen() - 1, Msg: loadedMsg{detail: kafkaops.GroupDetail{ID: "analytics"}}})
	if len(m.detail.Offsets) != 4 {
		t.Fatalf("stale load taken")
	}
	delete(f.Details, "analytics")
	msgs := press(t, m, "ctrl+r")
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Kind != common.StatusError {
		t.Errorf("status %+v", msgs)
	}
	if len(m.detail.Offsets) != 4 || !strings.Contains(m.View(), "refresh failed") {
		t.Errorf("data not kept:\n%s", m.View())
	}
}

func TestBehind(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                      "0s",
		4 * time.Second:                   "4s",
		2*time.Minute + 13*time.Second:    "2m13s",
		3*time.Hour + 7*time.Minute:       "3h07m",
		26 * time.Hour:                    "1d02h",
		400*time.Hour + 59*time.Minute:    "16d16h",
		59*time.Second + time.Millisecond: "59s",
	} {
		if got := Behind(d); got != want {
			t.Errorf("Behind(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestLagTimesReadOnlyWhenCommitsMove checks that lag in time is fetched
// again only for partitions whose committed offset moved.
func TestLagTimesReadOnlyWhenCommitsMove(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "billing-replay", false, 3)
	// Three at first; then only payments/2, whose time was not found
	// (it may have failed: asked again).
	if f.TimesAsked != 3+1+1 {
		t.Errorf("billing-replay (standing still): %d rows asked over 3 refreshes, want 5", f.TimesAsked)
	}
	if got := m.lag.Rows()[1].Cells[5].Text; got != "3h07m" {
		t.Errorf("cached lag in time %q", got)
	}
	f.TimesAsked = 0
	opened(t, f, "analytics", false, 3)
	// Two lagging partitions, both moving: asked at every refresh.
	if f.TimesAsked != 6 {
		t.Errorf("analytics: %d rows asked over 3 refreshes, want 6", f.TimesAsked)
	}
}

// A share group says so, and what its committed column holds.
func TestShareGroupHeader(t *testing.T) {
	f := sampleFake()
	d := f.Details["billing-replay"]
	d.ID, d.State, d.ProtocolType, d.Protocol = "mailer", "Stable", "share", "simple"
	d.Members = []kafkaops.GroupMember{{ID: "m1", ClientID: "mailer-1", Assigned: []kafkaops.TopicPartition{{Topic: "payments", Partition: 0}}}}
	f.Details["mailer"] = d
	m := opened(t, f, "mailer", false, 1)
	head := strings.Join(m.header, "\n")
	if !strings.Contains(head, "share group (committed = start offset)") || !strings.Contains(head, "simple") {
		t.Errorf("header:\n%s", head)
	}
	// Its offsets are not changed here: reset and delete-offsets say why.
	for _, k := range []string{"R", "X"} {
		msgs := press(t, m, k)
		if st, ok := uitest.Has[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "share group (KIP-932)") || m.mode != modeTable {
			t.Errorf("%s on a share group: status %+v, mode %d", k, st, m.mode)
		}
	}
	if strings.Contains(strings.Join(opened(t, sampleFake(), "billing-replay", false, 1).header, "\n"), "share group") {
		t.Error("a consumer group is called a share group")
	}
}

// Closing the group view and opening it again continues the session's
// health and trend of the group (esc, enter): the history lives in
// Common, not in the view. Before, the new view started from nothing.
func TestReopenedViewKeepsHistory(t *testing.T) {
	f := sampleFake()
	first := opened(t, f, "billing-replay", false, 3)
	again := New(first.c, f, "billing-replay")
	again.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, again.Init()) {
		send(t, again, msg)
	}
	if n := len(again.hist.Totals()); n != 4 {
		t.Errorf("reopened view: %d trend points, want 4", n)
	}
	if v, _, _ := again.hist.Group(); v.Status != health.Stop {
		t.Errorf("reopened view: %v, want STOP continued", v)
	}
	if !strings.Contains(ansi.Strip(again.View()), "health STOP") {
		t.Errorf("reopened view does not say STOP:\n%s", ansi.Strip(again.View()))
	}
}

// A lag of 1 becoming 2 over three refreshes while the group commits is
// records in flight, not a consumer falling behind: no WARN (it was one).
func TestSmallLagGrowthIsNoWarning(t *testing.T) {
	f := sampleFake()
	m := New(newCommon(false), f, "analytics")
	m.SetSize(100, 30)
	for i, o := range [][2]int64{{100, 101}, {101, 103}, {102, 104}} {
		d := f.Details["analytics"]
		d.Offsets = []kafkaops.PartitionLag{lagRow("clickstream", 0, o[0], o[1], "analytics-1-5f0c2a9e-1b7d-4c55-9a0e-3f2b1c4d5e6f")}
		d.TotalLag = o[1] - o[0]
		f.Details["analytics"] = d
		if i == 0 {
			for _, msg := range uitest.RunCmd(t, m.Init()) {
				send(t, m, msg)
			}
		} else {
			press(t, m, "ctrl+r")
		}
	}
	view := ansi.Strip(m.View())
	if strings.Contains(view, "WARN") || !strings.Contains(view, "judging: lag grew from 1 to 2, 3 of 4 refreshes seen") {
		t.Errorf("lag 1 to 2 over 3 refreshes:\n%s", view)
	}
}

// TestResetPreviewWarnsNeverConsumed: a reset on a topic the group holds
// no commit on (a typo, the wrong group) says so in the preview.
func TestResetPreviewWarnsNeverConsumed(t *testing.T) {
	m := opened(t, sampleFake(), "billing-replay", false, 1)
	plan := kafkaops.ResetPlan{Group: "billing-replay", Topic: "ordres", To: kafkaops.ResetTarget{Kind: kafkaops.ResetEarliest},
		Rows: []kafkaops.ResetRow{{Partition: 0, LogEnd: 10, LagAfter: 10}, {Partition: 1, LogEnd: 5, LagAfter: 5}}}
	v := ansi.Strip(newResetPreview(m.c, plan).view(100, 30))
	if !strings.Contains(v, "group billing-replay has never committed an offset on ordres") {
		t.Errorf("no warning for a topic never consumed:\n%s", v)
	}
	plan.Rows[1].HasCurrent, plan.Rows[1].Current = true, 3
	if v := ansi.Strip(newResetPreview(m.c, plan).view(100, 30)); strings.Contains(v, "never committed") {
		t.Errorf("warning with a commit on the topic:\n%s", v)
	}
}

// TestResetFormErrorsAtTheField is defect 8: a partition list or target
// the form cannot read is explained under its field in the user's words
// (what was wrong, what is accepted), the field gets the focus, nothing is
// asked of Kafka, and every value typed stays; correcting the field
// clears its message.
func TestResetFormErrorsAtTheField(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "billing-replay", false, 1)
	m.SetSize(100, 30)
	press(t, m, "R", "tab", "1-x", "tab")
	for range len("earliest") {
		press(t, m, "backspace")
	}
	press(t, m, "offset:x", "enter")
	if plans, _, _, _ := f.Snapshot(); len(plans) != 0 || m.mode != modeResetForm {
		t.Fatalf("a form that cannot be read asked for a plan: %+v, mode %d", plans, m.mode)
	}
	// Each message is on the lines right under its field, indented to
	// the input.
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	under := func(field string) string {
		var out []string
		for i, l := range lines {
			if !strings.HasPrefix(l, " "+field) {
				continue
			}
			for _, u := range lines[i+1:] {
				if !strings.HasPrefix(u, strings.Repeat(" ", labelWidth)) || strings.TrimSpace(u) == "" {
					break
				}
				out = append(out, strings.TrimSpace(u))
			}
		}
		return strings.Join(out, " ")
	}
	for field, want := range map[string]string{
		"Partitions  1-x":      `✗ "1-x" is not a partition number; use numbers and ranges like 0,2,4-7 (empty or all for every partition)`,
		"Reset to    offset:x": `✗ "offset:x": "x" is not an offset; use a number from 0, like offset:1200`,
	} {
		if got := under(field); got != want {
			t.Errorf("under %q:\n got %q\nwant %q\n%s", field, got, want, strings.Join(lines, "\n"))
		}
	}
	if v := m.form.Value(fieldTopic); v != "payments" || m.form.Value(fieldPartitions) != "1-x" || m.form.Value(fieldTarget) != "offset:x" {
		t.Errorf("typed values lost: %q %q %q", v, m.form.Value(fieldPartitions), m.form.Value(fieldTarget))
	}
	if m.form.Focus() != fieldPartitions {
		t.Errorf("focus on field %d, want the partitions", m.form.Focus())
	}
	// Correcting the partitions clears their message, not the target's.
	press(t, m, "backspace", "backspace")
	if m.form.Err(fieldPartitions) != "" || m.form.Err(fieldTarget) == "" {
		t.Errorf("after a correction: %q, %q", m.form.Err(fieldPartitions), m.form.Err(fieldTarget))
	}
}

// TestResetAllTopics is defect 8: * as the topic resets every topic the
// group has committed offsets for, with one preview listing each topic and
// partition (a TOPIC column) and one write; sensor-readings, which the
// group never committed on, is left alone. Partitions cannot be chosen
// with it, and a group without commits is told so at the topic.
func TestResetAllTopics(t *testing.T) {
	f := sampleFake()
	m := opened(t, f, "replay-all", false, 1)
	press(t, m, "R")
	for range len("orders") {
		press(t, m, "backspace")
	}
	press(t, m, "*", "tab", "1", "enter")
	if plans, _, _, _ := f.Snapshot(); len(plans) != 0 || !strings.Contains(m.form.Err(fieldPartitions), "with * (all topics) leave this empty") {
		t.Fatalf("* with partitions: plans %+v, errs %q", plans, m.form.Err(fieldTopic)+" | "+m.form.Err(fieldPartitions)+" | "+m.form.Err(fieldTarget))
	}
	press(t, m, "backspace", "enter")
	plans, _, _, _ := f.Snapshot()
	if len(plans) != 1 || !plans[0].AllTopics || plans[0].Topic != "" || plans[0].Partitions != nil {
		t.Fatalf("plans %+v", plans)
	}
	if m.mode != modePreview || len(m.preview.plan.Rows) != 5 {
		t.Fatalf("preview: mode %d %+v", m.mode, m.preview)
	}
	v := ansi.Strip(m.View())
	for _, want := range []string{"Preview: reset replay-all on all its topics to earliest", "5 partitions of 2 topics, group Empty",
		" TOPIC ", " orders ", " payments "} {
		if !strings.Contains(v, want) {
			t.Errorf("preview lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "sensor-readings") || strings.Contains(v, "never committed") {
		t.Errorf("preview shows a topic the group never committed on:\n%s", v)
	}
	msgs := press(t, m, "enter")
	_, executed, _, _ := f.Snapshot()
	if len(executed) != 1 || len(executed[0].Rows) != 5 || executed[0].Rows[0].Topic != "orders" || executed[0].Rows[4].Topic != "payments" {
		t.Fatalf("executed %+v", executed)
	}
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Text != "reset group replay-all on all its topics to earliest: wrote 5 partitions of 2 topics" {
		t.Errorf("status %+v", msgs)
	}

	// A group without any commit: said at the topic field.
	g := sampleFake()
	d := g.Details["replay-all"]
	d.Offsets = d.Offsets[5:]
	g.Details["replay-all"] = d
	m = opened(t, g, "replay-all", false, 1)
	press(t, m, "R")
	for range len("sensor-readings") {
		press(t, m, "backspace")
	}
	press(t, m, "*", "enter")
	if m.mode != modeResetForm || !strings.Contains(m.form.Err(fieldTopic), "no committed offsets") || m.form.Value(fieldTopic) != "*" {
		t.Errorf("all topics of a group without commits: mode %d errs %q", m.mode, m.form.Err(fieldTopic)+" | "+m.form.Err(fieldPartitions)+" | "+m.form.Err(fieldTarget))
	}
}

// TestBigOffsetsWholeAt80: production offsets run into the billions; the
// numbers are never cut (1,234,567,890 showed as "1,234,56…" in a fixed
// column) while a name can give way.
func TestBigOffsetsWholeAt80(t *testing.T) {
	f := sampleFake()
	d := f.Details["billing-replay"]
	d.Offsets = []kafkaops.PartitionLag{lagRow("payments", 0, 1_234_567_890, 98_765_432_100, "")}
	d.TotalLag = d.Offsets[0].Lag
	f.Details["billing-replay"] = d
	m := opened(t, f, "billing-replay", false, 1)
	m.SetSize(80, 24)
	rows := tableRows(m)
	for _, want := range []string{" 1,234,567,890 ", " 98,765,432,100 ", " 97,530,864,210 "} {
		if len(rows) < 2 || !strings.Contains(rows[1], want) {
			t.Errorf("%q not whole in %q", want, rows)
		}
	}
}
