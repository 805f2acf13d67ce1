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
	to, ok := uitest.Opened[common.OpenProduce](press(m, "p"))
	if !ok || to.Topic != want || to.From != nil {
		t.Errorf("p asked for %+v, want the form on %s", to, want)
	}
}

// TestProduceKeyReadOnly: p is hidden in read-only mode, and typed anyway
// it still asks the root, whose router gives the one refusal.
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
	if _, ok := uitest.Opened[common.OpenProduce](press(m, "p")); !ok {
		t.Fatal("p in read-only mode did not reach the router to be refused")
	}
}
