// Package uitest holds what the UI's tests share: running a tea.Cmd to its
// messages, naming keys, golden views and frame checks. It is imported by
// tests only, and may import bubbletea, x/ansi, x/exp/golden and the
// standard library.
package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	_ "github.com/charmbracelet/x/exp/golden" // its -update flag

	"github.com/kafkatui/kafkatui/ui/common"
)

// updating reports whether the test runs with -update. The flag is the
// one x/exp/golden defines (imported for it): teatest imports that package
// too, and a flag cannot be defined twice in one test binary.
func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	on, _ := g.Get().(bool)
	return on
}

// cmdDeadline bounds one command: tests shorten the ticks they may meet,
// so anything slower is a hang.
const cmdDeadline = 10 * time.Second

// RunCmd runs cmd and the commands of any batch or sequence it returns,
// and returns their messages, flattened, sequences in order.
func RunCmd(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(cmdDeadline):
		t.Fatalf("command did not return within %s", cmdDeadline)
	}
	var cmds []tea.Cmd
	if b, ok := msg.(tea.BatchMsg); ok {
		cmds = b
	} else if s, ok := sequence(msg); ok {
		cmds = s
	} else if msg != nil {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range cmds {
		out = append(out, RunCmd(t, c)...)
	}
	return out
}

// sequence unpacks tea.Sequence's message, whose type bubbletea does not
// export.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().String() != "tea.sequenceMsg" {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// Key makes the KeyMsg for a key name as bubbletea spells it ("enter",
// "ctrl+c"...); anything else is typed as runes.
func Key(s string) tea.KeyMsg {
	names := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "ctrl+c": tea.KeyCtrlC,
		"ctrl+r": tea.KeyCtrlR, "backspace": tea.KeyBackspace,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
	}
	if k, ok := names[s]; ok {
		return tea.KeyMsg{Type: k}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Runes returns s as one key message per rune, as typing it would.
func Runes(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// Has returns the first message of type T in msgs.
func Has[T any](msgs []tea.Msg) (T, bool) {
	for _, msg := range msgs {
		if v, ok := msg.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// Result finds the first pane result (common.Result, as the pane base
// wraps them) holding a T: inner is the T, raw the wrapped message to feed
// back to the pane.
func Result[T any](msgs []tea.Msg) (inner T, raw tea.Msg, ok bool) {
	for _, msg := range msgs {
		if r, isResult := msg.(common.Result); isResult {
			if v, ok := r.Msg.(T); ok {
				return v, msg, true
			}
		}
	}
	return inner, nil, false
}

// Golden compares got with testdata/name.golden, or rewrites the file when
// the test runs with -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("view differs from %s (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// CheckFrame asserts view is exactly h lines, none wider than w cells:
// what keeps a layout from garbling.
func CheckFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, lw, w, l)
		}
	}
}

// Opened finds the first intent of type T that msgs ask the root to open
// (a pane's Push or Switch).
func Opened[T common.Intent](msgs []tea.Msg) (T, bool) {
	for _, msg := range msgs {
		if o, ok := msg.(common.OpenMsg); ok {
			if to, ok := o.To.(T); ok {
				return to, true
			}
		}
	}
	var zero T
	return zero, false
}
