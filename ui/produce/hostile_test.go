package produce

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestTopicWithControlCharactersIsWrittenExactly: a form opened on a topic
// whose name holds control characters writes to that topic, not to the
// one named by what the text input kept of it ("orders" for "orders\a"),
// which may exist. Editing the field types a new name as usual.
func TestTopicWithControlCharactersIsWrittenExactly(t *testing.T) {
	f := newFake()
	const hostile = "orders\x07"
	f.parts[hostile] = 2
	m := newForm(t, f, hostile)
	if got := m.topic.Value(); got != "orders" {
		t.Fatalf("the input shows %q; this test assumes it drops the BEL", got)
	}
	typeText(t, m, "k")
	press(t, m, ctrl(tea.KeyCtrlS))
	if len(f.sent) != 1 || f.sent[0].Topic != hostile {
		t.Fatalf("sent %+v, want one message to %q", f.sent, hostile)
	}
}
