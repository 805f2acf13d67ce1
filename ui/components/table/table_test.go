package table

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var testCols = []Column{
	{Title: "NAME", Width: 10, Grow: 1},
	{Title: "COUNT", Width: 6, Align: AlignRight},
}

func newTable(n, w, h int) Model {
	m := New(testCols, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{Cells: []Cell{{Text: fmt.Sprintf("row-%03d", i)}, {Text: strconv.Itoa(i)}}}
	}
	m.SetRows(rows)
	m.SetSize(w, h)
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "ctrl+d":
		return tea.KeyMsg{Type: tea.KeyCtrlD}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// visible are the first cells of the rows on screen.
func visible(m *Model) []string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")[1:]
	var out []string
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "row-") {
			out = append(out, f[0])
		}
	}
	return out
}

func TestWindowFollowsCursor(t *testing.T) {
	m := newTable(100, 40, 11) // header + 10 rows
	if got := visible(&m); len(got) != 10 || got[0] != "row-000" || got[9] != "row-009" {
		t.Fatalf("first window %v", got)
	}
	for range 12 {
		m.Update(keyMsg("j"))
	}
	if m.Cursor() != 12 || m.Offset() != 3 {
		t.Errorf("after 12 downs cursor %d offset %d, want 12 and 3 (scroll as little as needed)", m.Cursor(), m.Offset())
	}
	if got := visible(&m); got[0] != "row-003" || got[9] != "row-012" {
		t.Errorf("window %v", got)
	}
	for range 5 {
		m.Update(keyMsg("k"))
	}
	if m.Cursor() != 7 || m.Offset() != 3 {
		t.Errorf("moving up inside the window must not scroll: cursor %d offset %d", m.Cursor(), m.Offset())
	}
	for range 5 {
		m.Update(keyMsg("k"))
	}
	if m.Cursor() != 2 || m.Offset() != 2 {
		t.Errorf("cursor %d offset %d, want 2 and 2", m.Cursor(), m.Offset())
	}
	for range 5 {
		m.Update(keyMsg("k"))
	}
	if m.Cursor() != 0 || m.Offset() != 0 {
		t.Errorf("past the top: cursor %d offset %d", m.Cursor(), m.Offset())
	}
}

func TestPageKeys(t *testing.T) {
	m := newTable(100, 40, 11)
	steps := []struct {
		key            string
		cursor, offset int
	}{
		{"pgdown", 10, 10},
		{"j", 11, 10},
		{"pgdown", 21, 20},
		{"ctrl+u", 16, 15},
		{"ctrl+d", 21, 20},
		{"pgup", 11, 10},
		{"G", 99, 90},
		{"pgdown", 99, 90},
		{"g", 0, 0},
		{"pgup", 0, 0},
		{"end", 99, 90},
		{"home", 0, 0},
	}
	for _, s := range steps {
		var msg tea.Msg = keyMsg(s.key)
		switch s.key {
		case "end":
			msg = tea.KeyMsg{Type: tea.KeyEnd}
		case "home":
			msg = tea.KeyMsg{Type: tea.KeyHome}
		}
		if !m.Update(msg) {
			t.Errorf("%s not handled", s.key)
		}
		if m.Cursor() != s.cursor || m.Offset() != s.offset {
			t.Errorf("after %s: cursor %d offset %d, want %d %d", s.key, m.Cursor(), m.Offset(), s.cursor, s.offset)
		}
	}
	if m.Update(keyMsg("x")) {
		t.Errorf("x is not a movement key")
	}
}

func TestMouseWheel(t *testing.T) {
	m := newTable(100, 40, 11)
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if m.Cursor() != 6 {
		t.Errorf("two wheel notches down: cursor %d, want 6", m.Cursor())
	}
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	if m.Cursor() != 3 {
		t.Errorf("one up: cursor %d, want 3", m.Cursor())
	}
	if m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionRelease}) {
		t.Errorf("a release is not a scroll")
	}
}

func TestSetRowsClampsCursorAndWindow(t *testing.T) {
	m := newTable(100, 40, 11)
	m.SetCursor(95)
	if m.Offset() != 86 {
		t.Fatalf("offset %d", m.Offset())
	}
	m.SetRows(m.Rows()[:20])
	if m.Cursor() != 19 || m.Offset() != 10 {
		t.Errorf("after shrinking to 20 rows: cursor %d offset %d, want 19 and 10", m.Cursor(), m.Offset())
	}
	m.SetRows(nil)
	if m.Cursor() != 0 || m.Offset() != 0 {
		t.Errorf("no rows: cursor %d offset %d", m.Cursor(), m.Offset())
	}
	if _, ok := m.Selected(); ok {
		t.Errorf("Selected with no rows")
	}
	m.SetEmpty("nothing here")
	if v := m.View(); !strings.Contains(v, "nothing here") {
		t.Errorf("empty view:\n%s", v)
	}
	// Growing the height shows more rows and keeps the window valid.
	m = newTable(100, 40, 11)
	m.SetCursor(99)
	m.SetSize(40, 31)
	if m.Offset() != 70 || len(visible(&m)) != 30 {
		t.Errorf("after growing: offset %d, %d visible", m.Offset(), len(visible(&m)))
	}
}

func TestViewRendersOnlyTheWindow(t *testing.T) {
	m := newTable(10_000, 60, 21)
	m.SetCursor(5_000)
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 21 {
		t.Fatalf("%d lines, want 21", len(lines))
	}
	got := visible(&m)
	if len(got) != 20 || got[19] != "row-5000" {
		t.Errorf("window %v", got)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 60 {
			t.Errorf("line %d is %d cells, want 60", i, w)
		}
	}
}

func TestNarrowWidthTruncatesWithEllipsis(t *testing.T) {
	m := New([]Column{
		{Title: "NAME", Width: 20, Grow: 1},
		{Title: "PARTITIONS", Width: 10, Align: AlignRight},
		{Title: "MESSAGES", Width: 8, Align: AlignRight},
	}, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetRows([]Row{{Cells: []Cell{{Text: "a-rather-long-topic-name-indeed"}, {Text: "12"}, {Text: "1.2M"}}}})
	for _, w := range []int{80, 40, 30, 20, 12, 5, 1} {
		m.SetSize(w, 3)
		v := ansi.Strip(m.View())
		lines := strings.Split(v, "\n")
		if len(lines) != 3 {
			t.Errorf("width %d: %d lines (wrapped?)", w, len(lines))
		}
		for i, l := range lines[:2] {
			if lw := ansi.StringWidth(l); lw != w {
				t.Errorf("width %d: line %d is %d cells: %q", w, i, lw, l)
			}
		}
		if w < 40 && w >= 12 && !strings.Contains(lines[1], "…") {
			t.Errorf("width %d: the long name should end in an ellipsis: %q", w, lines[1])
		}
	}
	// The widest column gives way first: at 40 the name shrinks while the
	// number columns keep their width.
	m.SetSize(40, 3)
	if ws := m.ColumnWidths(); ws[1] != 10 || ws[2] != 8 || ws[0] != 40-2-4-18 {
		t.Errorf("widths at 40: %v", ws)
	}
}

func TestWideUnicodeNames(t *testing.T) {
	m := New([]Column{{Title: "NAME", Width: 10, Grow: 1}, {Title: "N", Width: 3, Align: AlignRight}},
		keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetRows([]Row{
		{Cells: []Cell{{Text: "注文イベント処理"}, {Text: "1"}}}, // 16 cells
		{Cells: []Cell{{Text: "café-☕-topic"}, {Text: "2"}}},
		{Cells: []Cell{{Text: "ascii"}, {Text: "3"}}},
	})
	m.SetSize(2+11+2+3, 4) // the name column gets 11 cells
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 18 {
			t.Errorf("line %d is %d cells, want 18: %q", i, w, l)
		}
	}
	// 5 wide characters (10 cells) and an ellipsis; a sixth would overflow.
	if !strings.HasPrefix(lines[1], " 注文イベン…  ") {
		t.Errorf("wide name cut wrongly: %q", lines[1])
	}
	if !strings.HasSuffix(lines[1], "  1 ") || !strings.HasSuffix(lines[3], "  3 ") {
		t.Errorf("the number column moved: %q / %q", lines[1], lines[3])
	}
}

func TestLayoutGrowAndFit(t *testing.T) {
	m := New([]Column{
		{Title: "A", Width: 5, Grow: 1},
		{Title: "B", Width: 5, Grow: 3},
		{Title: "IDS", Width: 3, Fit: true},
	}, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetSize(2+5+2+5+2+3+40, 2)
	if ws := m.ColumnWidths(); ws[0] != 15 || ws[1] != 35 || ws[2] != 3 {
		t.Errorf("grow by weight: %v", ws)
	}
	m.SetRows([]Row{{Cells: []Cell{{}, {}, {Text: "1001,1002,1003"}}}})
	if ws := m.ColumnWidths(); ws[2] != 14 || ws[0]+ws[1] != 50-11 {
		t.Errorf("fit column should widen to its content, taking from growth: %v", ws)
	}
}

func TestHintsStyleTextNotPadding(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	plain := common.NewStyles(themes.Plain()) // warnings underline, selection reverses
	m := New([]Column{{Title: "N", Width: 6}, {Title: "C", Width: 4, Align: AlignRight}},
		keymap.DefaultKeyMap().List, NewStyles(plain))
	m.SetRows([]Row{
		{Cells: []Cell{{Text: "a"}, {Text: "0"}}},
		{Cells: []Cell{{Text: "b"}, {Text: "2", Hint: HintWarning}}},
		{Cells: []Cell{{Text: "c"}, {Spans: []Span{{Text: "1"}, {Text: ","}, {Text: "3", Hint: HintWarning}}}}},
	})
	m.SetSize(14, 4)
	lines := strings.Split(m.View(), "\n")
	underline := plain.Warning.Render("2")
	if underline == "2" {
		t.Fatal("the test needs a style that renders")
	}
	if !strings.Contains(lines[2], "   "+underline+" ") {
		t.Errorf("warning cell: %q, want the padding outside %q", lines[2], underline)
	}
	if !strings.Contains(lines[3], "1,"+plain.Warning.Render("3")) {
		t.Errorf("span: %q", lines[3])
	}
	// The selected row is one unbroken selection bar.
	if want := plain.Selected.Render(" a" + strings.Repeat(" ", 10) + "0 "); lines[1] != want {
		t.Errorf("selected row %q, want %q", lines[1], want)
	}
}

func TestDropColumnsGiveWayBeforeNamesAreCut(t *testing.T) {
	m := New([]Column{
		{Title: "NAME", Width: 4, Grow: 1, Fit: true},
		{Title: "N", Width: 3, Align: AlignRight, Keep: true},
		{Title: "TREND", Width: 6, Keep: true, Drop: 1},
		{Title: "SPARK", Width: 5, Keep: true, Drop: 2},
	}, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetRows([]Row{{Cells: []Cell{{Text: "clickstream"}, {Text: "12"}, {Text: "▁▃▆█"}, {Text: "xx"}}}})
	// All fit: nothing is dropped.
	m.SetSize(2+11+2+3+2+6+2+5, 2)
	if ws := m.ColumnWidths(); ws[0] != 11 || ws[2] != 6 || ws[3] != 5 {
		t.Errorf("wide enough for all: %v", ws)
	}
	// One cell short: the highest Drop goes, the name stays whole and
	// takes what is left.
	m.SetSize(2+11+2+3+2+6+2+5-1, 2)
	ws := m.ColumnWidths()
	if ws[3] != 0 || ws[2] != 6 || ws[0] != 11+6 {
		t.Errorf("SPARK should give way first: %v", ws)
	}
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if lines[0] != " NAME                 N  TREND  " || !strings.HasPrefix(lines[1], " clickstream ") {
		t.Errorf("view without SPARK:\n%q\n%q", lines[0], lines[1])
	}
	// Shorter still: TREND goes too, before the name is cut.
	m.SetSize(2+11+2+3+2+3, 2)
	if ws := m.ColumnWidths(); ws[2] != 0 || ws[3] != 0 || ws[0] != 11+5 {
		t.Errorf("TREND should give way before the name: %v", ws)
	}
	lines = strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 23 {
			t.Errorf("line %d is %d cells, want 23: %q", i, w, l)
		}
	}
	// Too narrow for the name even alone: it is cut, the rest dropped.
	m.SetSize(12, 2)
	if ws := m.ColumnWidths(); ws[2] != 0 || ws[3] != 0 || ws[1] != 3 || ws[0] != 12-2-2-3 {
		t.Errorf("narrow: %v", ws)
	}
}

// TestShortTitleBeforeDropAndCut: a column with a Short title takes it
// when the columns do not fit, before a name is cut, and keeps its full
// title whenever there is room once the Drop columns are out.
func TestShortTitleBeforeDropAndCut(t *testing.T) {
	m := New([]Column{
		{Title: "NAME", Width: 4, Grow: 1, Fit: true},
		{Title: "PARTITION", Short: "PART", Width: 4, Align: AlignRight, Keep: true},
		{Title: "TREND", Width: 6, Keep: true, Drop: 1},
	}, keymap.DefaultKeyMap().List, NewStyles(common.NewStyles(themes.Dark())))
	m.SetRows([]Row{{Cells: []Cell{{Text: "clickstream"}, {Text: "12"}, {Text: "▁▃▆█"}}}})
	header := func() string { return strings.Split(ansi.Strip(m.View()), "\n")[0] }
	// All fit with the full title.
	m.SetSize(2+11+2+9+2+6, 2)
	if h := header(); h != " NAME         PARTITION  TREND  " {
		t.Errorf("wide enough for all: %q", h)
	}
	// One cell short: PART, and the trend stays.
	m.SetSize(2+11+2+9+2+6-1, 2)
	if h, ws := header(), m.ColumnWidths(); h != " NAME             PART  TREND  " || ws[0] != 11+4 {
		t.Errorf("one short: %q %v", h, ws)
	}
	// Too narrow for the trend even with PART: the trend goes, and
	// the room it leaves gives PARTITION back.
	m.SetSize(2+11+2+4+2+6-1, 2)
	if h, ws := header(), m.ColumnWidths(); h != " NAME           PARTITION " || ws[2] != 0 || ws[0] != 11+2 {
		t.Errorf("without the trend: %q %v", h, ws)
	}
	// Narrower: PART before the name is cut.
	m.SetSize(2+11+2+4, 2)
	if h, ws := header(), m.ColumnWidths(); h != " NAME         PART " || ws[0] != 11 {
		t.Errorf("narrow: %q %v", h, ws)
	}
	if r := strings.Split(ansi.Strip(m.View()), "\n")[1]; !strings.HasPrefix(r, " clickstream ") {
		t.Errorf("the name is cut: %q", r)
	}
}
