package produce

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// bigPaste is 1 MiB of text in about 10,500 lines (more than the text
// area holds), with tabs, as a pretty-printed document pasted whole.
func bigPaste() string {
	return strings.ReplaceAll(sampleText(1<<20), "  {", "\t\t{")
}

// lastSent is the value of the last message the fake was asked to send.
func lastSent(t *testing.T, f *fakeBackend) []byte {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) == 0 {
		t.Fatal("nothing was sent")
	}
	return f.sent[len(f.sent)-1].Value
}

func helpKeys(bs []key.Binding) string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, " • ")
}

// TestLargePasteSendsExactBytes is defect 10: a 1 MB paste is held whole,
// shown as a summary (size, lines, first line), and sent byte for byte.
// The text area cut it at 10,000 lines and turned its tabs into spaces.
func TestLargePasteSendsExactBytes(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	focusField(t, m, fValue)
	text := bigPaste()
	press(t, m, pasteMsg(text))
	v := plain(m.View())
	first := strings.SplitN(text, "\n", 2)[0]
	lines := strings.Count(text, "\n") + 1
	for _, want := range []string{"1.0 MiB", "lines · pasted", `\t\t{"id": 7, "name"`, "ctrl+e edits it in $EDITOR"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q (first line %q, %d lines):\n%s", want, first, lines, v)
		}
	}
	uitest.CheckFrame(t, m.View(), 100, 28)
	press(t, m, keySend)
	if got := lastSent(t, f); !bytes.Equal(got, []byte(text)) {
		t.Fatalf("sent %d bytes in %d lines, want the %d bytes in %d lines pasted",
			len(got), bytes.Count(got, []byte("\n"))+1, len(text), lines)
	}
	if !strings.Contains(m.result, "✓ sent to orders/1") || m.UnsavedWork() != "" {
		t.Errorf("result %q, unsaved %q", m.result, m.UnsavedWork())
	}
}

// TestLargePasteAtTheCursor: a paste into a value already typed goes where
// the cursor is, as in the text area; line ends pasted as \r\n or \r
// become new lines, as the text area makes them.
func TestLargePasteAtTheCursor(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	focusField(t, m, fValue)
	typeText(t, m, "head\nAB")
	press(t, m, ctrl(tea.KeyLeft))
	body := sampleText(bigSize)
	press(t, m, pasteMsg(strings.ReplaceAll(body, "\n", "\r\n")))
	if m.big == nil {
		t.Fatal("a paste beyond 64 KiB went into the text area")
	}
	press(t, m, keySend)
	if got, want := string(lastSent(t, f)), "head\nA"+body+"B"; got != want {
		t.Errorf("sent %d bytes starting %q ending %q, want %d bytes", len(got), got[:12], got[len(got)-12:], len(want))
	}
	// An ordinary paste stays in the text area, editable as before.
	m = newForm(t, f, "orders")
	focusField(t, m, fValue)
	press(t, m, pasteMsg(sampleText(4<<10)))
	if m.big != nil || m.value.Length() == 0 {
		t.Errorf("a 4 KiB paste left the text area (big %v)", m.big != nil)
	}
}

// TestLargeValueKeptOnBackAndKeys: esc with a large value asks the root
// to go back, which warns of unsent work: the value is kept meanwhile,
// and a key that would edit it in place says how to edit it instead of
// losing or changing it. ctrl+u clears it; the help offers exactly the
// keys that act on it.
func TestLargeValueKeptOnBackAndKeys(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	focusField(t, m, fValue)
	text := bigPaste()
	press(t, m, pasteMsg(text))
	if m.UnsavedWork() == "" {
		t.Fatal("a pasted value is not unsent work: leaving would not warn")
	}
	if _, ok := uitest.Has[common.BackMsg](press(t, m, keyEsc)); !ok {
		t.Fatal("esc did not ask to go back")
	}
	press(t, m, uitest.Runes("x")...)
	press(t, m, uitest.Key("backspace"), keyEnter)
	if !strings.Contains(plain(m.View()), "✗ the value is too large to edit here: ctrl+e edits it in $EDITOR") {
		t.Errorf("typing into the large value does not say how to edit it:\n%s", plain(m.View()))
	}
	if m.UnsavedWork() == "" || !bytes.Equal(m.valueBytes(), []byte(text)) {
		t.Fatalf("the value changed or was lost (%d bytes)", len(m.valueBytes()))
	}
	short := helpKeys(m.ShortHelp())
	for _, want := range []string{"ctrl+e", "ctrl+u clear value"} {
		if !strings.Contains(short, want) {
			t.Errorf("help on the large value lacks %q: %s", want, short)
		}
	}
	focusField(t, m, fHeaders)
	if s := helpKeys(m.ShortHelp()); strings.Contains(s, "ctrl+u") {
		t.Errorf("ctrl+u offered outside the value, where it does not clear it: %s", s)
	}
	for _, col := range m.FullHelp() {
		if s := helpKeys(col); strings.Contains(s, "ctrl+u") {
			t.Errorf("full help offers ctrl+u outside the value: %s", s)
		}
	}
	focusField(t, m, fValue)
	press(t, m, ctrl(tea.KeyCtrlU))
	if m.big != nil || m.UnsavedWork() != "" || strings.Contains(plain(m.View()), "too large") {
		t.Errorf("ctrl+u left the value (big %v, unsaved %q):\n%s", m.big != nil, m.UnsavedWork(), plain(m.View()))
	}
	typeText(t, m, "small again")
	press(t, m, keySend)
	if got := string(lastSent(t, f)); got != "small again" {
		t.Errorf("sent %q after clearing", got)
	}
}

// TestLargeValueInEditor: ctrl+e hands the whole value to $EDITOR and
// takes back what it saved: still large, it stays a loaded value; made
// small, it is back in the text area.
func TestLargeValueInEditor(t *testing.T) {
	dir := t.TempDir()
	appendScript := filepath.Join(dir, "append.sh")
	shrinkScript := filepath.Join(dir, "shrink.sh")
	if err := os.WriteFile(appendScript, []byte("#!/bin/sh\nprintf 'tail\\n' >> \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shrinkScript, []byte("#!/bin/sh\nprintf '{\"small\":true}\\n' > \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	f := newFake()
	m := newForm(t, f, "orders")
	focusField(t, m, fValue)
	text := bigPaste()
	press(t, m, pasteMsg(text))
	edit := func(script string) {
		t.Helper()
		t.Setenv("VISUAL", script)
		_, cmd := m.Update(ctrl(tea.KeyCtrlE))
		ready, _, ok := uitest.Result[editorReadyMsg](uitest.RunCmd(t, cmd))
		if !ok || ready.err != nil {
			t.Fatalf("editor file not written: %+v", ready)
		}
		if data, _ := os.ReadFile(ready.path); !bytes.Equal(data, m.valueBytes()) {
			t.Fatalf("the editor got %d bytes, not the %d of the value", len(data), len(m.valueBytes()))
		}
		err := exec.Command(script, ready.path).Run()
		m.Update(own(m, editorResult(ready.path, script)(err)))
	}
	edit(appendScript)
	if m.big == nil || !bytes.Equal(m.valueBytes(), []byte(text+"tail")) {
		t.Fatalf("after the editor: big %v, %d bytes", m.big != nil, len(m.valueBytes()))
	}
	if v := plain(m.View()); !strings.Contains(v, "from $EDITOR") {
		t.Errorf("the summary does not say where the value came from:\n%s", v)
	}
	edit(shrinkScript)
	if m.big != nil || m.value.Value() != `{"small":true}` || m.hint != hintJSON {
		t.Errorf("a small edited value is not back in the text area: big %v value %q", m.big != nil, m.value.Value())
	}
}

// TestLargeRecordReproducedExactly: a record with a large binary value,
// loaded to be sent again, is held as its bytes and shown escaped.
func TestLargeRecordReproducedExactly(t *testing.T) {
	value := append([]byte("\x1b[31mred\xff\n"), bytes.Repeat([]byte("row\n"), 40000)...)
	f := newFake()
	m := NewFromRecord(newCommon(), f, kafkaops.Record{Topic: "orders", Key: []byte("k"), Value: value}, WithHistoryFile(""))
	m.SetSize(100, 30)
	feed(t, m, m.Init())
	v := m.View()
	if strings.Contains(v, "\x1b[31m") || !strings.Contains(plain(v), `\x1b[31mred\xff`) || !strings.Contains(plain(v), "loaded") {
		t.Errorf("the value's first line is not shown escaped:\n%q", plain(v))
	}
	press(t, m, keySend)
	if got := lastSent(t, f); !bytes.Equal(got, value) {
		t.Errorf("sent %d bytes, not the record's %d", len(got), len(value))
	}
}
