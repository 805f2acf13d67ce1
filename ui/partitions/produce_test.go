package partitions

import (
	"testing"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func producingView(t *testing.T, readOnly bool) *Model {
	t.Helper()
	c := newCommon()
	c.ReadOnly = readOnly
	if readOnly {
		c.Keys.SetReadOnly()
	}
	m := New(c, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()}, "orders")
	m.SetSize(100, 30)
	for _, msg := range collect(m.Init()) {
		send(m, msg)
	}
	return m
}

func offersP(m *Model) bool { return hasKey(m.ShortHelp(), "p") }

func TestProduceKeyOpensForm(t *testing.T) {
	m := producingView(t, false)
	if !offersP(m) {
		t.Errorf("p is not in the help")
	}
	if to, ok := uitest.Opened[common.OpenProduce](press(m, "p")); !ok || to.Topic != "orders" {
		t.Fatalf("p asked for %+v", to)
	}
}

// TestProduceKeyReadOnly: p is hidden in read-only mode, and typed anyway
// it still asks the root, whose router gives the one refusal.
func TestProduceKeyReadOnly(t *testing.T) {
	m := producingView(t, true)
	if offersP(m) {
		t.Errorf("p is offered in read-only mode")
	}
	if _, ok := uitest.Opened[common.OpenProduce](press(m, "p")); !ok {
		t.Error("p in read-only mode did not reach the router to be refused")
	}
}
