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
	for _, msg := range collect(t, m.Init()) {
		send(t, m, msg)
	}
	return m
}

func offersP(m *Model) bool { return hasKey(m.ShortHelp(), "p") }

func TestProduceKeyOpensForm(t *testing.T) {
	m := producingView(t, false)
	if !offersP(m) {
		t.Errorf("p is not in the help")
	}
	if to, ok := uitest.Opened[common.OpenProduce](press(t, m, "p")); !ok || to.Topic != "orders" {
		t.Fatalf("p asked for %+v", to)
	}
}

// TestProduceKeyReadOnly: read-only mode is refused once, by the root. With
// the keymap's read-only keys p is hidden from help, and typed anyway the
// pane ignores it; it stays listed, disabled, in the help, where the root
// finds it to say why.
func TestProduceKeyReadOnly(t *testing.T) {
	m := producingView(t, true)
	if offersP(m) {
		t.Errorf("p is offered in read-only mode")
	}
	if out := press(t, m, "p"); len(out) != 0 {
		t.Errorf("p in read-only mode reached the pane, which sent %v", out)
	}
	listed := false
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if what, ok := m.c.Keys.Dangerous(b); ok && what == "producing" && !b.Enabled() {
				listed = true
			}
		}
	}
	if !listed {
		t.Error("the help does not list the disabled p: the root cannot refuse it")
	}
}
