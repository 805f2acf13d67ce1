package produce

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestHistoryRecall(t *testing.T) {
	f := newFake()
	path := filepath.Join(t.TempDir(), "state", "history.jsonl")
	m := New(newCommon(), f, "orders", WithHistoryFile(path))
	m.SetSize(100, 28)
	feed(t, m, m.Init())
	for i := range 3 {
		m.key.SetValue(fmt.Sprintf("k%d", i))
		m.value.SetValue(fmt.Sprintf("v%d", i))
		m.headers.SetValue(fmt.Sprintf("n=%d", i))
		press(t, m, keySend)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, want 0600", info.Mode().Perm())
	}
	// A new form reads the file; up in an empty form recalls the newest.
	m2 := New(newCommon(), f, "orders", WithHistoryFile(path))
	m2.SetSize(100, 28)
	feed(t, m2, m2.Init())
	focusField(t, m2, fValue)
	press(t, m2, keyUp)
	if m2.key.Value() != "k2" || m2.value.Value() != "v2" || m2.headers.Value() != "n=2" {
		t.Fatalf("up recalled %q %q %q", m2.key.Value(), m2.value.Value(), m2.headers.Value())
	}
	press(t, m2, keyUp, keyUp)
	if m2.key.Value() != "k0" {
		t.Errorf("third up: %q", m2.key.Value())
	}
	press(t, m2, keyUp) // nothing older
	if m2.key.Value() != "k0" {
		t.Errorf("past the oldest: %q", m2.key.Value())
	}
	press(t, m2, keyDown)
	if m2.key.Value() != "k1" {
		t.Errorf("down: %q", m2.key.Value())
	}
	press(t, m2, keyDown, keyDown)
	if !m2.content().empty() {
		t.Errorf("down past the newest leaves %+v", m2.content())
	}
	// Once edited, up is for the text again.
	press(t, m2, keyUp)
	typeText(t, m2, "x")
	before := m2.content()
	press(t, m2, keyUp)
	if m2.content() != before {
		t.Errorf("up in an edited form recalled history")
	}
	// Another topic has its own history.
	m3 := New(newCommon(), f, "payments", WithHistoryFile(path))
	m3.SetSize(100, 28)
	feed(t, m3, m3.Init())
	press(t, m3, keyUp)
	if !m3.content().empty() {
		t.Errorf("payments recalled an orders message")
	}
}

func TestHistoryKeepsFiftyPerTopic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.jsonl")
	for i := range 60 {
		for _, topic := range []string{"a", "b"} {
			e := entry{Topic: topic, Partition: -1, Key: []byte(fmt.Sprint(i)), Time: fixedNow.Add(timeStep(i))}
			if err := appendHistory(path, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	h, warn, err := readHistory(path)
	if err != nil || warn != "" {
		t.Fatal(err, warn)
	}
	for _, topic := range []string{"a", "b"} {
		list := h.byTopic[topic]
		if len(list) != historyPerTopic || string(list[0].Key) != "10" || string(list[49].Key) != "59" {
			t.Errorf("%s: %d entries, %s..%s", topic, len(list), list[0].Key, list[len(list)-1].Key)
		}
	}
}

func TestCorruptHistoryIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.jsonl")
	good := `{"topic":"orders","partition":-1,"key":"azE=","value":"djE=","time":"2025-03-14T15:09:26Z"}`
	if err := os.WriteFile(path, []byte("{not json\n"+good+"\n\x00\x01garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := New(newCommon(), newFake(), "orders", WithHistoryFile(path))
	m.SetSize(100, 28)
	msgs := feed(t, m, m.Init())
	st, ok := uitest.Has[common.StatusMsg](msgs)
	if !ok || st.Kind != common.StatusWarning || !strings.Contains(st.Text, "2 unreadable line(s) skipped (first: line 1)") {
		t.Errorf("status %+v", st)
	}
	press(t, m, keyUp)
	if m.key.Value() != "k1" || m.value.Value() != "v1" {
		t.Errorf("the good line was not recalled: %q %q", m.key.Value(), m.value.Value())
	}
	// A file that cannot be read at all (a directory) is reported too.
	m2 := New(newCommon(), newFake(), "orders", WithHistoryFile(t.TempDir()))
	msgs = feed(t, m2, m2.Init())
	if st, ok := uitest.Has[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "read produce history") {
		t.Errorf("unreadable file: %+v", st)
	}
}

func timeStep(i int) time.Duration { return time.Duration(i) * time.Second }

// TestRecallMultiLine: inside a recalled multi-line value, down moves the
// cursor to the last line before it recalls a newer entry.
func TestRecallMultiLine(t *testing.T) {
	m := newForm(t, newFake(), "orders")
	m.value.SetValue("a\nb\nc")
	press(t, m, keySend)
	m.value.SetValue("single")
	press(t, m, keySend)
	m.value.SetValue("")
	focusField(t, m, fValue)
	press(t, m, keyUp, keyUp) // newest, then the three-line one
	if m.value.Value() != "a\nb\nc" || m.value.Line() != 0 {
		t.Fatalf("value %q line %d", m.value.Value(), m.value.Line())
	}
	press(t, m, keyDown, keyDown)
	if m.value.Value() != "a\nb\nc" || m.value.Line() != 2 {
		t.Errorf("down twice: value %q line %d, want the cursor moved to line 2", m.value.Value(), m.value.Line())
	}
	press(t, m, keyDown)
	if m.value.Value() != "single" {
		t.Errorf("down on the last line: %q, want the newer entry", m.value.Value())
	}
}

func TestDefaultHistoryPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/state")
	if got := defaultHistoryPath(); got != "/state/kafkatui/produce-history.jsonl" {
		t.Errorf("with XDG_STATE_HOME: %s", got)
	}
	t.Setenv("XDG_STATE_HOME", "relative/is/ignored") // as the XDG spec says
	t.Setenv("HOME", "/home/u")
	if got := defaultHistoryPath(); got != "/home/u/.local/state/kafkatui/produce-history.jsonl" {
		t.Errorf("fallback: %s", got)
	}
}
