package topics

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestFirstLoadShowsTopicsByNameWithoutInternal(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	first := collect(t, m.Init())
	on, off := 0, 0
	for _, msg := range first {
		if b, ok := msg.(common.BusyMsg); ok && b.Busy {
			on++
		} else if ok {
			off++
		}
	}
	if on != 1 || off != 1 {
		t.Errorf("the load should turn the spinner on and, answered, off: %v", first)
	}
	var out []tea.Msg
	for _, msg := range first {
		out = append(out, send(t, m, msg)...)
	}
	want := []string{"audit.log", "Orders", "orders.dlq", "payments", "users"}
	if got := names(m); !slices.Equal(got, want) {
		t.Errorf("rows = %v, want %v (A-Z whatever the case, internal hidden)", got, want)
	}
	tn, ok := find[common.TopicNamesMsg](out)
	if !ok || len(tn.Names) != 6 {
		t.Errorf("the root should get every topic name for completion, got %v", tn)
	}
	if !hasTick(out) {
		t.Errorf("no refresh scheduled after the answer: %v", out)
	}
	v := m.View()
	checkSize(t, v, 100, 30)
	for _, s := range []string{"1,234,567", "98,765", "12,300", "5 topics · 1 internal hidden", "updated 15:09:26"} {
		if !strings.Contains(v, s) {
			t.Errorf("view lacks %q:\n%s", s, v)
		}
	}
}

func TestProblemCountsAreHighlighted(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	i := slices.Index(names(m), "payments")
	cells := m.table.Rows()[i].Cells
	if cells[colOffline].Hint != table.HintError || cells[colUnderReplicated].Hint != table.HintWarning {
		t.Errorf("payments: offline hint %d, under-replicated hint %d; want error and warning", cells[colOffline].Hint, cells[colUnderReplicated].Hint)
	}
	j := slices.Index(names(m), "users")
	if h := m.table.Rows()[j].Cells[colOffline].Hint; h != table.HintNone {
		t.Errorf("users has nothing offline but its cell is hinted %d", h)
	}
}

func TestInternalToggle(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	press(t, m, "i")
	if got := names(m); !slices.Contains(got, "__consumer_offsets") || len(got) != 6 {
		t.Errorf("after i: %v, want every topic", got)
	}
	press(t, m, "i")
	if slices.Contains(names(m), "__consumer_offsets") {
		t.Errorf("second i should hide internal topics again")
	}
}

func TestSortCyclesColumnsAndReverses(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	press(t, m, "s") // partitions, largest first
	if got := names(m); !slices.Equal(got, []string{"Orders", "payments", "users", "audit.log", "orders.dlq"}) {
		t.Errorf("by partitions: %v", got)
	}
	if title := m.table.Columns()[colPartitions].Title; title != "↓PARTITIONS" {
		t.Errorf("sorted column title %q", title)
	}
	press(t, m, "S")
	if got := names(m); !slices.Equal(got, []string{"orders.dlq", "audit.log", "users", "payments", "Orders"}) {
		t.Errorf("by partitions reversed: %v", got)
	}
	press(t, m, "s", "s") // RF, then messages
	if got := names(m); !slices.Equal(got, []string{"Orders", "payments", "users", "orders.dlq", "audit.log"}) {
		t.Errorf("by messages: %v", got)
	}
	press(t, m, "s", "s") // under-replicated, offline
	if got := names(m)[0]; got != "payments" {
		t.Errorf("by offline: first %q, want payments", got)
	}
	press(t, m, "s") // back to names
	if got := names(m)[0]; got != "audit.log" || m.data.sortDesc {
		t.Errorf("s should cycle back to names A-Z, got first %q desc %v", got, m.data.sortDesc)
	}
}

func TestSortKeepsCursorOnTopic(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	press(t, m, "j", "j", "j") // payments
	if m.selectedName() != "payments" {
		t.Fatalf("cursor on %q", m.selectedName())
	}
	press(t, m, "s", "S", "s")
	if m.selectedName() != "payments" {
		t.Errorf("after sorting the cursor is on %q, want payments", m.selectedName())
	}
}

func TestFilterAsYouType(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	press(t, m, "/")
	if !m.InputFocused() {
		t.Fatal("/ should focus the filter")
	}
	press(t, m, "ORD")
	if got := names(m); !slices.Equal(got, []string{"Orders", "orders.dlq"}) {
		t.Errorf("filter ORD: %v (case-insensitive substring)", got)
	}
	if m.Title() != "topics [/ORD]" {
		t.Errorf("title %q", m.Title())
	}
	// q is typed, not quit: the root sees InputFocused.
	press(t, m, "q")
	if len(names(m)) != 0 || !strings.Contains(m.View(), "no topics match /ORDq") {
		t.Errorf("after q: %v\n%s", names(m), m.View())
	}
	press(t, m, "backspace", "enter")
	if m.InputFocused() || !m.HandlesEsc() || len(names(m)) != 2 {
		t.Errorf("enter should keep the filter and give the keys back: focused %v, rows %v", m.InputFocused(), names(m))
	}
	if !strings.Contains(m.View(), "2 of 5 topics") {
		t.Errorf("summary should count matches:\n%s", m.View())
	}
	press(t, m, "j")
	if m.selectedName() != "orders.dlq" {
		t.Errorf("j after enter moves in the filtered list, on %q", m.selectedName())
	}
	press(t, m, "esc")
	if m.Title() != "topics" || len(names(m)) != 5 || m.HandlesEsc() {
		t.Errorf("esc should clear the filter: title %q rows %v", m.Title(), names(m))
	}
	if m.selectedName() != "orders.dlq" {
		t.Errorf("clearing the filter moved the cursor to %q", m.selectedName())
	}
	press(t, m, "/", "pay", "esc")
	if m.InputFocused() || m.filter.Active() || len(names(m)) != 5 {
		t.Errorf("esc while typing should clear and leave the input")
	}
}

func TestRefreshKeepsCursorOnSameTopic(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	press(t, m, "G") // users
	if m.selectedName() != "users" {
		t.Fatalf("cursor on %q", m.selectedName())
	}
	f.topics = append(f.topics, kafkaops.TopicSummary{Name: "aaa"}, kafkaops.TopicSummary{Name: "Aardvark"})
	out := send(t, m, tickOf(m))
	if f.lists != 2 {
		t.Fatalf("the tick should list topics again (%d lists)", f.lists)
	}
	if len(names(m)) != 7 || m.selectedName() != "users" {
		t.Errorf("after refresh rows %v, cursor on %q; want 7 rows, cursor on users", names(m), m.selectedName())
	}
	if !hasTick(out) {
		t.Errorf("each answer schedules the next refresh")
	}
	// A topic deleted elsewhere: the cursor stays at the same place.
	f.topics = slices.DeleteFunc(f.topics, func(t kafkaops.TopicSummary) bool { return t.Name == "users" })
	send(t, m, tickOf(m))
	if m.selectedName() != "payments" {
		t.Errorf("cursor on %q after its topic went away, want the last row", m.selectedName())
	}
}

func TestStaleResultsAndTicksAreDropped(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	oldGen := m.Gen()
	// A refresh is in flight (its answer not delivered yet) when the user
	// presses ctrl+r: the older answer must not overwrite the newer.
	_, slow := m.Update(tickOf(m))
	_, slowAnswer, ok := uitest.Result[listedMsg](collect(t, slow))
	if !ok {
		t.Fatal("tick did not start a load")
	}
	f.topics = []kafkaops.TopicSummary{{Name: "fresh"}}
	press(t, m, "ctrl+r")
	if got := names(m); !slices.Equal(got, []string{"fresh"}) {
		t.Fatalf("after ctrl+r: %v", got)
	}
	stale := slowAnswer.(common.Result)
	stale.Msg = listedMsg{topics: []kafkaops.TopicSummary{{Name: "stale"}}}
	out := send(t, m, stale)
	if got := names(m); !slices.Equal(got, []string{"fresh"}) {
		t.Errorf("a stale answer replaced the data: %v", got)
	}
	if hasTick(out) {
		t.Errorf("a stale answer must not start a second refresh chain")
	}
	lists := f.lists
	send(t, m, tickAt(m, oldGen))
	if f.lists != lists {
		t.Errorf("a tick of an old generation started a load")
	}
	// Results for another pane instance are not ours.
	send(t, m, common.Result{Origin: m.Origin() + 1000, Gen: m.Gen(), Msg: listedMsg{topics: []kafkaops.TopicSummary{{Name: "other"}}}})
	if names(m)[0] != "fresh" {
		t.Errorf("took another pane's result")
	}
}

func TestClosedPaneStopsRefreshing(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	m.Close()
	send(t, m, tickOf(m))
	if f.lists != 1 {
		t.Errorf("a closed pane loaded again")
	}
}

func TestFirstLoadErrorShowsErrorState(t *testing.T) {
	f := &fakeBackend{listErr: errorf("list topics: no answer from localhost:9092 within 10s")}
	m := New(newCommon(false), f)
	m.SetSize(100, 30)
	var out []tea.Msg
	for _, msg := range collect(t, m.Init()) {
		out = append(out, send(t, m, msg)...)
	}
	if s := statusOf(t, out, common.StatusError); !strings.Contains(s, "no answer") {
		t.Errorf("status %q", s)
	}
	if !hasTick(out) {
		t.Errorf("a failed load should still schedule a retry")
	}
	v := m.View()
	for _, s := range []string{"Could not list topics", "no answer from localhost:9092", "ctrl+r"} {
		if !strings.Contains(v, s) {
			t.Errorf("error view lacks %q:\n%s", s, v)
		}
	}
	f.listErr = nil
	f.topics = sampleTopics()
	press(t, m, "ctrl+r")
	if !m.loaded || len(names(m)) != 5 || strings.Contains(m.View(), "Could not") {
		t.Errorf("ctrl+r after the cluster came back should show the topics:\n%s", m.View())
	}
}

func TestRefreshErrorKeepsData(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	f.listErr = errorf("list topics: connection refused")
	out := send(t, m, tickOf(m))
	statusOf(t, out, common.StatusError)
	if len(names(m)) != 5 || !strings.Contains(m.View(), "refresh failed, showing 15:09:26") {
		t.Errorf("a failed refresh should keep the last data and say it is old:\n%s", m.View())
	}
}

func TestEnterPushesTopicView(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	press(t, m, "j", "j")
	out := press(t, m, "enter")
	to, ok := uitest.Opened[common.OpenTopic](out)
	if !ok || to.Topic != "orders.dlq" {
		t.Fatalf("enter sent %v, want the topic view of orders.dlq", out)
	}
}

func TestHelpFollowsModeAndReadOnly(t *testing.T) {
	has := func(bs []key.Binding, k string) bool {
		for _, b := range bs {
			if b.Enabled() && b.Help().Key == k {
				return true
			}
		}
		return false
	}
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	for _, k := range []string{"enter", "/", "s", "i", "c", "D"} {
		if !has(m.ShortHelp(), k) {
			t.Errorf("short help lacks %q", k)
		}
	}
	if has(m.ShortHelp(), "esc") {
		t.Errorf("esc is offered with no filter to clear")
	}
	press(t, m, "/")
	if has(m.ShortHelp(), "c") || !has(m.ShortHelp(), "esc") {
		t.Errorf("while filtering the help should show the filter's keys")
	}
	press(t, m, "o", "enter")
	if !has(m.ShortHelp(), "esc") || !has(m.ShortHelp(), "c") {
		t.Errorf("with a filter applied the help should offer esc clear filter beside the list's keys")
	}
	press(t, m, "esc")
	if has(m.ShortHelp(), "esc") || m.filter.Active() {
		t.Errorf("esc cleared the filter but is still offered")
	}

	ro := loaded(t, &fakeBackend{topics: sampleTopics()}, true)
	var all []key.Binding
	for _, col := range ro.FullHelp() {
		all = append(all, col...)
	}
	all = append(all, ro.ShortHelp()...)
	if has(all, "c") || has(all, "D") {
		t.Errorf("read-only help shows create or delete")
	}
}

// TestReadOnlyLeavesRefusalToTheRoot: read-only mode is refused once, by
// the root. With the keymap's read-only keys the pane does nothing on c,
// D or p (no dialog, no intent, no message of its own), hides them from
// help, and still lists them, disabled, in the help of the list, where
// the root finds them to say why.
func TestReadOnlyLeavesRefusalToTheRoot(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, true)
	for _, k := range []string{"c", "D", "p"} {
		if out := press(t, m, k); len(out) != 0 || m.mode != modeList {
			t.Errorf("%s in read-only mode: mode %d, sent %v", k, m.mode, out)
		}
	}
	if len(f.created)+len(f.deleted) != 0 {
		t.Errorf("read-only pane wrote to the cluster")
	}
	listed := map[string]bool{}
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if what, ok := m.c.Keys.Dangerous(b); ok && !b.Enabled() {
				listed[what] = true
			}
		}
	}
	for _, what := range []string{"creating topics", "deleting topics", "producing"} {
		if !listed[what] {
			t.Errorf("the list's help does not list the disabled key for %s: the root cannot refuse it", what)
		}
	}
}

func TestRefreshRebuildsChangedRowsOnly(t *testing.T) {
	f := &fakeBackend{topics: sampleTopics()}
	m := loaded(t, f, false)
	cell := func(name string, col column) string {
		i := slices.Index(names(m), name)
		if i < 0 {
			t.Fatalf("%s not shown", name)
		}
		return m.table.Rows()[i].Cells[col].Text
	}
	rowOf := func(name string) []table.Cell { return m.table.Rows()[slices.Index(names(m), name)].Cells }
	paymentsBefore, usersBefore := rowOf("payments"), rowOf("users")
	// Orders got messages; a topic appeared at the front, shifting the
	// rest (ListTopics is sorted, so new names land anywhere).
	f.topics[2].Messages = 5_000_000
	f.topics[5].UnderReplicated = 3
	f.topics = append([]kafkaops.TopicSummary{{Name: "AAA", Partitions: 1, ReplicationFactor: 1}}, f.topics...)
	send(t, m, tickOf(m))
	if got := cell("Orders", colMessages); got != "5,000,000" {
		t.Errorf("Orders messages %q after refresh", got)
	}
	if got := cell("users", colUnderReplicated); got != "3" {
		t.Errorf("users under-replicated %q after refresh", got)
	}
	if got := cell("AAA", colName); got != "AAA" {
		t.Errorf("new topic row %q", got)
	}
	// Unchanged rows are reused as they were prepared; changed ones are new.
	if &rowOf("payments")[0] != &paymentsBefore[0] || cell("payments", colOffline) != "2" {
		t.Errorf("the unchanged payments row was rebuilt")
	}
	if &rowOf("users")[0] == &usersBefore[0] {
		t.Errorf("the changed users row was reused")
	}
}

// TestSortOrderTiesAndReverse pins the order of the rows (table.Order):
// names A to Z whatever their case, Z to A on S; by a number, largest first
// and ties by name A to Z either way; names that differ only in case in
// the same place every time.
func TestSortOrderTiesAndReverse(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: []kafkaops.TopicSummary{
		{Name: "b", Partitions: 2},
		{Name: "a", Partitions: 1},
		{Name: "C", Partitions: 1},
		{Name: "A", Partitions: 1},
		{Name: "B", Partitions: 3},
		{Name: "d", Partitions: 2},
	}}, false)
	for _, step := range []struct {
		keys []string
		want string
	}{
		{nil, "A a B b C d"},
		{[]string{"S"}, "d C b B a A"},
		{[]string{"s"}, "B b d A a C"}, // partitions, largest first
		{[]string{"S"}, "A a C b d B"},
	} {
		press(t, m, step.keys...)
		if got := strings.Join(names(m), " "); got != step.want {
			t.Errorf("after %v (column %d desc %v): %s, want %s", step.keys, m.data.sortCol, m.data.sortDesc, got, step.want)
		}
	}
}
