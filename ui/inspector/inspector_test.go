package inspector

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var (
	cet     = time.FixedZone("CET", 3600)
	now     = time.Date(2026, 11, 22, 1, 40, 0, 0, cet)
	recTime = time.Date(2026, 11, 22, 0, 35, 28, 123e6, time.UTC)
)

func newCommon(t themes.Theme) *common.Common {
	c := common.NewCommon(t)
	c.Now = func() time.Time { return now }
	return c
}

func record(key, value string) kafkaops.Record {
	r := kafkaops.Record{Topic: "orders", Partition: 3, Offset: 1234, Time: recTime, Value: []byte(value)}
	if key != "" {
		r.Key = []byte(key)
	}
	return r
}

func open(t testing.TB, rec kafkaops.Record, nav common.Navigator, w, h int) *Model {
	t.Helper()
	m := New(newCommon(themes.Plain()), rec, nav)
	m.SetSize(w, h)
	return m
}

// press sends keys and returns the messages their commands made.
func press(t testing.TB, m *Model, keys ...tea.Msg) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(k)
		out = append(out, uitest.RunCmd(t, cmd)...)
	}
	return out
}

func view(t testing.TB, m *Model, w, h int) string {
	t.Helper()
	v := m.View()
	uitest.CheckFrame(t, v, w, h)
	return ansi.Strip(v)
}

var sizes = []struct{ w, h int }{{100, 30}, {80, 24}}

func golden(t *testing.T, name string, rec kafkaops.Record, keys ...tea.Msg) {
	t.Helper()
	for _, s := range sizes {
		m := open(t, rec, nil, s.w, s.h)
		press(t, m, keys...)
		uitest.Golden(t, fmt.Sprintf("%s-%dx%d", name, s.w, s.h), view(t, m, s.w, s.h))
	}
}

const orderJSON = `{"id":"o-42","amount":1234.5000,"big":12345678901234567890,"paid":true,"note":null,` +
	`"items":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}],"tags":[],"customer":{"id":7,"name":"Zoë"}}`

func TestJSONView(t *testing.T) {
	rec := record("order-42", orderJSON)
	rec.Headers = []kafkaops.Header{{Key: "trace-id", Value: []byte("4bf92f3577b34da6")}, {Key: "source", Value: []byte("web")}}
	golden(t, "json", rec)
	m := open(t, rec, nil, 100, 30)
	v := view(t, m, 100, 30)
	for _, want := range []string{`"amount": 1234.5000`, `"big": 12345678901234567890`, "[auto: JSON]", "trace-id=4bf92f3577b34da6", "Headers (2)"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestTextViewWraps(t *testing.T) {
	long := strings.Repeat("abcdefghij", 25) // 250 characters on one line
	rec := record("k", "first line\n"+long+"\nlast line")
	golden(t, "text", rec)
	m := open(t, rec, nil, 80, 24)
	v := view(t, m, 80, 24)
	if !strings.Contains(v, strings.Repeat("abcdefghij", 8)+"\n") {
		t.Errorf("long line not wrapped at 80:\n%s", v)
	}
}

func TestBinaryHexView(t *testing.T) {
	b := make([]byte, 40)
	for i := range b {
		b[i] = byte(i * 7)
	}
	copy(b, "\xffsensor\x00")
	rec := record("", "")
	rec.Value = b
	golden(t, "hex", rec)
	m := open(t, rec, nil, 100, 30)
	v := view(t, m, 100, 30)
	if !strings.Contains(v, "00000000  ff 73 65 6e 73 6f 72 00  38 3f 46 4d 54 5b 62 69  |.sensor.8?FMT[bi|") {
		t.Errorf("hex row wrong:\n%s", v)
	}
	if !strings.Contains(v, "[auto: hex]") {
		t.Errorf("auto did not pick hex:\n%s", v)
	}
}

func TestNullKeyAndValue(t *testing.T) {
	rec := kafkaops.Record{Topic: "customer-profiles", Partition: 0, Offset: 9, Time: recTime}
	golden(t, "null", rec)
	v := view(t, open(t, rec, nil, 80, 24), 80, 24)
	if !strings.Contains(v, "Key    null") || !strings.Contains(v, "Value null") {
		t.Errorf("null key/value not shown as null:\n%s", v)
	}
	empty := record("", "")
	empty.Key = []byte{}
	v = view(t, open(t, empty, nil, 80, 24), 80, 24)
	if !strings.Contains(v, `Key    ""  (empty, 0 bytes)`) || !strings.Contains(v, "Value 0 B") {
		t.Errorf("empty key/value not told from null:\n%s", v)
	}
}

// evil holds what a hostile producer could put in a record: clear the
// screen, retitle the window, a C1 CSI both as a raw byte and as U+009B,
// and a right-to-left override.
const evil = "before\x1b[2J\x1b]0;pwned\x07mid\u009bx\u202eevil\u202c after"

// colourSGR matches an SGR sequence; colours are its parameters 30-49 and
// 90-107 (bold and reverse are not colour).
var colourSGR = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

func hasColour(s string) bool {
	for _, m := range colourSGR.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			n, _ := strconv.Atoi(p)
			if n >= 30 && n <= 49 || n >= 90 && n <= 107 {
				return true
			}
		}
	}
	return false
}

func TestEscapesShownHarmlessly(t *testing.T) {
	rec := record("key\x1b[31m", evil)
	rec.Headers = []kafkaops.Header{{Key: "h\x1b]0;t\x07", Value: []byte("v\x1b[2J\u202e")}}
	golden(t, "escapes", rec)
	for _, th := range []themes.Theme{themes.Dark(), themes.Plain()} {
		lipgloss.SetColorProfile(termenv.ANSI256)
		for v := modeAuto; v < modeCount; v++ {
			raw := rec
			raw.Value = append([]byte(evil), 0x9b, 0xff) // not UTF-8: auto is hex
			m := New(newCommon(th), raw, nil).WithNote("jq: \x1b[2J not JSON")
			m.SetSize(100, 30)
			for range v {
				press(t, m, uitest.Key("tab"))
			}
			press(t, m, uitest.Key("K"))
			out := m.View()
			for _, bad := range []string{"\x1b[2J", "\x1b]", "\x07", "\x9b", "\u009b", "\u202e", "\x1b[31m"} {
				if strings.Contains(out, bad) {
					t.Errorf("theme %s view %s: raw %q reaches the terminal", th.Name, v, bad)
				}
			}
			if hasColour(out) != !th.NoColor {
				t.Errorf("theme %s view %s: colour is %v", th.Name, v, hasColour(out))
			}
		}
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	bad := rec
	bad.Value = []byte("csi\x9bbyte")
	m := open(t, bad, nil, 80, 24)
	press(t, m, uitest.Key("tab")) // text: auto would pick hex
	if v := view(t, m, 80, 24); !strings.Contains(v, `csi\x9bbyte`) || !strings.Contains(v, "not valid UTF-8") {
		t.Errorf("raw C1 byte not shown escaped in the text view:\n%s", v)
	}
	v := view(t, open(t, rec, nil, 100, 30), 100, 30)
	for _, want := range []string{`before\x1b[2J\x1b]0;pwned\x07mid\u009bx\u202eevil\u202c after`, `h\x1b]0;t\x07=v\x1b[2J\u202e`, `key\x1b[31m`} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks visible escapes %q:\n%s", want, v)
		}
	}
}

// TestEscapesInJSON covers JSON that is valid yet carries a C1 control and
// a bidi override inside a string, with colour on: the highlighter runs on
// escaped text and must not bring the raw runes back.
func TestEscapesInJSON(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	rec := record("k", `{"a":"x`+"\u009b"+`y`+"\u202e"+`z","n":1}`)
	m := New(newCommon(themes.Dark()), rec, nil)
	m.SetSize(80, 24)
	raw := m.View()
	if strings.Contains(raw, "\u009b") || strings.Contains(raw, "\u202e") {
		t.Errorf("raw control in coloured JSON view: %q", raw)
	}
	if !strings.Contains(raw, "\x1b[") {
		t.Errorf("JSON not highlighted with colour on: %q", raw)
	}
	if v := ansi.Strip(raw); !strings.Contains(v, `"a": "x\u009by\u202ez"`) {
		t.Errorf("escaped JSON string missing:\n%s", v)
	}
}

func TestViewSwitching(t *testing.T) {
	rec := record("k", `{"a":[1,2]}`)
	m := open(t, rec, nil, 80, 24)
	want := []string{"[auto: JSON]", "[text]", "[JSON]", "[hex]"}
	for i, w := range want {
		if i > 0 {
			press(t, m, uitest.Key("tab"))
		}
		v := view(t, m, 80, 24)
		if !strings.Contains(v, w) {
			t.Errorf("after %d tabs bar lacks %q:\n%s", i, w, v)
		}
	}
	if v := view(t, m, 80, 24); !strings.Contains(v, `|{"a":[1,2]}|`) {
		t.Errorf("hex view lacks text column:\n%s", v)
	}
	press(t, m, tea.KeyMsg{Type: tea.KeyShiftTab})
	if v := view(t, m, 80, 24); !strings.Contains(v, "[JSON]") || !strings.Contains(v, `  "a": [`) {
		t.Errorf("shift+tab did not go back to JSON:\n%s", v)
	}
	press(t, m, uitest.Key("tab"), uitest.Key("tab"))
	golden(t, "text-of-json", rec, uitest.Key("tab"))

	// JSON asked of a non-JSON value says so and shows the text.
	m = open(t, record("k", "plain words"), nil, 80, 24)
	press(t, m, uitest.Key("tab"), uitest.Key("tab"))
	if v := view(t, m, 80, 24); !strings.Contains(v, "[JSON] hex  not valid JSON") || !strings.Contains(v, "plain words") {
		t.Errorf("JSON of text:\n%s", v)
	}
}

func TestKeyView(t *testing.T) {
	m := open(t, record(`{"tenant":"acme","id":7}`, "v"), nil, 80, 24)
	if v := view(t, m, 80, 24); !strings.Contains(v, `Key    {`) || !strings.Contains(v, `auto: JSON`) {
		t.Errorf("JSON key not pretty:\n%s", v)
	}
	if v := view(t, m, 80, 24); !strings.Contains(v, "… 2 more rows") {
		t.Errorf("long key not cut:\n%s", v)
	}
	press(t, m, uitest.Key("K"))
	if v := view(t, m, 80, 24); !strings.Contains(v, `Key    {"tenant":"acme","id":7}`) {
		t.Errorf("K did not switch the key to text:\n%s", v)
	}
	press(t, m, uitest.Key("K"), uitest.Key("K"))
	if v := view(t, m, 80, 24); !strings.Contains(v, `Key    00000000  7b 22 74 65`) {
		t.Errorf("K did not switch the key to hex:\n%s", v)
	}
}

// fakeNav walks a slice of records.
type fakeNav struct {
	recs  []kafkaops.Record
	notes map[int64]string // by offset: what the opener says of a record
}

func (f *fakeNav) find(cur kafkaops.Record) int {
	for i, r := range f.recs {
		if r.Partition == cur.Partition && r.Offset == cur.Offset {
			return i
		}
	}
	return -1
}

func (f *fakeNav) Next(cur kafkaops.Record) (kafkaops.Record, string, *common.Decoding, bool) {
	i := f.find(cur)
	if i < 0 || i+1 >= len(f.recs) {
		return kafkaops.Record{}, "", nil, false
	}
	return f.recs[i+1], f.notes[f.recs[i+1].Offset], nil, true
}

func (f *fakeNav) Prev(cur kafkaops.Record) (kafkaops.Record, string, *common.Decoding, bool) {
	i := f.find(cur)
	if i <= 0 {
		return kafkaops.Record{}, "", nil, false
	}
	return f.recs[i-1], f.notes[f.recs[i-1].Offset], nil, true
}

func TestNavigation(t *testing.T) {
	nav := &fakeNav{notes: map[int64]string{100: "jq: not JSON"}}
	for i := range 3 {
		r := record(fmt.Sprintf("k%d", i), fmt.Sprintf(`{"n":%d}`, i))
		r.Offset = int64(100 + i)
		nav.recs = append(nav.recs, r)
	}
	m := New(newCommon(themes.Plain()), nav.recs[1], nav).WithNote("jq: no match")
	m.SetSize(80, 24)
	press(t, m, uitest.Key("tab")) // text view, kept across records
	if m.Title() != "orders/3@101" {
		t.Fatalf("title %q", m.Title())
	}
	press(t, m, uitest.Key("n"))
	v := view(t, m, 80, 24)
	if m.Title() != "orders/3@102" || !strings.Contains(v, `{"n":2}`) || !strings.Contains(v, "[text]") {
		t.Errorf("n: title %q\n%s", m.Title(), v)
	}
	if strings.Contains(v, "jq: no match") {
		t.Errorf("note of the first record kept on the next:\n%s", v)
	}
	msgs := press(t, m, uitest.Key("n"))
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || !strings.Contains(s.Text, "no next") || m.Title() != "orders/3@102" {
		t.Errorf("n at the end: %v, title %q", msgs, m.Title())
	}
	press(t, m, uitest.Key("N"), uitest.Key("N"))
	if m.Title() != "orders/3@100" {
		t.Errorf("N N: title %q", m.Title())
	}
	// The opener's note on the record reached comes with it: a hidden
	// record reached with n or N still says why it is hidden.
	if v := view(t, m, 80, 24); !strings.Contains(v, "jq: not JSON") {
		t.Errorf("N to a hidden record lost its note:\n%s", v)
	}
	golden(t, "nav-note", nav.recs[0])

	// Without a Navigator n does nothing and is not in the help.
	m = open(t, nav.recs[0], nil, 80, 24)
	if msgs := press(t, m, uitest.Key("n")); len(msgs) != 0 || m.Title() != "orders/3@100" {
		t.Errorf("n without navigator: %v", msgs)
	}
	for _, b := range m.ShortHelp() {
		if b.Enabled() && b.Help().Key == "n/N" {
			t.Error("n/N in the help without a navigator")
		}
	}
}

func TestScrollAndBack(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "line %03d\n", i)
	}
	m := open(t, record("k", b.String()), nil, 80, 24)
	first := func() string {
		lines := strings.Split(view(t, m, 80, 24), "\n")
		return lines[len(lines)-m.vp.Height]
	}
	if got := first(); got != "line 000" {
		t.Fatalf("top row %q", got)
	}
	press(t, m, uitest.Key("j"), uitest.Key("j"))
	if got := first(); got != "line 002" {
		t.Errorf("after jj top row %q", got)
	}
	press(t, m, uitest.Key("k"))
	if got := first(); got != "line 001" {
		t.Errorf("after k top row %q", got)
	}
	press(t, m, uitest.Key("G"))
	if v := view(t, m, 80, 24); !strings.Contains(v, "line 199") || !strings.Contains(v, "/201") {
		t.Errorf("G:\n%s", v)
	}
	press(t, m, uitest.Key("g"))
	if got := first(); got != "line 000" {
		t.Errorf("after g top row %q", got)
	}
	press(t, m, uitest.Key("pgdown"))
	if got := first(); got != fmt.Sprintf("line %03d", m.vp.Height) {
		t.Errorf("after pgdown top row %q", got)
	}
	press(t, m, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if got := first(); got != fmt.Sprintf("line %03d", m.vp.Height+3) {
		t.Errorf("after wheel top row %q", got)
	}
	if _, ok := uitest.Has[common.BackMsg](press(t, m, uitest.Key("esc"))); !ok {
		t.Error("esc did not ask to go back")
	}
}

func TestCopy(t *testing.T) {
	var got []string
	fake := func(s string) tea.Cmd {
		return func() tea.Msg { got = append(got, s); return clipboard.CopiedMsg{Bytes: len(s)} }
	}
	m := open(t, record("k", "text\x1b[2J"), nil, 80, 24)
	m.copy = fake
	msgs := press(t, m, uitest.Key("y"))
	if s, ok := uitest.Has[common.StatusMsg](msgs); !ok || s.Kind != common.StatusSuccess || len(got) != 1 || got[0] != "text\x1b[2J" {
		t.Errorf("copy text: %v %q", msgs, got)
	}
	bin := record("k", "")
	bin.Value = []byte{0xff, 0x00, 0x10}
	m = open(t, bin, nil, 80, 24)
	m.copy = fake
	press(t, m, uitest.Key("y"))
	if got[len(got)-1] != "ff0010" {
		t.Errorf("binary copied as %q, want hex", got[len(got)-1])
	}
	null := record("k", "")
	null.Value = nil
	m = open(t, null, nil, 80, 24)
	m.copy = fake
	if s, ok := uitest.Has[common.StatusMsg](press(t, m, uitest.Key("y"))); !ok || s.Kind != common.StatusWarning || len(got) != 2 {
		t.Errorf("copy of null: %v", s)
	}
}

// A record of an aborted or open transaction says so in words, above the
// value; an ordinary one has no such line.
func TestTransactionSaidInWords(t *testing.T) {
	rec := record("order-42", `{"id":"o-42"}`)
	rec.Txn = kafkaops.TxnAborted
	golden(t, "txn-aborted", rec)
	m := open(t, rec, nil, 100, 30)
	if v := view(t, m, 100, 30); !strings.Contains(v, "Txn    aborted transaction: rolled back; read_committed consumers never see it") {
		t.Errorf("aborted record:\n%s", v)
	}
	rec.Txn = kafkaops.TxnOpen
	m = open(t, rec, nil, 100, 30)
	if v := view(t, m, 100, 30); !strings.Contains(v, "Txn    open transaction: not committed yet; read_committed consumers wait for it") {
		t.Errorf("open record:\n%s", v)
	}
	rec.Txn = kafkaops.TxnNone
	m = open(t, rec, nil, 100, 30)
	if v := view(t, m, 100, 30); strings.Contains(v, "Txn ") {
		t.Errorf("ordinary record has a Txn line:\n%s", v)
	}
}

// TestAgeKeepsUp: the record's age ("… ago") follows the clock while the
// inspector is open, not the moment it opened.
func TestAgeKeepsUp(t *testing.T) {
	c := newCommon(themes.Plain())
	clock := now
	c.Now = func() time.Time { return clock }
	m := New(c, record("k", "v"), nil)
	m.SetSize(120, 30)
	before := age(clock.Sub(recTime))
	if !strings.Contains(m.View(), before) {
		t.Fatalf("view lacks the age %q:\n%s", before, m.View())
	}
	if m.Init() == nil {
		t.Fatal("Init schedules no age tick")
	}
	clock = clock.Add(3 * time.Hour)
	after := age(clock.Sub(recTime))
	if after == before {
		t.Fatalf("test clock step too small: %q", after)
	}
	other := common.Result{Origin: m.Origin() + 1, Gen: m.Gen(), Msg: common.TickMsg{}}
	if _, cmd := m.Update(other); cmd != nil || strings.Contains(m.View(), after) {
		t.Error("another inspector's tick changed this one")
	}
	// tab starts another value generation: the tick is still this
	// inspector's.
	tick := m.Tick(ageEvery)
	press(t, m, uitest.Key("tab"))
	_, cmd := m.Update(uitest.RunCmd(t, tick)[0])
	if !strings.Contains(m.View(), after) {
		t.Errorf("after a tick the view lacks %q:\n%s", after, m.View())
	}
	if cmd == nil {
		t.Error("the age tick was not re-armed")
	}
}
