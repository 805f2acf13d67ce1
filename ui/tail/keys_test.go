package tail

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// helpText is bindings as "key desc" pairs, for comparing help.
func helpText(bs []key.Binding) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " · ")
}

// TestHelpFollowsMode: each mode's help is its own (form, input line,
// tail), and the tail's offers only keys that act in its state: X with a
// column, H and esc with a filter, space saying what it will do.
func TestHelpFollowsMode(t *testing.T) {
	f := newFake()
	m := New(newCommon(0), f, "orders")
	m.SetSize(100, 30)
	if got := helpText(m.ShortHelp()); !strings.Contains(got, "enter") || strings.Contains(got, "pause") {
		t.Errorf("form help %q", got)
	}
	m, _ = started(t, f, 0)
	feed(t, m, f, order(0, 1))
	got := helpText(m.ShortHelp())
	for _, bad := range []string{"remove jq column", "show hidden", "clear filter", "resume"} {
		if strings.Contains(got, bad) {
			t.Errorf("tail help offers %q, which does nothing here: %q", bad, got)
		}
	}
	if !strings.Contains(got, "space pause") {
		t.Errorf("tail help lacks space pause: %q", got)
	}
	press(t, m, "C")
	if got := helpText(m.ShortHelp()); got != "enter apply · esc cancel" {
		t.Errorf("input help %q", got)
	}
	typeText(t, m, ".id")
	press(t, m, "enter", "/")
	typeText(t, m, "C-1")
	press(t, m, "enter", " ")
	got = helpText(m.ShortHelp())
	for _, want := range []string{"X remove jq column", "H show hidden", "esc clear filter", "space resume"} {
		if !strings.Contains(got, want) {
			t.Errorf("tail help lacks %q: %q", want, got)
		}
	}
	if full := m.FullHelp(); len(full) != 4 || helpText(full[0]) != got {
		t.Errorf("full help %v does not lead with the short help", full)
	}
	press(t, m, "X", "esc")
	got = helpText(m.ShortHelp())
	if strings.Contains(got, "remove jq column") || strings.Contains(got, "clear filter") {
		t.Errorf("after removing the column and the filter the help still offers them: %q", got)
	}
}
