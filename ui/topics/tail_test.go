package topics

import (
	"context"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/tail"
)

// consumingBackend can also open streams, as the cluster the UI runs on
// can: the list then offers t on the selected topic.
type consumingBackend struct{ *fakeBackend }

func (consumingBackend) Consume(context.Context, kafkaops.ConsumeRequest) (*kafkaops.Stream, error) {
	return nil, context.Canceled // never reached: t only opens the form
}

func TestTailKeyOpensTheSelectedTopic(t *testing.T) {
	m := New(newCommon(false), consumingBackend{&fakeBackend{topics: sampleTopics()}})
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	help := false
	for _, b := range m.ShortHelp() {
		help = help || (b.Enabled() && b.Help().Key == "t")
	}
	if !help {
		t.Error("help lacks t with a consuming backend")
	}
	press(m, "j")
	want := names(m)[m.table.Cursor()]
	push, ok := find[common.PushMsg](press(m, "t"))
	if !ok {
		t.Fatal("t pushed nothing")
	}
	if p, ok := push.Pane.(*tail.Model); !ok || p.Title() != want+" / tail" {
		t.Errorf("pushed %T %q, want a tail of %s", push.Pane, push.Pane.Title(), want)
	}
}
