package partitions

import (
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
	if to, ok := uitest.Opened[common.OpenTail](press(m, "t")); !ok || to.Topic != "orders" {
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
