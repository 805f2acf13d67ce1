package groups

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/groupfake"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

var goldenSizes = []struct{ w, h int }{{80, 24}, {100, 30}, {120, 36}, {200, 50}}

func TestGoldenViews(t *testing.T) {
	scenes := []struct {
		name string
		run  func(t *testing.T, m *Model)
	}{
		{"list", func(t *testing.T, m *Model) { press(t, m, "j") }},
		{"by_lag", func(t *testing.T, m *Model) { press(t, m, "s", "s", "s") }},
		{"filter", func(t *testing.T, m *Model) { press(t, m, "/", "re") }},
	}
	for _, sz := range goldenSizes {
		for _, sc := range scenes {
			name := fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m := refreshed(t, &groupfake.Fake{}, 4)
				m.SetSize(sz.w, sz.h)
				sc.run(t, m)
				v := m.View()
				uitest.CheckFrame(t, v, sz.w, sz.h)
				golden(t, name, v)
			})
		}
	}
}

// TestHealthPerGroup checks each sample group's verdict after four
// refreshes, and that the trend has one point per refresh.
func TestHealthPerGroup(t *testing.T) {
	m := refreshed(t, &groupfake.Fake{}, 4)
	want := map[string]struct {
		status health.Status
		reason string
	}{
		"analytics":        {health.Warn, "committing, but lag grew over 4 refreshes, from 200 to 410"},
		"warehouse-loader": {health.Expired, "1,204 records expired unread (commit 500 < log start 1,704)"},
		"billing-replay":   {health.Stop, "no commit for 4 refreshes and no consumer in the group, lag 4,990"},
		"fraud-detector":   {health.Stall, "committed offset unchanged for 4 refreshes, lag 1,204"},
		"order-service":    {health.OK, "caught up"},
		"replayer":         {health.Rewind, "committed offset went back from 900 to 100, lag 850"},
		"reporting":        {health.Unknown, "no refresh yet"},
	}
	for _, e := range m.data.all {
		w, ok := want[e.sum.ID]
		if !ok {
			t.Errorf("unexpected group %s", e.sum.ID)
			continue
		}
		if e.verdict.Status != w.status || e.verdict.Reason != w.reason {
			t.Errorf("%s: %v %q, want %v %q", e.sum.ID, e.verdict.Status, e.verdict.Reason, w.status, w.reason)
		}
		if n := len(m.c.Groups.Of(m.c.Cluster, e.sum.ID).Totals()); n != 4 {
			t.Errorf("%s: %d trend points, want 4", e.sum.ID, n)
		}
	}
	if m.data.total != 2*410+40+2500+3*4990+1204+0+850 || m.data.expired != 1204 {
		t.Errorf("total lag %d, expired %d", m.data.total, m.data.expired)
	}
	// The list says which partition lost records and sums the loss.
	press(t, m, "G")
	if !strings.Contains(strings.Join(m.detail, " "), "warehouse-loader  EXPIRED  clickstream/1: 1,204 records expired unread") ||
		!strings.Contains(m.bottomLine(), "(1,204 expired unread)") {
		t.Errorf("detail %q, bottom %q", m.detail, m.bottomLine())
	}
}

func TestEnterOpensGroupViewWithHistory(t *testing.T) {
	f := &groupfake.Fake{}
	m := refreshed(t, f, 3)
	msgs := press(t, m, "enter")
	if to, ok := uitest.Opened[common.OpenGroup](msgs); !ok || to.ID != "analytics" {
		t.Fatalf("enter asked for %+v in %v", to, msgs)
	}
	// The view continues the session's history of the group (its tests
	// show it), which opening it does not change.
	if n := len(m.c.Groups.Of(m.c.Cluster, "analytics").Totals()); n != 3 {
		t.Errorf("session history %d points, want 3", n)
	}
}

// Closing the list and opening it again (esc esc :groups) continues the
// session's trends and verdicts: they live in Common, per cluster, not in
// the pane. Before, the new pane started from one point and said "-".
func TestReopenedListKeepsHistory(t *testing.T) {
	f := &groupfake.Fake{}
	m := refreshed(t, f, 3)
	before := entryOf(t, m, "billing-replay").verdict
	if before.Status != health.Stop {
		t.Fatalf("billing-replay %v after 3 refreshes", before)
	}
	again := New(m.c, f)
	again.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, again.Init()) {
		send(t, again, msg)
	}
	e := entryOf(t, again, "billing-replay")
	if e.verdict.Status != health.Stop {
		t.Errorf("reopened list: billing-replay %v, want STOP continued", e.verdict)
	}
	if n := len(m.c.Groups.Of(m.c.Cluster, "billing-replay").Totals()); n != 4 {
		t.Errorf("reopened list: %d trend points, want 4", n)
	}
	// Another cluster starts its own history.
	other := newCommon(false)
	other.Groups = m.c.Groups
	other.Cluster = "staging"
	fresh := New(other, f)
	fresh.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, fresh.Init()) {
		send(t, fresh, msg)
	}
	if n := len(other.Groups.Of("staging", "billing-replay").Totals()); n != 1 {
		t.Errorf("another cluster shares the history: %d points", n)
	}
}

func TestStaleAndFailedRefreshes(t *testing.T) {
	f := &groupfake.Fake{}
	m := refreshed(t, f, 2)
	// An answer of an older generation is dropped.
	m.Update(common.Result{Origin: m.Origin(), Gen: m.Gen() - 1, Msg: loadedMsg{groups: []kafkaops.GroupSummary{{ID: "ghost"}}}})
	if len(m.data.all) != 7 {
		t.Fatalf("stale answer taken: %d groups", len(m.data.all))
	}
	// A failed refresh keeps the list and says so, once.
	f.ListErr = errors.New("list groups: no broker answered")
	msgs := press(t, m, "ctrl+r")
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Kind != common.StatusError || s.Text != "list groups: no broker answered" {
		t.Errorf("status %+v", msgs)
	}
	if len(m.data.all) != 7 || !strings.Contains(m.View(), "refresh failed, showing 15:09:26") {
		t.Errorf("list not kept:\n%s", m.View())
	}
	if msgs := press(t, m, "ctrl+r"); len(msgs) > 0 {
		if _, again := uitest.Has[common.StatusMsg](msgs); again {
			t.Errorf("same error reported twice")
		}
	}
	// Some brokers failing: the groups of the others, with a warning.
	f.ListErr = nil
	sampleCluster(f, 2)
	m.Update(common.Result{Origin: m.Origin(), Gen: m.Gen(), Msg: loadedMsg{groups: f.Groups[:2], err: &kafkaops.PartialError{Op: "list groups", Failures: []kafkaops.BrokerFailure{{Broker: 2, Err: errors.New("timeout")}}}}})
	if len(m.data.all) != 2 || !strings.Contains(m.View(), "1 broker did not answer") {
		t.Errorf("partial list:\n%s", m.View())
	}
	if m.c.Groups.Has(m.c.Cluster, "fraud-detector") {
		t.Errorf("history of a group no longer listed kept")
	}
}

func TestSortAndFilterKeepCursor(t *testing.T) {
	m := refreshed(t, &groupfake.Fake{}, 4)
	press(t, m, "j", "j") // fraud-detector
	press(t, m, "s", "s", "s")
	if m.data.sortCol != colLag || !m.data.sortDesc || m.selectedID() != "fraud-detector" {
		t.Errorf("sort col %d desc %v selected %s", m.data.sortCol, m.data.sortDesc, m.selectedID())
	}
	if got := m.data.all[m.data.shown[0]].sum.ID; got != "billing-replay" {
		t.Errorf("largest lag first: %s", got)
	}
	press(t, m, "S")
	if got := m.data.all[m.data.shown[0]].sum.ID; got != "reporting" && got != "order-service" {
		t.Errorf("reversed: %s first", got)
	}
	press(t, m, "/", "fraud", "enter")
	if len(m.data.shown) != 1 || m.Title() != "groups [/fraud]" {
		t.Errorf("filter: %d shown, title %q", len(m.data.shown), m.Title())
	}
	press(t, m, "esc")
	if len(m.data.shown) != 7 || m.selectedID() != "fraud-detector" {
		t.Errorf("clear filter: %d shown, selected %s", len(m.data.shown), m.selectedID())
	}
}

func entryOf(t *testing.T, m *Model, id string) entry {
	t.Helper()
	for _, e := range m.data.all {
		if e.sum.ID == id {
			return e
		}
	}
	t.Fatalf("no group %s", id)
	return entry{}
}

// Each row's sparkline is on its own scale, so a lag going from 1 to 2
// fills its cell as much as one going to 200,000: the selected row says
// its scale, and the small one is not judged WARN.
func TestTrendSaysItsScale(t *testing.T) {
	f := &groupfake.Fake{Groups: []kafkaops.GroupSummary{
		{ID: "big", State: "Stable", ProtocolType: "consumer", Members: 1},
		{ID: "small", State: "Stable", ProtocolType: "consumer", Members: 1},
	}}
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	for i, step := range []int64{0, 1, 2} {
		f.SetLag("big", "orders", []int64{10 * step}, []int64{100000 + 50000*step})
		f.SetLag("small", "orders", []int64{100 + step}, []int64{101 + 2*step})
		if i == 0 {
			for _, msg := range uitest.RunCmd(t, m.Init()) {
				send(t, m, msg)
			}
		} else {
			press(t, m, "ctrl+r")
		}
	}
	press(t, m, "j") // small
	if !strings.Contains(strings.Join(m.detail, " "), "small  -  trend 1–3") {
		t.Errorf("detail of small %q, want its scale", m.detail)
	}
	press(t, m, "k")
	if !strings.Contains(strings.Join(m.detail, " "), "big  -  trend 100,000–199,980") {
		t.Errorf("detail of big %q, want its scale", m.detail)
	}
}

// TestSortOrderTiesAndReverse pins the order of the rows (table.Order):
// group ids A to Z whatever their case, Z to A on S; by a number, largest
// first and ties by id A to Z either way; ids that differ only in case in
// the same place every time.
func TestSortOrderTiesAndReverse(t *testing.T) {
	f := &groupfake.Fake{Groups: []kafkaops.GroupSummary{
		{ID: "b", State: "Stable", Members: 2},
		{ID: "a", State: "Stable", Members: 1},
		{ID: "C", State: "Stable", Members: 1},
		{ID: "A", State: "Stable", Members: 1},
		{ID: "B", State: "Stable", Members: 3},
		{ID: "d", State: "Stable", Members: 2},
	}}
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	ids := func() []string {
		var out []string
		for _, i := range m.data.shown {
			out = append(out, m.data.all[i].sum.ID)
		}
		return out
	}
	for _, step := range []struct {
		keys []string
		want string
	}{
		{nil, "A a B b C d"},
		{[]string{"S"}, "d C b B a A"},
		{[]string{"S", "s", "s"}, "B b d A a C"}, // members, largest first
		{[]string{"S"}, "A a C b d B"},
	} {
		press(t, m, step.keys...)
		if got := strings.Join(ids(), " "); got != step.want {
			t.Errorf("after %v (column %d desc %v): %s, want %s", step.keys, m.data.sortCol, m.data.sortDesc, got, step.want)
		}
	}
}
