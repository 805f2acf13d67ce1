package tail

import (
	"github.com/charmbracelet/x/ansi"

	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestFormHintsWholeAt80: each field's hint wraps under it at 80
// columns; the isolation hint was cut to "as read_commit…".
func TestFormHintsWholeAt80(t *testing.T) {
	m := New(newCommon(0), newFake(), "orders")
	m.SetSize(80, 24)
	v := view(m)
	for _, l := range strings.Split(v, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), "…") {
			t.Errorf("a hint is cut: %q", l)
		}
	}
	mustContain(t, v, "read_committed", "jq:EXPR")
	uitest.Golden(t, "form_80x24", v)
}

func TestFormFlagsBadInputAndKeepsIt(t *testing.T) {
	f := newFake()
	m := New(newCommon(0), f, "orders")
	m.SetSize(100, 30)
	if !m.InputFocused() {
		t.Fatal("the form should have the keys")
	}
	typeText(t, m, "0,x")
	press(t, m, "tab")
	for range len(defaultStart) {
		press(t, m, "backspace")
	}
	typeText(t, m, "later")
	press(t, m, "tab")
	for range len("uncommitted") {
		press(t, m, "backspace")
	}
	typeText(t, m, "dirty")
	press(t, m, "tab")
	typeText(t, m, "re:(")
	msgs := press(t, m, "enter")
	if len(msgs) != 0 || f.opes != 0 {
		t.Fatalf("bad input opened a stream: %v", msgs)
	}
	v := view(m)
	mustContain(t, v, `invalid partitions "0,x"`, `invalid position "later"`, `isolation "dirty": use committed or uncommitted`,
		"regular expression", "0,x", "later", "dirty", "re:(")
	if m.form.Focus() != fieldParts {
		t.Errorf("focus on field %d, want the first bad one", m.form.Focus())
	}
	uitest.Golden(t, "form_errors_80x24", func() string { m.SetSize(80, 24); return view(m) }())

	// Fix every field: the stream opens with what was asked.
	for range 3 {
		press(t, m, "backspace")
	}
	typeText(t, m, "2-4,0")
	press(t, m, "tab")
	for range len("later") {
		press(t, m, "backspace")
	}
	typeText(t, m, "@-15m")
	press(t, m, "tab")
	for range len("dirty") {
		press(t, m, "backspace")
	}
	typeText(t, m, "read_committed")
	press(t, m, "tab", "backspace", "backspace", "backspace", "backspace")
	typeText(t, m, "C-3")
	msgs = press(t, m, "enter")
	_, raw, ok := uitest.Result[openedMsg](msgs)
	if !ok {
		t.Fatalf("no stream opened: %v (%s)", msgs, view(m))
	}
	m.Update(raw)
	if got := f.req.Partitions; len(got) != 4 || got[0] != 0 || got[1] != 2 || got[3] != 4 {
		t.Errorf("partitions %v, want [0 2 3 4]", got)
	}
	if f.req.Start.Kind != kafkaops.PosTime || f.req.Topic != "orders" || f.req.Isolation != kafkaops.ReadCommitted {
		t.Errorf("request %+v", f.req)
	}
	mustContain(t, view(m), " read_committed · ")
	if m.filter == nil || m.filter.src != "C-3" {
		t.Errorf("filter from the form not applied: %+v", m.filter)
	}
}

func TestFormDefaultIsLast50ThenFollow(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	if f.req.Start.Kind != kafkaops.PosFromEnd || f.req.Start.Offset != 50 || f.req.Partitions != nil {
		t.Errorf("default request %+v, want -50 on every partition", f.req)
	}
	if m.InputFocused() || m.state != stateLive || !m.follow {
		t.Errorf("after start: focused=%v state=%v follow=%v", m.InputFocused(), m.state, m.follow)
	}
}

func TestOpenErrorReturnsToForm(t *testing.T) {
	f := newFake()
	f.err = errors.New("consume orders: partition 9 does not exist")
	m := New(newCommon(0), f, "orders")
	m.SetSize(100, 30)
	typeText(t, m, "9")
	msgs := press(t, m, "enter")
	_, raw, _ := uitest.Result[openedMsg](msgs)
	m.Update(raw)
	if m.mode != modeForm {
		t.Fatal("an open error should leave the form up")
	}
	mustContain(t, view(m), "partition 9 does not exist", "9")
}

func TestFollowKeepsNewestAndUpPauses(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	var recs []kafkaops.Record
	for i := range 100 {
		recs = append(recs, order(int32(i%2), int64(i)))
	}
	feed(t, m, f, recs...)
	if m.cursor != 99 || m.top != 100-m.tableHeight() {
		t.Fatalf("follow: cursor %d top %d", m.cursor, m.top)
	}
	mustContain(t, view(m), " 99 ", "100 recv", "held 100/10,000", "follow")

	press(t, m, "up", "up")
	if m.follow || m.cursor != 97 {
		t.Fatalf("up: follow=%v cursor=%d", m.follow, m.cursor)
	}
	// Consumption goes on; the view stays where the user is.
	feed(t, m, f, order(0, 100), order(1, 101))
	if m.cursor != 97 || m.received != 102 {
		t.Errorf("new records moved the cursor to %d (received %d)", m.cursor, m.received)
	}
	if !strings.Contains(view(m), "follow off (F)") {
		t.Errorf("the header should say following is off:\n%s", view(m))
	}
	press(t, m, "F")
	if !m.follow || m.cursor != 101 {
		t.Errorf("F: follow=%v cursor=%d", m.follow, m.cursor)
	}
}

func TestSpacePausesConsumption(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 0))
	_, cmd := m.Update(uitest.Key(" "))
	if cmd != nil || !m.paused {
		t.Fatal("space should pause without a command")
	}
	mustContain(t, view(m), "paused")
	// The batch in flight when pausing is kept, and no new wait is armed:
	// the bounded channel holds what comes next.
	f.ch <- []kafkaops.Record{order(0, 1)}
	_, cmd = m.Update(uitest.RunCmd(t, m.Wrap(wait(m.src)))[0])
	if cmd != nil || m.received != 2 {
		t.Fatalf("paused tail re-armed its wait (received %d)", m.received)
	}
	f.ch <- []kafkaops.Record{order(0, 2)}
	_, cmd = m.Update(uitest.Key(" "))
	if cmd == nil || m.paused {
		t.Fatal("space should resume with a wait")
	}
	for _, msg := range uitest.RunCmd(t, cmd) {
		m.Update(msg)
	}
	if m.received != 3 {
		t.Errorf("after resume received %d, want 3", m.received)
	}
}

func TestRingDropsOldestAndCounts(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 100)
	var recs []kafkaops.Record
	for i := range 250 {
		recs = append(recs, order(0, int64(i)))
	}
	feed(t, m, f, recs[:30]...)
	feed(t, m, f, recs[30:]...)
	if m.ring.n != 100 || m.ring.dropped != 150 || m.count() != 100 {
		t.Fatalf("held %d dropped %d shown %d", m.ring.n, m.ring.dropped, m.count())
	}
	if first := m.entryAt(0).rec.Offset; first != 150 {
		t.Errorf("oldest held offset %d, want 150", first)
	}
	mustContain(t, view(m), "held 100/100", "dropped 150")

	// With a filter, dropped records leave the shown list too, and the
	// cursor stays on the record it was on.
	typeText(t, m, "/")
	typeText(t, m, `jq:.id % 2 == 0`)
	press(t, m, "enter")
	if m.count() != 50 || m.hidden() != 50 {
		t.Fatalf("jq even filter shows %d hides %d", m.count(), m.hidden())
	}
	press(t, m, "k", "k")
	at := m.entryAt(m.cursor).rec.Offset
	recs = recs[:0]
	for i := 250; i < 270; i++ {
		recs = append(recs, order(0, int64(i)))
	}
	feed(t, m, f, recs...)
	if got := m.entryAt(m.cursor).rec.Offset; got != at {
		t.Errorf("cursor moved from offset %d to %d as old records dropped", at, got)
	}
	if m.count() != 50 || m.entryAt(0).rec.Offset != 170 {
		t.Errorf("shown %d, first %d; want 50 from 170", m.count(), m.entryAt(0).rec.Offset)
	}
}

func TestFilters(t *testing.T) {
	hdr := func(k, v string) kafkaops.Header { return kafkaops.Header{Key: k, Value: []byte(v)} }
	recs := []kafkaops.Record{
		rec(0, 0, "alpha", `{"status":"paid","amount":120}`, hdr("source", "web")),
		rec(0, 1, "beta", `{"status":"open","amount":5}`, hdr("source", "mobile")),
		rec(1, 0, "gamma", "plain text mentions alpha"),
		rec(1, 1, "delta", `{"status":"paid","amount":7}`),
	}
	cases := []struct {
		filter string
		want   []string // keys shown
	}{
		{"alpha", []string{"alpha", "gamma"}},
		{"key:alpha", []string{"alpha"}},
		{"value:paid", []string{"alpha", "delta"}},
		{"re:^(beta|delta)$", []string{"beta", "delta"}},
		{"key:re:a$", []string{"alpha", "beta", "gamma", "delta"}},
		{"header:source=mob", []string{"beta"}},
		{"header:source=", []string{"alpha", "beta"}},
		{"mobile", []string{"beta"}},
		{`jq:.status == "paid" and .amount > 10`, []string{"alpha"}},
		{"jq:.amount", []string{"alpha", "beta", "delta"}},
		{"jq:.missing", nil},
	}
	for _, tc := range cases {
		t.Run(tc.filter, func(t *testing.T) {
			f := newFake()
			m, _ := started(t, f, 0)
			feed(t, m, f, recs[:2]...) // held before the filter
			press(t, m, "/")
			typeText(t, m, tc.filter)
			press(t, m, "enter")
			if m.InputFocused() {
				t.Fatalf("filter not applied: %s", view(m))
			}
			feed(t, m, f, recs[2:]...) // arriving after it
			var got []string
			for i := range m.count() {
				got = append(got, string(m.entryAt(i).rec.Key))
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("shown %v, want %v", got, tc.want)
			}
			v := view(m)
			if hidden := 4 - len(tc.want); hidden > 0 {
				mustContain(t, v, "hidden "+itoa(hidden))
			}
			if !strings.Contains(m.Title(), tc.filter) {
				t.Errorf("title %q lacks the filter", m.Title())
			}
		})
	}
}

func itoa(n int) string { return commas(int64(n)) }

func TestBadFilterKeepsInputAndOldFilter(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 0), order(0, 1))
	press(t, m, "/")
	typeText(t, m, "key:C-1")
	press(t, m, "enter")
	press(t, m, "/")
	if m.input.Value() != "key:C-1" {
		t.Errorf("/ should open on the current filter, got %q", m.input.Value())
	}
	m.input.SetValue("")
	typeText(t, m, "re:(")
	press(t, m, "enter")
	if !m.InputFocused() || m.input.Value() != "re:(" {
		t.Fatalf("input closed or lost text: %q", m.input.Value())
	}
	if !strings.Contains(view(m), "regular expression") {
		t.Errorf("no error shown:\n%s", view(m))
	}
	press(t, m, "esc")
	if m.filter.src != "key:C-1" || m.count() != 1 {
		t.Errorf("esc should keep the old filter: %q shows %d", m.filter.src, m.count())
	}
	// esc with a filter applied clears it rather than leaving.
	if !m.HandlesEsc() {
		t.Fatal("esc should be the pane's while a filter is applied")
	}
	if msgs := press(t, m, "esc"); len(msgs) != 0 || m.filter != nil || m.count() != 2 {
		t.Errorf("esc: %v filter %v count %d", msgs, m.filter, m.count())
	}
	if _, ok := uitest.Has[common.BackMsg](press(t, m, "esc")); !ok {
		t.Error("esc without a filter should go back")
	}
}

func TestJQColumn(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 3), rec(0, 4, "k", "not json"))
	press(t, m, "C")
	typeText(t, m, ".customer.id")
	press(t, m, "enter")
	feed(t, m, f, order(0, 5))
	if len(m.cols) != 1 {
		t.Fatalf("columns %v", m.cols)
	}
	want := []string{"C-3", "", "C-5"}
	for i, w := range want {
		if got := m.entryAt(i).cols[0]; got != w {
			t.Errorf("row %d column %q, want %q", i, got, w)
		}
	}
	mustContain(t, view(m), ".customer.id", "C-3 ")
	// A bad path is flagged and kept.
	press(t, m, "C")
	typeText(t, m, ".a[")
	press(t, m, "enter")
	if !m.InputFocused() || !strings.Contains(view(m), "jq") {
		t.Errorf("bad jq column not flagged:\n%s", view(m))
	}
	press(t, m, "esc")
	press(t, m, "X")
	if len(m.cols) != 0 || len(m.entryAt(0).cols) != 0 || strings.Contains(view(m), ".customer.id") {
		t.Errorf("X did not remove the column")
	}
}

func TestEscapesShowAsText(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	evil := rec(0, 7, "k\x1b]0;pwned\x07", "before\x1b[2Jafter \x1b]0;title\x07 end\n\u202e",
		kafkaops.Header{Key: "h", Value: []byte("\x1b[31m")})
	feed(t, m, f, order(0, 6), evil)
	raw := m.View()
	if strings.Contains(raw, "\x1b[2J") || strings.Contains(raw, "\x1b]0;") || strings.Contains(raw, "\x07") {
		t.Fatalf("raw escape reached the view: %q", raw)
	}
	v := view(m)
	mustContain(t, v, `before\x1b[2Jafter \x1b]0;title\x07 end\n\u202e`, `k\x1b]0;pwned\x07`)
	uitest.CheckFrame(t, v, 100, 30)
	uitest.Golden(t, "tail_100x30", v)
	m.SetSize(80, 24)
	v = view(m)
	uitest.CheckFrame(t, v, 80, 24)
	uitest.Golden(t, "tail_80x24", v)
}

func TestFilteredGolden(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	var recs []kafkaops.Record
	for i := range 40 {
		recs = append(recs, order(int32(i%3), int64(i)))
	}
	feed(t, m, f, recs...)
	press(t, m, "C")
	typeText(t, m, ".amount")
	press(t, m, "enter")
	press(t, m, "/")
	typeText(t, m, `jq:.customer.id == "C-2"`)
	press(t, m, "enter")
	m.Update(own(m, tickMsg{at: fixedNow.Add(2 * time.Second)}))
	v := view(m)
	uitest.CheckFrame(t, v, 100, 30)
	uitest.Golden(t, "tail_jq_100x30", v)
}

func TestRatesFromTicks(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.tickEvery = time.Hour // the next tick is the test's
	var recs []kafkaops.Record
	for i := range 30 {
		recs = append(recs, order(0, int64(i)))
	}
	feed(t, m, f, recs...)
	m.Update(own(m, tickMsg{at: fixedNow.Add(2 * time.Second)}))
	if m.rate != 15 {
		t.Errorf("rate %.1f msg/s, want 15", m.rate)
	}
	mustContain(t, view(m), "15 msg/s")
}

func TestStoppedWithErrorShowsIt(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	ch := make(chan []kafkaops.Record, 1)
	ch <- []kafkaops.Record{order(0, 1)}
	close(ch)
	m.NextGen()
	src := &source{batches: ch, cancel: func() {},
		err: func() error { return errors.New("read orders/0: the topic no longer exists (deleted?)") },
		positions: func() []kafkaops.PartitionPosition {
			return []kafkaops.PartitionPosition{{Partition: 0, Next: 2, HighWatermark: 5}}
		},
	}
	_, cmd := m.Update(own(m, openedMsg{src: src}))
	for _, msg := range uitest.RunCmd(t, waitOnly(m)) {
		m.Update(msg)
	}
	_ = cmd
	m.SetSize(140, 30) // the position line is cut at the width
	v := view(m)
	mustContain(t, v, "stopped", "stopped: read orders/0: the topic no longer exists", "p0 @2 lag 3", "1 recv")
}

func TestReconnectingFromPositions(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.src.positions = func() []kafkaops.PartitionPosition {
		return []kafkaops.PartitionPosition{{Partition: 0, Next: 4, HighWatermark: 4, Retrying: errors.New("not leader for partition")}}
	}
	m.Update(own(m, tickMsg{at: fixedNow.Add(time.Second)}))
	mustContain(t, view(m), "reconnecting", "retrying: not leader for partition")
}

func TestCloseCancelsTheStream(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.Close()
	select {
	case <-f.ctx.Done():
	case <-time.After(time.Minute): // a condition, not a speed
		t.Fatal("Close did not cancel the stream's context")
	}
}

func TestExportWritesConsumeJSON(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	recs := []kafkaops.Record{order(0, 1), rec(0, 2, "bin", "\xff\x00"), order(1, 3)}
	feed(t, m, f, recs...)
	press(t, m, "/")
	typeText(t, m, "key:re:^(C|bin)")
	press(t, m, "enter")
	press(t, m, "e")
	if !strings.HasPrefix(m.input.Value(), "orders-20250314-150926") {
		t.Errorf("proposed name %q", m.input.Value())
	}
	// A name without a directory lands in the current one, which the
	// status names in full.
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join(dir, "out.jsonl")
	m.input.SetValue("out.jsonl")
	msgs := press(t, m, "enter")
	var st common.StatusMsg
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		if s, ok := uitest.Has[common.StatusMsg](uitest.RunCmd(t, cmd)); ok {
			st = s
		}
	}
	if !strings.Contains(st.Text, "exported 3 records to "+path) {
		t.Errorf("status %+v", st)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for i := range recs {
		want = recordjson.Append(want, &recs[i])
	}
	if string(got) != string(want) {
		t.Errorf("export:\n%s\nwant:\n%s", got, want)
	}
	// An existing file is not overwritten.
	press(t, m, "e")
	m.input.SetValue(path)
	msgs = press(t, m, "enter")
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		if s, ok := uitest.Has[common.StatusMsg](uitest.RunCmd(t, cmd)); !ok || s.Kind != common.StatusError {
			t.Errorf("overwrite not refused: %+v", s)
		}
	}
}

func TestCopySelectedValue(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	var copied string
	m.clip = func(s string) tea.Cmd {
		return func() tea.Msg { copied = s; return clipboard.CopiedMsg{Bytes: len(s)} }
	}
	feed(t, m, f, order(0, 1), order(0, 2))
	press(t, m, "k")
	msgs := press(t, m, "y")
	if copied != string(order(0, 1).Value) {
		t.Errorf("copied %q", copied)
	}
	if st, ok := uitest.Has[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "0/1") {
		t.Errorf("status %v", msgs)
	}
}

func TestEnterOpensInspectorWithNavigation(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 1), rec(0, 2, "k", "not json"), order(0, 3), order(1, 4))
	press(t, m, "/")
	typeText(t, m, "jq:.id")
	press(t, m, "enter")
	press(t, m, "k") // on 0/3
	open, ok := uitest.Has[common.OpenMsg](press(t, m, "enter"))
	if !ok {
		t.Fatal("enter did not open the inspector")
	}
	ins, ok := open.To.(common.OpenInspector)
	if !ok || ins.Record.Offset != 3 || ins.Nav == nil {
		t.Fatalf("asked for %#v", open.To)
	}
	nav := ins.Nav
	if r, _, _, ok := nav.Prev(ins.Record); !ok || r.Offset != 1 {
		t.Errorf("prev of 3 is %d (skipping the non-JSON 2), ok=%v", r.Offset, ok)
	}
	if r, _, _, ok := nav.Next(ins.Record); !ok || r.Offset != 4 {
		t.Errorf("next of 3 is %d", r.Offset)
	}
	if _, _, _, ok := nav.Next(order(1, 4)); ok {
		t.Error("next of the newest should be none")
	}
	if why := m.filter.why(&kafkaops.Record{Value: []byte("not json")}); !strings.Contains(why, "not JSON") {
		t.Errorf("why = %q", why)
	}
}

func TestStaleResultsDropped(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.Update(common.Result{Origin: m.Origin(), Gen: m.Gen() - 1, Msg: batchMsg{recs: []kafkaops.Record{order(0, 1)}}})
	m.Update(common.Result{Origin: m.Origin() + 1000, Gen: m.Gen(), Msg: batchMsg{recs: []kafkaops.Record{order(0, 1)}}})
	if m.received != 0 {
		t.Errorf("took a batch that was not its own")
	}
	cancelled := false
	m.Update(common.Result{Origin: m.Origin(), Gen: m.Gen() - 1, Msg: openedMsg{src: &source{cancel: func() { cancelled = true }}}})
	if !cancelled {
		t.Error("a stale stream should be cancelled")
	}
}

func TestJQKeepsBigIntegers(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, rec(0, 1, "k", `{"id":1234567890123456789,"n":1.5}`), rec(0, 2, "k", `{"id":1} trailing`))
	press(t, m, "C")
	typeText(t, m, ".id")
	press(t, m, "enter")
	if got := m.entryAt(0).cols[0]; got != "1234567890123456789" {
		t.Errorf("big id shows as %q", got)
	}
	if got := m.entryAt(1).cols[0]; got != "" {
		t.Errorf("a value with trailing data is not JSON, got %q", got)
	}
	press(t, m, "/")
	typeText(t, m, "jq:.id == 1234567890123456789")
	press(t, m, "enter")
	if m.count() != 1 {
		t.Errorf("jq on a big integer matched %d records", m.count())
	}
}

// TestPausedPositionSaysItsTime: paused, nothing is read, so position and
// lag stop while the partitions grow on: the position line says as of
// when, and stops saying it on resume.
func TestPausedPositionSaysItsTime(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 1))
	if strings.Contains(m.positionLine(), "as of") {
		t.Fatalf("live position line says as of: %q", m.positionLine())
	}
	press(t, m, " ")
	want := "as of " + m.c.Now().In(m.loc).Format("15:04:05") + " (paused)"
	if got := m.positionLine(); !strings.Contains(got, want) {
		t.Errorf("paused position line %q lacks %q", got, want)
	}
	press(t, m, " ")
	if strings.Contains(m.positionLine(), "as of") {
		t.Errorf("resumed position line still says as of: %q", m.positionLine())
	}
}

// TestPositionLineGivesWayByImportance: twelve partitions do not fit in 80
// or 120 columns; the ones behind stay, the caught-up ones give way and
// are counted, and the line fits.
func TestPositionLineGivesWayByImportance(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.pos = nil
	for p := range int32(12) {
		next := int64(1_000_000 + int(p))
		pos := kafkaops.PartitionPosition{Partition: p, Next: next, HighWatermark: next}
		if p == 7 || p == 11 {
			pos.HighWatermark += 250_000
		}
		m.pos = append(m.pos, pos)
	}
	for _, w := range []int{80, 120} {
		m.SetSize(w, 30)
		line := ansi.Strip(m.positionLine())
		if ansi.StringWidth(line) > w {
			t.Errorf("at %d the line is %d wide: %q", w, ansi.StringWidth(line), line)
		}
		for _, want := range []string{"p7 lag 250,000", "p11 lag 250,000"} {
			if !strings.Contains(line, want) {
				t.Errorf("at %d the line lacks %q: %q", w, want, line)
			}
		}
		if !strings.Contains(line, "+10 more") && !strings.Contains(line, "10 caught up") {
			t.Errorf("at %d the line does not count the partitions left out: %q", w, line)
		}
	}
	m.SetSize(400, 30)
	if line := ansi.Strip(m.positionLine()); strings.Contains(line, "caught up") || !strings.Contains(line, "p0 @1000000") {
		t.Errorf("at 400 every partition fits: %q", line)
	}
}

// TestStatusLineKeepsStateAndFollow: at 80 columns the tail's header keeps
// its state and the follow state (what the screen is doing); counters give
// way first.
func TestStatusLineKeepsStateAndFollow(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f, order(0, 1), order(1, 2))
	press(t, m, "/")
	typeText(t, m, "value:nothing-matches")
	press(t, m, "enter")
	press(t, m, "k") // follow off
	m.aborted, m.open = 3, 1
	for _, w := range []int{60, 80} {
		m.SetSize(w, 24)
		line := ansi.Strip(m.statusLine())
		if ansi.StringWidth(line) > w {
			t.Errorf("at %d the line is %d wide: %q", w, ansi.StringWidth(line), line)
		}
		for _, want := range []string{"live", "follow off (F)", "hidden 2"} {
			if !strings.Contains(line, want) {
				t.Errorf("at %d the header lacks %q: %q", w, want, line)
			}
		}
	}
	m.SetSize(200, 24)
	if line := ansi.Strip(m.statusLine()); !strings.Contains(line, "held 2/") || !strings.Contains(line, "recv") {
		t.Errorf("at 200 the counters are missing: %q", line)
	}
}
