package tail

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// inspectAt asks for the inspector on the shown record at index i and
// returns what the tail asked the root to open.
func inspectAt(t *testing.T, m *Model, i int) common.OpenInspector {
	t.Helper()
	m.follow = false
	m.cursor = i
	m.clampView()
	open, ok := uitest.Has[common.OpenMsg](press(t, m, "enter"))
	if !ok {
		t.Fatal("enter did not open the inspector")
	}
	ins, ok := open.To.(common.OpenInspector)
	if !ok || open.Switch {
		t.Fatalf("asked for %#v", open)
	}
	return ins
}

// TestShowHiddenSaysWhy: H lists the records a filter hides, marked, and
// the inspector on one of them says why the filter passes it over; the
// count hidden, the export and n/N's walk of the filtered list stay as
// they were, and H again (or a new filter) lists only the matches.
func TestShowHiddenSaysWhy(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	feed(t, m, f,
		order(0, 1),
		rec(0, 2, "k", "not json"),
		rec(0, 3, "k", `{"other":true}`),
		order(0, 4))
	press(t, m, "/")
	typeText(t, m, "jq:.id")
	press(t, m, "enter")
	if m.count() != 2 || m.hidden() != 2 {
		t.Fatalf("filtered: %d shown, %d hidden", m.count(), m.hidden())
	}
	if n := markedRows(view(m)); n != 0 {
		t.Errorf("%d rows marked before H:\n%s", n, view(m))
	}

	press(t, m, "H")
	if !m.showHidden || m.count() != 4 || m.hidden() != 2 {
		t.Fatalf("after H: showHidden=%v, %d shown, %d hidden", m.showHidden, m.count(), m.hidden())
	}
	v := view(m)
	mustContain(t, v, "hides 2 of 4 held (listed, marked ·; enter says why)")
	if !helpHas(m, "H", "hide hidden") {
		t.Errorf("short help lacks H hide hidden: %v", m.ShortHelp())
	}
	for _, line := range strings.Split(v, "\n") {
		if markedRows(line) == 1 && !strings.Contains(line, "not json") && !strings.Contains(line, "other") {
			t.Errorf("a matching record is marked hidden: %q", line)
		}
	}
	if n := markedRows(v); n != 2 {
		t.Errorf("%d rows marked hidden, want 2:\n%s", n, v)
	}

	for _, tc := range []struct {
		at   int
		want string
	}{
		{1, "the jq filter jq:.id never matches this record: the value is not JSON"},
		{2, "the jq filter jq:.id hides this record: it gives <nil> for this value"},
	} {
		ins := inspectAt(t, m, tc.at)
		if !strings.Contains(ins.Note, tc.want) {
			t.Errorf("inspector on offset %d: note %q lacks %q", ins.Record.Offset, ins.Note, tc.want)
		}
	}
	if ins := inspectAt(t, m, 0); ins.Note != "" {
		t.Errorf("a matching record has a note: %q", ins.Note)
	}

	// n/N walk every listed record while H is on, and say why the hidden
	// one is hidden (the inspector shows the note it is given).
	if r, note, _, ok := (navigator{m}).Next(order(0, 1)); !ok || r.Offset != 2 || !strings.Contains(note, "not JSON") {
		t.Errorf("next of 1 with H is %d (note %q), want the hidden 2 with why", r.Offset, note)
	}
	if r, note, _, ok := (navigator{m}).Prev(order(0, 4)); !ok || r.Offset != 3 || note == "" {
		t.Errorf("prev of 4 with H is %d (note %q), want the hidden 3 with why", r.Offset, note)
	}
	if _, note, _, _ := (navigator{m}).Prev(order(0, 2)); note != "" {
		t.Errorf("prev of 2 is the matching 1, with a note %q", note)
	}
	// An export is of the filtered records, H or not.
	if recs, _ := m.shown(); offsets(recs) != "1,4" {
		t.Errorf("export with H holds %s, want 1,4", offsets(recs))
	}

	press(t, m, "H")
	if m.showHidden || m.count() != 2 {
		t.Errorf("H again: showHidden=%v, %d shown", m.showHidden, m.count())
	}
	press(t, m, "H", "/", "ctrl+u")
	typeText(t, m, "value:other")
	press(t, m, "enter")
	if m.showHidden || m.count() != 1 {
		t.Errorf("a new filter keeps H: showHidden=%v, %d shown", m.showHidden, m.count())
	}
	press(t, m, "H")
	if ins := inspectAt(t, m, 0); !strings.Contains(ins.Note, "the filter value:other hides this record: no match in the value") {
		t.Errorf("text filter note missing: %q", ins.Note)
	}
}

// TestShowHiddenWhileRecordsDrop: with H on, records dropped from a full
// ring move the cursor with them whether or not the filter matched them.
func TestShowHiddenWhileRecordsDrop(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 100) // the smallest ring
	for i := int64(0); i < 100; i++ {
		r := order(0, i)
		if i%2 == 1 {
			r = rec(0, i, "k", "text")
		}
		feed(t, m, f, r)
	}
	press(t, m, "/")
	typeText(t, m, "jq:.id")
	press(t, m, "enter", "H")
	m.follow = false
	m.cursor = 50
	m.clampView()
	want := m.entryAt(50).rec.Offset
	feed(t, m, f, order(0, 100), rec(0, 101, "k", "text"), order(0, 102))
	if got := m.entryAt(m.cursor).rec.Offset; got != want {
		t.Errorf("cursor moved from offset %d to %d as records dropped", want, got)
	}
	if m.count() != 100 || m.hidden() != 50 {
		t.Errorf("%d listed, %d hidden; want 100 and 50", m.count(), m.hidden())
	}
}

// markedRows counts the rows of v marked as hidden by the filter.
func markedRows(v string) int {
	n := 0
	for _, line := range strings.Split(v, "\n") {
		if len(line) > 14 && strings.HasPrefix(line[12:], "·") {
			n++
		}
	}
	return n
}

// helpHas says whether the pane's short help has a binding shown as k, desc.
func helpHas(m *Model, k, desc string) bool {
	for _, b := range m.ShortHelp() {
		if b.Help().Key == k && b.Help().Desc == desc {
			return true
		}
	}
	return false
}

func offsets(recs []kafkaops.Record) string {
	s := make([]string, len(recs))
	for i, r := range recs {
		s[i] = strconv.FormatInt(r.Offset, 10)
	}
	return strings.Join(s, ",")
}
