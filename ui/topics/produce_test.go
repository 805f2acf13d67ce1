package topics

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/produce"
)

// producingBackend is the fake cluster that can also produce, as the
// real one does: it turns the p key on.
type producingBackend struct{ *fakeBackend }

func (producingBackend) Produce(context.Context, kafkaops.Message) (kafkaops.ProduceResult, error) {
	return kafkaops.ProduceResult{}, nil
}

func producingPane(t *testing.T, readOnly bool) *Model {
	t.Helper()
	m := New(newCommon(readOnly), producingBackend{&fakeBackend{topics: sampleTopics()}})
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	return m
}

func helpHas(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Enabled() && b.Help().Key == k {
			return true
		}
	}
	return false
}

func TestProduceKeyOpensForm(t *testing.T) {
	m := producingPane(t, false)
	if !helpHas(m.ShortHelp(), "p") {
		t.Errorf("p is not in the help")
	}
	want := m.selectedName()
	msgs := press(m, "p")
	push, ok := find[common.PushMsg](msgs)
	if !ok {
		t.Fatalf("p: %v", msgs)
	}
	form, ok := push.Pane.(*produce.Model)
	if !ok || form.Title() != want+" / produce" {
		t.Errorf("pushed %T %q, want the form on %s", push.Pane, push.Pane.Title(), want)
	}
}

func TestProduceKeyReadOnly(t *testing.T) {
	m := producingPane(t, true)
	if helpHas(m.ShortHelp(), "p") {
		t.Errorf("p is offered in read-only mode")
	}
	for _, col := range m.FullHelp() {
		if helpHas(col, "p") {
			t.Errorf("p is in the full help in read-only mode")
		}
	}
	msgs := press(m, "p")
	if _, ok := find[common.PushMsg](msgs); ok {
		t.Fatal("the form opened in read-only mode")
	}
	if st, ok := find[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "read-only") {
		t.Errorf("no refusal: %v", msgs)
	}
}

func TestNoProduceKeyWithoutProducer(t *testing.T) {
	m := loaded(t, &fakeBackend{topics: sampleTopics()}, false)
	if helpHas(m.ShortHelp(), "p") {
		t.Errorf("p is offered by a backend that cannot produce")
	}
	if _, ok := find[common.PushMsg](press(m, "p")); ok {
		t.Errorf("p opened something")
	}
}
