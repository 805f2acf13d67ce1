package cmdbar

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestCompletionsNeverCutMidName: at 80 columns, with long topic names
// whose list does not fit after the input, the bar shows whole names and
// counts the rest, never a name cut in the middle; the input shows the
// whole text enter would run.
func TestCompletionsNeverCutMidName(t *testing.T) {
	b := newBar(t)
	b.SetWidth(80)
	names := []string{
		"payments.settlement.eu-west-1.v2", "payments.settlement.us-east-1.v2",
		"payments.settlement.ap-south-1.v2", "payments.refunds.eu-west-1.v2",
	}
	b.SetTopics(names)
	b = press(b, "tail pay", "tab")
	v := strings.TrimRight(ansi.Strip(b.View()), " ")
	if w := ansi.StringWidth(v); w > 80 {
		t.Fatalf("view %d cells wide: %q", w, v)
	}
	if strings.Contains(v, "…") {
		t.Errorf("a completion is cut: %q", v)
	}
	for _, f := range strings.Fields(v)[2:] {
		if !slices.Contains(names, f) && !strings.HasPrefix(f, "(+") {
			t.Errorf("shown %q, neither a whole candidate nor a count: %q", f, v)
		}
	}
	if !strings.HasPrefix(v, ":tail payments.") {
		t.Errorf("input %q", v)
	}
}
