package inspector

import (
	"github.com/charmbracelet/x/ansi"

	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
)

// classes renders a line as its tokens' classes, one letter per byte:
// k key, s string, n number, l literal, p punctuation, . plain.
func classes(line string, toks []token) string {
	letters := [...]byte{clPlain: '.', clKey: 'k', clString: 's', clNumber: 'n', clLiteral: 'l', clPunct: 'p'}
	var b strings.Builder
	pos := 0
	for _, t := range toks {
		for ; pos < int(t.end); pos++ {
			b.WriteByte(letters[t.class])
		}
	}
	for ; pos < len(line); pos++ {
		b.WriteByte('?')
	}
	return b.String()
}

func TestJSONLinesLexedInContext(t *testing.T) {
	d := buildDoc([]byte(`{"a":{"b":[1,"x",{"c":true}],"d":[[null]]},"e":-1.5e3}`), modeAuto)
	want := []string{
		"p",
		"..kkkp.p",
		"....kkkp.p",
		"......np",
		"......sssp",
		"......p",
		"........kkkp.llll",
		"......p",
		"....pp",
		"....kkkp.p",
		"......p",
		"........llll",
		"......p",
		"....p",
		"..pp",
		"..kkkp.nnnnnn",
		"p",
	}
	if len(d.lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(d.lines), len(want), strings.Join(d.lines, "\n"))
	}
	for i, l := range d.lines {
		if got := classes(l, lexLine(l, d.ctx[i])); got != want[i] {
			t.Errorf("line %d %q:\n got %s\nwant %s", i, l, got, want[i])
		}
	}
}

func TestLongLinesNotLexed(t *testing.T) {
	long := `  "blob": "` + strings.Repeat("x", maxLexLine) + `"`
	if toks := lexLine(long, ctxObject); toks != nil {
		t.Errorf("a %d-byte line was lexed", len(long))
	}
}

func TestWrap(t *testing.T) {
	lines := []string{"", "abcdefgh", "abcdefghi", "日本語テキスト", "ab日本"}
	var got []string
	for _, r := range wrapLines(lines, 4) {
		got = append(got, lines[r.line][r.start:r.end])
	}
	want := []string{"", "abcd", "efgh", "abcd", "efgh", "i", "日本", "語テ", "キス", "ト", "ab日", "本"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestHexRowWidths(t *testing.T) {
	data := []byte("0123456789abcdefXYZ")
	for _, per := range []int{8, 16} {
		for r := range hexRowCount(len(data), per) {
			off, hex, text := hexRow(data, r, per)
			if w := len(off + "  " + hex + "  " + text); w != hexWidth(per) && r < len(data)/per {
				t.Errorf("per %d row %d: %d cells, want %d", per, r, w, hexWidth(per))
			}
		}
	}
	if hexPerRow(77) != 8 || hexPerRow(78) != 16 {
		t.Errorf("hexPerRow(77)=%d hexPerRow(78)=%d", hexPerRow(77), hexPerRow(78))
	}
}

// BenchmarkLexLongLine is the worst line chroma is given: a string just
// under maxLexLine, full of backslashes.
func BenchmarkLexLongLine(b *testing.B) {
	l := `  "s": "` + strings.Repeat(`a\\b\"`, (maxLexLine-12)/6) + `",`
	for b.Loop() {
		if lexLine(l, ctxObject) == nil {
			b.Fatal("not lexed")
		}
	}
}

func TestTimeLine(t *testing.T) {
	rec := record("k", "v")
	for _, tc := range []struct {
		now  time.Time
		typ  kafkaops.TimestampType
		want string
	}{
		{now, kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC · CreateTime · 4m31s ago · 2026-11-22 01:35:28.123 CET"},
		{time.Date(2026, 11, 22, 0, 35, 28, 0, time.UTC), kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC · CreateTime · 123ms in the future"},
		{time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), kafkaops.LogAppendTime, "Time   2026-11-22 00:35:28.123 UTC · LogAppendTime · 3d02h ago"},
	} {
		c := newCommon(themes.Plain())
		c.Now = func() time.Time { return tc.now }
		rec.TimeType = tc.typ
		m := New(c, rec, nil)
		m.SetSize(200, 30)
		if got := m.timeLine(); got != tc.want {
			t.Errorf("now %s:\n got %q\nwant %q", tc.now, got, tc.want)
		}
		// A LogAppendTime record's time is the broker's: the view says so.
		if got, want := strings.Contains(m.View(), appendTimeNote), tc.typ == kafkaops.LogAppendTime; got != want {
			t.Errorf("%v: note shown %v, want %v:\n%s", tc.typ, got, want, m.View())
		}
	}
	rec.Time = time.Time{}
	if got := New(newCommon(themes.Plain()), rec, nil).timeLine(); !strings.Contains(got, "no timestamp") {
		t.Errorf("zero time: %q", got)
	}
}

// TestTimeLineGivesWayAt80 is defect 7 in the inspector: at 80 columns the
// time line cut the local time to "2026-11-22 01:35:…". Its parts give way
// whole instead: CreateTime (the default) first, then the age, then the
// local time; the UTC time stays. LogAppendTime, which changes what the
// time means, stays longer than the age. Notes wrap under themselves.
func TestTimeLineGivesWayAt80(t *testing.T) {
	rec := record("k", "v")
	for _, tc := range []struct {
		w    int
		now  time.Time
		typ  kafkaops.TimestampType
		want string
	}{
		{80, now, kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC · 4m31s ago · 2026-11-22 01:35:28.123 CET"},
		{65, now, kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC · 2026-11-22 01:35:28.123 CET"},
		{50, now, kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC · 4m31s ago"},
		{40, now, kafkaops.CreateTime, "Time   2026-11-22 00:35:28.123 UTC"},
		{80, now, kafkaops.LogAppendTime, "Time   2026-11-22 00:35:28.123 UTC · LogAppendTime · 2026-11-22 01:35:28.123 CET"},
	} {
		c := newCommon(themes.Plain())
		c.Now = func() time.Time { return tc.now }
		rec.TimeType = tc.typ
		m := New(c, rec, nil)
		m.SetSize(tc.w, 24)
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		if got := strings.TrimRight(lines[1], " "); got != tc.want {
			t.Errorf("at %d, %v:\n got %q\nwant %q", tc.w, tc.typ, got, tc.want)
		}
		if tc.typ == kafkaops.LogAppendTime {
			v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
			if !strings.Contains(v, "Note "+appendTimeNote) {
				t.Errorf("at %d the LogAppendTime note is not whole:\n%s", tc.w, m.View())
			}
		}
	}
}
