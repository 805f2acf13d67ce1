package tail

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// loops are jq expressions that never finish on a record, each in its own
// way: an unbounded generator collected, an endless until, a recursive def.
var loops = []string{`[repeat(1)] | length > 0`, `until(false; .)`, `def f: f; f`, `last(range(1e15))`}

// TestLoopingJQFilterIsRefused types filters that never finish while
// records are held: each is stopped after jqLimit on the first record, the
// input stays open with the reason and the previous filter stays applied.
func TestLoopingJQFilterIsRefused(t *testing.T) {
	perRecordLimit(t)
	for _, expr := range loops {
		t.Run(expr, func(t *testing.T) {
			f := newFake()
			m, _ := started(t, f, 0)
			feed(t, m, f, order(0, 1), order(0, 2), order(0, 3))
			press(t, m, "/")
			typeText(t, m, "jq:.id >= 2")
			press(t, m, "enter")
			if m.count() != 2 {
				t.Fatalf("first filter shows %d, want 2", m.count())
			}
			press(t, m, "/")
			m.input.SetValue("jq:" + expr)
			// The expression never ends on its own: Update returning at all
			// shows the limit stopped it (how soon is the machine's).
			press(t, m, "enter")
			if !m.InputFocused() || !strings.Contains(m.inputErr, "does it loop?") {
				t.Fatalf("looping filter not refused: err %q\n%s", m.inputErr, view(m))
			}
			mustContain(t, view(m), "ran for over 100ms")
			if m.filterSrc() != "jq:.id >= 2" || m.count() != 2 {
				t.Errorf("previous filter lost: %q shows %d", m.filterSrc(), m.count())
			}
		})
	}
}

// TestLoopingJQFromTheFormIsRemoved gives a looping filter and column
// before any record is held: the first batch trips them, costing one limit
// each, and they are removed with a note in the status line while the
// records show.
func TestLoopingJQFromTheFormIsRemoved(t *testing.T) {
	perRecordLimit(t)
	f := newFake()
	m := New(newCommon(0), f, "orders")
	m.SetSize(100, 30)
	m.form.Input(fieldFilter).SetValue("jq:until(false; .)")
	_, cmd := m.Update(uitest.Key("enter"))
	op, raw, ok := uitest.Result[openedMsg](uitest.RunCmd(t, cmd))
	if !ok || op.err != nil {
		t.Fatalf("stream not opened")
	}
	m.Update(raw)
	press(t, m, "C")
	m.input.SetValue("[repeat(.)] | length")
	press(t, m, "enter") // nothing held yet: accepted
	if len(m.cols) != 1 || m.filter == nil {
		t.Fatalf("filter %v columns %d before records", m.filter, len(m.cols))
	}
	for i := range 50 {
		f.ch <- []kafkaops.Record{order(0, int64(i))}
	}
	close(f.ch) // the one batch holds all 50 and ends the stream
	var notes []string
	for _, msg := range uitest.RunCmd(t, waitOnly(m)) {
		_, cmd := m.Update(msg)
		for _, msg := range uitest.RunCmd(t, cmd) {
			if s, ok := msg.(common.StatusMsg); ok {
				notes = append(notes, s.Text)
			}
		}
	}
	if m.filter != nil || len(m.cols) != 0 || m.count() != 50 {
		t.Errorf("after the loop: filter %v, %d columns, %d shown", m.filter, len(m.cols), m.count())
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{"until(false; .) ran for over 100ms", "filter removed", "column removed"} {
		if !strings.Contains(all, want) {
			t.Errorf("status notes %q lack %q", notes, want)
		}
	}
}

// TestSlowUpdateIsNotCountedAgainstJQ checks that only the expression's own
// run counts: time passing between runs (a long Update, a suspended
// terminal) does not trip the limit.
func TestSlowUpdateIsNotCountedAgainstJQ(t *testing.T) {
	e, err := compileJQ(".a")
	if err != nil {
		t.Fatal(err)
	}
	e.limit = time.Millisecond
	if _, ok := e.first(map[string]any{"a": 1}); !ok {
		t.Fatal("no result")
	}
	<-time.After(20 * e.limit) // idle past the limit many times over
	out, ok := e.first(map[string]any{"a": 2})
	if !ok || out != 2 || e.tooSlow() != "" {
		t.Errorf("after idling: %v %v %q", out, ok, e.tooSlow())
	}
}

// slowJQ takes milliseconds a record: far under jqLimit, but over a few
// thousand records far over jqPassLimit.
const slowJQ = `[range(20000)] | length > 0`

// passLimitOnly raises the per-record limit for one test, so that only the
// pass limit can stop slowJQ, however the machine stalls a record.
func passLimitOnly(t *testing.T) {
	recordLimit = time.Minute
}

// manyOrders is n records with JSON values; those with slow set carry
// "slow": true.
func manyOrders(n int, slow bool) []kafkaops.Record {
	out := make([]kafkaops.Record, n)
	for i := range out {
		out[i] = rec(0, int64(i), "k", fmt.Sprintf(`{"id":%d,"slow":%v}`, i, slow))
	}
	return out
}

// TestSlowJQOverManyRecordsIsRefused: an expression that is quick enough
// on one record but too slow over the held records is refused when
// applied, as a loop is, and the filter that was there stays.
func TestSlowJQOverManyRecordsIsRefused(t *testing.T) {
	passLimitOnly(t)
	f := newFake()
	m, _ := started(t, f, 0)
	m.add(manyOrders(5000, false), nil)
	press(t, m, "/")
	typeText(t, m, "jq:.id < 10")
	press(t, m, "enter")
	if m.count() != 10 {
		t.Fatalf("first filter shows %d, want 10", m.count())
	}
	press(t, m, "/")
	m.input.SetValue("jq:" + slowJQ)
	press(t, m, "enter")
	if !m.InputFocused() || !strings.Contains(m.inputErr, "too slow to keep up") {
		t.Fatalf("slow filter not refused: err %q", m.inputErr)
	}
	if m.filterSrc() != "jq:.id < 10" || m.count() != 10 {
		t.Errorf("previous filter lost: %q shows %d", m.filterSrc(), m.count())
	}
	press(t, m, "esc", "C")
	m.input.SetValue(slowJQ)
	press(t, m, "enter")
	if len(m.cols) != 0 || !strings.Contains(m.inputErr, "too slow to keep up") {
		t.Errorf("slow column: %d columns, err %q", len(m.cols), m.inputErr)
	}
}

// TestSlowJQOnABatchIsRemoved: a filter that is quick on the held records
// but slow on a large arriving batch is removed after that batch, with the
// reason in the status line, and every record shows.
func TestSlowJQOnABatchIsRemoved(t *testing.T) {
	passLimitOnly(t)
	f := newFake()
	m, _ := started(t, f, 0)
	m.add(manyOrders(10, false), nil)
	press(t, m, "/")
	typeText(t, m, "jq:if .slow then ("+slowJQ+") else true end")
	press(t, m, "enter")
	if m.filter == nil || m.count() != 10 {
		t.Fatalf("filter not applied: %v, %d shown", m.filter, m.count())
	}
	// The stream's last batch: no wait for another is armed.
	_, cmd := m.Update(own(m, batchMsg{recs: manyOrders(5000, true), closed: true}))
	var notes []string
	for _, msg := range uitest.RunCmd(t, cmd) {
		if s, ok := msg.(common.StatusMsg); ok {
			notes = append(notes, s.Text)
		}
	}
	if m.filter != nil || m.count() != 5010 {
		t.Errorf("after the slow batch: filter %v, %d shown", m.filter, m.count())
	}
	if got := strings.Join(notes, "; "); !strings.Contains(got, "too slow to keep up: filter removed") {
		t.Errorf("status: %q", got)
	}
}
