package partitions

import (
	"context"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/tail"
)

// consumingDescriber is a backend that can also open streams, as the
// cluster the UI runs on can: the topic view then offers t.
type consumingDescriber struct{ *fakeDescriber }

func (consumingDescriber) Consume(context.Context, kafkaops.ConsumeRequest) (*kafkaops.Stream, error) {
	return nil, context.Canceled // never reached: t only opens the form
}

func TestTailKeyOpensTheTail(t *testing.T) {
	m := New(newCommon(), consumingDescriber{&fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}}, "orders")
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	if !hasKey(m.ShortHelp(), "t") {
		t.Errorf("help lacks t with a consuming backend")
	}
	push, ok := find[common.PushMsg](press(m, "t"))
	if !ok {
		t.Fatal("t pushed nothing")
	}
	if p, ok := push.Pane.(*tail.Model); !ok || p.Title() != "orders / tail" {
		t.Errorf("pushed %T %q", push.Pane, push.Pane.Title())
	}
}

func TestNoTailKeyWithoutConsumer(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	if _, ok := find[common.PushMsg](press(m, "t")); ok || hasKey(m.ShortHelp(), "t") {
		t.Error("t offered without a consumer")
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
