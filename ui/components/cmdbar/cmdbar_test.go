package cmdbar

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
)

// ran is what a test command's Cmd returns.
type ran struct{ name, arg string }

func cmd(name string, arg common.ArgKind, aliases ...string) common.Command {
	return common.Command{
		Name: name, Aliases: aliases, Arg: arg,
		Run: func(a string) (tea.Cmd, error) {
			if a == "missing" {
				return nil, errors.New("topic missing does not exist")
			}
			return func() tea.Msg { return ran{name, a} }, nil
		},
	}
}

func newBar(t *testing.T) Model {
	t.Helper()
	b := New(common.NewCommon(themes.Plain()), []common.Command{
		cmd("topics", common.ArgNone),
		cmd("tail", common.ArgTopic),
		cmd("brokers", common.ArgNone),
		cmd("quit", common.ArgNone, "q"),
	})
	b.SetWidth(100)
	b.SetTopics([]string{"orders", "orders.dlq", "Payments", "payouts", "clicks"})
	b.Open()
	return b
}

func press(b Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "backspace":
			msg = tea.KeyMsg{Type: tea.KeyBackspace}
		default:
			for _, r := range k {
				b, _ = b.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			continue
		}
		b, _ = b.Update(msg)
	}
	return b
}

func submit(t *testing.T, b Model) (Model, tea.Msg) {
	t.Helper()
	b, c := b.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if c == nil {
		return b, nil
	}
	return b, c()
}

func TestCompleteCommandName(t *testing.T) {
	tests := []struct {
		typed, want string
	}{
		{"b", "brokers"},
		{"to", "topics"},
		{"ta", "tail "}, // takes a topic: ready for it
		{"q", "quit"},   // through its alias
		{"BRO", "brokers"},
		{"t", "topics"}, // ambiguous with no longer prefix: the first candidate
		{"x", "x"},      // nothing matches
	}
	for _, tt := range tests {
		b := press(newBar(t), tt.typed, "tab")
		if got := b.Value(); got != tt.want {
			t.Errorf("%q + tab = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func TestTabCyclesWhenNoLongerPrefix(t *testing.T) {
	b := press(newBar(t), "t")
	if b.Hints() != "topics  tail" {
		t.Errorf("hints %q", b.Hints())
	}
	b = press(b, "tab")
	if b.Value() != "topics" {
		t.Fatalf("first tab: %q", b.Value())
	}
	b = press(b, "tab")
	if b.Value() != "tail" {
		t.Fatalf("second tab: %q", b.Value())
	}
	b = press(b, "tab")
	if b.Value() != "topics" {
		t.Fatalf("third tab wraps: %q", b.Value())
	}
	// Typing ends the cycle: the next tab completes the new text.
	b = press(b, "backspace", "backspace", "backspace", "backspace", "tab")
	if b.Value() != "topics" {
		t.Fatalf("after editing: %q", b.Value())
	}
}

func TestCompleteTopicArgument(t *testing.T) {
	b := press(newBar(t), "tail o", "tab")
	if b.Value() != "tail orders" {
		t.Fatalf("tail o + tab = %q, want the common prefix", b.Value())
	}
	if b.Hints() != "orders  orders.dlq" {
		t.Errorf("hints %q", b.Hints())
	}
	b = press(newBar(t), "tail pa", "tab") // case-insensitive
	if b.Value() != "tail Payments" {
		t.Errorf("tail pa + tab = %q", b.Value())
	}
	b = press(newBar(t), "tail p", "tab", "tab")
	if b.Value() != "tail payouts" {
		t.Errorf("cycling topics: %q", b.Value())
	}
	// Commands without an argument complete nothing after the name.
	b = press(newBar(t), "brokers o", "tab")
	if b.Value() != "brokers o" {
		t.Errorf("brokers o + tab = %q", b.Value())
	}
}

func TestRunCommand(t *testing.T) {
	b := press(newBar(t), "tail orders")
	b, msg := submit(t, b)
	if msg != (ran{"tail", "orders"}) {
		t.Fatalf("ran %#v", msg)
	}
	if b.Active() {
		t.Error("bar stayed open after a command ran")
	}
	_, msg = submit(t, press(newBar(t), ":q"))
	if msg != (ran{"quit", ""}) {
		t.Errorf(":q ran %#v", msg)
	}
}

func TestUnknownCommandKeepsText(t *testing.T) {
	for _, typed := range []string{"groups", "tail", "brokers 3", "tail missing", "nope [31m"} {
		b, msg := submit(t, press(newBar(t), typed))
		st, ok := msg.(common.StatusMsg)
		if !ok || st.Kind != common.StatusError {
			t.Errorf("%q: got %#v, want an error status", typed, msg)
			continue
		}
		if !b.Active() || b.Value() != typed {
			t.Errorf("%q: bar active %v with %q; want it open with the text", typed, b.Active(), b.Value())
		}
		if len(b.History()) != 0 {
			t.Errorf("%q: a failed command went into the history", typed)
		}
	}
	_, msg := submit(t, press(newBar(t), "groups"))
	if st := msg.(common.StatusMsg); !strings.Contains(st.Text, `unknown command "groups"`) || !strings.Contains(st.Text, ":brokers") {
		t.Errorf("message %q does not say what exists", st.Text)
	}
}

func TestHistory(t *testing.T) {
	b := newBar(t)
	for _, c := range []string{"brokers", "tail orders", "tail orders", "topics"} {
		b.Open()
		b, _ = submit(t, press(b, c))
	}
	if got := strings.Join(b.History(), ","); got != "brokers,tail orders,topics" {
		t.Fatalf("history %q (repeats are kept once)", got)
	}
	b.Open()
	b = press(b, "bro", "up")
	if b.Value() != "topics" {
		t.Fatalf("up: %q", b.Value())
	}
	b = press(b, "up", "up")
	if b.Value() != "brokers" {
		t.Fatalf("up x3: %q", b.Value())
	}
	b = press(b, "up")
	if b.Value() != "brokers" {
		t.Fatalf("up past the oldest: %q", b.Value())
	}
	b = press(b, "down", "down", "down")
	if b.Value() != "bro" {
		t.Fatalf("down past the newest gives back the draft: %q", b.Value())
	}
}

func TestEscAndEmptyEnterClose(t *testing.T) {
	b := press(newBar(t), "brok", "esc")
	if b.Active() || b.Value() != "" {
		t.Error("esc did not close and clear the bar")
	}
	b, msg := submit(t, newBar(t))
	if b.Active() || msg != nil {
		t.Errorf("empty enter: active %v, msg %#v", b.Active(), msg)
	}
}

func TestViewShowsCompletions(t *testing.T) {
	b := press(newBar(t), "t")
	v := ansi.Strip(b.View())
	if !strings.HasPrefix(v, ":t") || !strings.Contains(v, "topics  tail") {
		t.Errorf("view %q", v)
	}
	b.SetWidth(20)
	if w := ansi.StringWidth(b.View()); w > 20 {
		t.Errorf("view %d cells wide at width 20", w)
	}
}
