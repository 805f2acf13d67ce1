package partitions

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestTailKeyOpensTheTail(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	if !hasKey(m.ShortHelp(), "t") {
		t.Errorf("help lacks t")
	}
	if to, ok := uitest.Opened[common.OpenTail](press(t, m, "t")); !ok || to.Topic != "orders" {
		t.Errorf("t asked for %+v", to)
	}
}

func hasKey(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Enabled() && b.Help().Key == k {
			return true
		}
	}
	return false
}

// TestHelpFollowsMode: tab names the table it switches to, esc clears an
// applied filter, and while the filter is typed only its keys show.
func TestHelpFollowsMode(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	help := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			if b.Enabled() {
				s = append(s, b.Help().Key+" "+b.Help().Desc)
			}
		}
		return strings.Join(s, ", ")
	}
	if h := help(); !strings.Contains(h, "tab configs") || strings.Contains(h, "clear filter") {
		t.Errorf("partitions help %q", h)
	}
	press(t, m, "tab")
	if h := help(); !strings.Contains(h, "tab partitions") {
		t.Errorf("configs help %q", h)
	}
	press(t, m, "/")
	if h := help(); strings.Contains(h, "tab") || !strings.Contains(h, "esc") {
		t.Errorf("filter typing help %q", h)
	}
	press(t, m, "x", "enter")
	if h := help(); !strings.Contains(h, "esc clear filter") {
		t.Errorf("filtered help %q", h)
	}
	press(t, m, "esc")
	if h := help(); strings.Contains(h, "clear filter") {
		t.Errorf("help after the filter was cleared %q", h)
	}
}
