package partitions

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/produce"
)

// producingDescriber is the fake cluster that can also list topics and
// produce, as the real one does: it turns the p key on.
type producingDescriber struct{ *fakeDescriber }

func (producingDescriber) ListTopics(context.Context) ([]kafkaops.TopicSummary, error) {
	return nil, nil
}

func (producingDescriber) Produce(context.Context, kafkaops.Message) (kafkaops.ProduceResult, error) {
	return kafkaops.ProduceResult{}, nil
}

func producingView(t *testing.T, readOnly bool) *Model {
	t.Helper()
	c := newCommon()
	c.ReadOnly = readOnly
	m := New(c, producingDescriber{&fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}}, "orders")
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	return m
}

func offersP(m *Model) bool {
	for _, b := range m.ShortHelp() {
		if b.Enabled() && b.Help().Key == "p" {
			return true
		}
	}
	return false
}

func TestProduceKeyOpensForm(t *testing.T) {
	m := producingView(t, false)
	if !offersP(m) {
		t.Errorf("p is not in the help")
	}
	msgs := press(m, "p")
	var push common.PushMsg
	for _, msg := range msgs {
		if p, ok := msg.(common.PushMsg); ok {
			push = p
		}
	}
	if f, ok := push.Pane.(*produce.Model); !ok || f.Title() != "orders / produce" {
		t.Fatalf("p: %v", msgs)
	}
}

func TestProduceKeyReadOnly(t *testing.T) {
	m := producingView(t, true)
	if offersP(m) {
		t.Errorf("p is offered in read-only mode")
	}
	refused := false
	for _, msg := range press(m, "p") {
		switch msg := msg.(type) {
		case common.PushMsg:
			t.Fatal("the form opened in read-only mode")
		case common.StatusMsg:
			refused = strings.Contains(msg.Text, "read-only")
		}
	}
	if !refused {
		t.Errorf("p in read-only mode was not refused")
	}
	if offersP(loaded(t, &fakeDescriber{detail: sampleDetail()})) {
		t.Errorf("p offered by a backend that cannot produce")
	}
}
