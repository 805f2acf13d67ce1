package topics

import (
	"testing"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestTailKeyOpensTheSelectedTopic(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	if !helpHas(m.ShortHelp(), "t") {
		t.Error("help lacks t")
	}
	full := false
	for _, col := range m.FullHelp() {
		full = full || helpHas(col, "t")
	}
	if !full {
		t.Error("the full help (?) lacks t tail")
	}
	press(t, m, "j")
	want := names(m)[m.table.Cursor()]
	to, ok := uitest.Opened[common.OpenTail](press(t, m, "t"))
	if !ok || to.Topic != want {
		t.Errorf("t asked for %+v, want a tail of %s", to, want)
	}
}
