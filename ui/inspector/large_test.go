package inspector

import (
	tea "github.com/charmbracelet/bubbletea"

	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

const mib = 1 << 20

// bigJSON is about n bytes of compact JSON: an array of orders.
func bigJSON(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"orders":[`)
	for i := 0; b.Len() < n-64; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"sku":"SKU-%05d","qty":%d,"price":%d.%02d,"paid":%v}`, i, i%99999, i%7, i%500, i%100, i%2 == 0)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func bigBinary(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// bigBlob is JSON whose one string is n bytes: a single line too long to
// lex, and text that wraps into thousands of rows.
func bigBlob(n int) []byte {
	return []byte(`{"blob":"` + strings.Repeat("QUJD", n/4) + `"}`)
}

func largeRecord(v []byte) kafkaops.Record {
	return kafkaops.Record{Topic: "big", Partition: 0, Offset: 1, Time: recTime, Key: []byte("k"), Value: v}
}

// TestLargeValues opens 1 MiB values of each kind in every view, with
// colour on, and checks the frame and that scrolling to the end works
// (BenchmarkOpen1MB and BenchmarkView1MB measure that none of it takes long enough to freeze the
// UI).
func TestLargeValues(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	values := map[string][]byte{"json": bigJSON(mib), "binary": bigBinary(mib), "blob": bigBlob(mib)}
	for name, v := range values {
		start := time.Now()
		m := New(newCommon(themes.Dark()), largeRecord(v), nil)
		m.SetSize(100, 30)
		uitest.CheckFrame(t, m.View(), 100, 30)
		opened := time.Since(start)
		for range modeCount {
			press(t, m, uitest.Key("G"))
			out := m.View()
			uitest.CheckFrame(t, out, 100, 30)
			if !strings.Contains(out, fmt.Sprintf("/%d", m.total)) {
				t.Errorf("%s %s: G does not show the last row", name, m.valMode)
			}
			press(t, m, uitest.Key("tab"))
		}
		// How long opening takes is the benchmark's to measure: a loaded
		// machine with the race detector takes many times longer.
		t.Logf("%s: opened in %s, %d rows", name, opened, m.total)
	}
	m := New(newCommon(themes.Plain()), largeRecord(values["binary"]), nil)
	m.SetSize(80, 24)
	if m.total != mib/16 {
		t.Errorf("1 MiB hex has %d rows, want %d", m.total, mib/16)
	}
}

// BenchmarkOpen1MB is New, SetSize and the first View of a 1 MiB value.
func BenchmarkOpen1MB(b *testing.B) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	c := newCommon(themes.Dark())
	for _, bc := range []struct {
		name string
		v    []byte
	}{{"json", bigJSON(mib)}, {"binary", bigBinary(mib)}, {"text-one-line", bigBlob(mib)}} {
		rec := largeRecord(bc.v)
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.v)))
			for b.Loop() {
				m := New(c, rec, nil)
				m.SetSize(100, 30)
				_ = m.View()
			}
		})
	}
}

// BenchmarkView1MB is View after the first render, and a scroll step
// (Update with j, then View) in the middle of a 1 MiB JSON value.
func BenchmarkView1MB(b *testing.B) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	m := New(newCommon(themes.Dark()), largeRecord(bigJSON(mib)), nil)
	m.SetSize(100, 30)
	m.vp.SetYOffset(m.total / 2)
	m.fill()
	b.Run("view", func(b *testing.B) {
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("scroll", func(b *testing.B) {
		j := uitest.Key("j")
		for b.Loop() {
			m.Update(j)
			_ = m.View()
		}
	})
}

// TestVeryLargeValueRendersInBackground: above asyncSize the value is
// prepared in a Cmd; the pane shows "rendering…" until the result of its
// own, current request arrives.
func TestVeryLargeValueRendersInBackground(t *testing.T) {
	v := bigJSON(asyncSize + mib)
	m := open(t, largeRecord(v), nil, 80, 24)
	if out := view(t, m, 80, 24); !strings.Contains(out, "rendering…") || !strings.Contains(out, "[auto]") {
		t.Fatalf("before the Cmd ran:\n%s", out)
	}
	var first []tea.Msg
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		if r, ok := msg.(common.Result); !ok || r.Msg != (common.TickMsg{}) {
			first = append(first, msg)
		}
	}
	if len(first) != 1 {
		t.Fatalf("Init made %v", first)
	}

	// Switching to text starts another preparation: the first result is
	// stale and must not replace the text view's placeholder.
	_, cmd := m.Update(uitest.Key("tab"))
	press(t, m, first...)
	if out := view(t, m, 80, 24); !strings.Contains(out, "rendering…") || !strings.Contains(out, "[text]") {
		t.Fatalf("stale result shown:\n%s", out)
	}
	// Another inspector's result is not ours either.
	other := New(newCommon(themes.Plain()), largeRecord(v), nil)
	press(t, m, uitest.RunCmd(t, other.Init())...)
	if out := view(t, m, 80, 24); !strings.Contains(out, "rendering…") {
		t.Fatalf("another inspector's result shown:\n%s", out)
	}
	press(t, m, uitest.RunCmd(t, cmd)...)
	if out := view(t, m, 80, 24); strings.Contains(out, "rendering…") || !strings.Contains(out, `{"orders":[{"id":0,`) {
		t.Fatalf("text view after its Cmd:\n%s", out)
	}
	// Hex never waits: it formats only the rows on screen.
	press(t, m, uitest.Key("tab"))
	if msgs := press(t, m, uitest.Key("tab")); len(msgs) != 0 {
		t.Errorf("hex view prepared in a Cmd: %v", msgs)
	}
	if out := view(t, m, 80, 24); !strings.Contains(out, `00000000  7b 22 6f 72`) {
		t.Errorf("hex view:\n%s", out)
	}
}
