package topics

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func helpHas(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Enabled() && b.Help().Key == k {
			return true
		}
	}
	return false
}

func TestProduceKeyOpensForm(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	if !helpHas(m.ShortHelp(), "p") {
		t.Errorf("p is not in the help")
	}
	want := m.selectedName()
	to, ok := uitest.Opened[common.OpenProduce](press(t, m, "p"))
	if !ok || to.Topic != want || to.From != nil {
		t.Errorf("p asked for %+v, want the form on %s", to, want)
	}
}

// TestProduceKeyReadOnly: p is hidden in read-only mode, and typed anyway
// the pane ignores it: the root refuses it before it gets here.
func TestProduceKeyReadOnly(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, true)
	if helpHas(m.ShortHelp(), "p") {
		t.Errorf("p is offered in read-only mode")
	}
	for _, col := range m.FullHelp() {
		if helpHas(col, "p") {
			t.Errorf("p is in the full help in read-only mode")
		}
	}
	if out := press(t, m, "p"); len(out) != 0 {
		t.Fatalf("p in read-only mode reached the pane, which sent %v", out)
	}
}
