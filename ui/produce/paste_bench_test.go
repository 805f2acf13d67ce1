package produce

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// sampleText is about size bytes of JSON-ish text in lines of about 100
// bytes, as a pretty-printed document pasted from elsewhere.
func sampleText(size int) string {
	var b strings.Builder
	b.Grow(size + 128)
	for i := 0; b.Len() < size; i++ {
		b.WriteString(`  {"id": `)
		b.WriteString(strings.Repeat("7", 1+i%7))
		b.WriteString(`, "name": "customer order line with some text to fill it", "total": 99.5},`)
		b.WriteByte('\n')
	}
	return b.String()[:size]
}

func pasteMsg(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

// BenchmarkPaste1MB is what defect 10 measured: 1 MB pasted into the
// value and shown, then one key typed and shown. Each op is a fresh
// form, so the paste is always into an empty value.
//
//	go test -run '^$' -bench Paste -benchmem ./ui/produce/
func BenchmarkPaste1MB(b *testing.B) {
	for _, tc := range []struct{ name, text string }{
		{"lines", sampleText(1 << 20)},
		{"oneline", strings.ReplaceAll(sampleText(1<<20), "\n", " ")},
	} {
		b.Run(tc.name, func(b *testing.B) {
			fb := newFake()
			for b.Loop() {
				m := New(newCommon(), fb, "orders", WithHistoryFile(""))
				m.SetSize(100, 30)
				m.setFocus(fValue)
				m.Update(pasteMsg(tc.text))
				_ = m.View()
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}})
				_ = m.View()
			}
		})
	}
}

// BenchmarkPasteKeyAfter1MB is one key typed, and the view drawn, in a
// form that already holds a 1 MB paste: what every key costs afterwards.
func BenchmarkPasteKeyAfter1MB(b *testing.B) {
	m := New(newCommon(), newFake(), "orders", WithHistoryFile(""))
	m.SetSize(100, 30)
	m.setFocus(fValue)
	m.Update(pasteMsg(strings.ReplaceAll(sampleText(1<<20), "\n", " ")))
	_ = m.View()
	for b.Loop() {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}})
		_ = m.View()
	}
}

// BenchmarkTypeSmallValue is a key typed into an ordinary value (2 KB):
// the path every user takes, which the large-value mode must not slow.
func BenchmarkTypeSmallValue(b *testing.B) {
	m := New(newCommon(), newFake(), "orders", WithHistoryFile(""))
	m.SetSize(100, 30)
	m.setFocus(fValue)
	m.Update(pasteMsg(sampleText(2 << 10)))
	_ = m.View()
	for b.Loop() {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}})
		_ = m.View()
	}
}
