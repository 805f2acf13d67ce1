package inspector

import (
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// withReproduce is an inspector whose r asks the root for the produce
// form loaded with the record, as the root's router wires it.
func withReproduce(readOnly bool) *Model {
	c := newCommon(themes.Plain())
	c.ReadOnly = readOnly
	if readOnly {
		c.Keys.SetReadOnly()
	}
	rec := record("order-7", `{"id":7}`)
	rec.Headers = []kafkaops.Header{{Key: "trace", Value: []byte("abc")}}
	m := New(c, rec, nil).WithReproduce(func(r kafkaops.Record) tea.Cmd {
		return common.Push(common.OpenProduce{Topic: r.Topic, From: &r})
	})
	m.SetSize(100, 30)
	return m
}

func offersR(m *Model) bool {
	for _, b := range m.ShortHelp() {
		if b.Enabled() && b.Help().Key == "r" {
			return true
		}
	}
	return false
}

// reproduced is the record r asked the produce form to be loaded with.
func reproduced(t *testing.T, msgs []tea.Msg) (kafkaops.Record, bool) {
	t.Helper()
	open, ok := uitest.Has[common.OpenMsg](msgs)
	if !ok {
		return kafkaops.Record{}, false
	}
	to, ok := open.To.(common.OpenProduce)
	if !ok || to.From == nil {
		t.Fatalf("r asked for %#v", open.To)
	}
	return *to.From, true
}

func TestReproduceOpensLoadedForm(t *testing.T) {
	m := withReproduce(false)
	if !offersR(m) {
		t.Errorf("r is not in the help")
	}
	rec, ok := reproduced(t, press(t, m, uitest.Key("r")))
	if !ok {
		t.Fatal("r did not ask for the produce form")
	}
	if string(rec.Key) != "order-7" || string(rec.Value) != `{"id":7}` || len(rec.Headers) != 1 || rec.Topic != "orders" {
		t.Errorf("r loads the form with %+v", rec)
	}
}

// TestReproduceReadOnlyAndAbsent: in read-only mode r is not offered and
// does nothing in the pane, but stays listed (disabled) among the pane's
// keys, so that the root's one refusal answers it ("producing is
// disabled") before it reaches the pane. Without a way to produce, r is
// not listed at all.
func TestReproduceReadOnlyAndAbsent(t *testing.T) {
	m := withReproduce(true)
	if offersR(m) {
		t.Errorf("r is offered in read-only mode")
	}
	if _, ok := reproduced(t, press(t, m, uitest.Key("r"))); ok {
		t.Error("r in read-only mode asked for the produce form")
	}
	var listed []key.Binding
	for _, col := range m.FullHelp() {
		listed = append(listed, col...)
	}
	if got := m.c.Keys.Refusal(uitest.Key("r"), listed); got != "read-only mode: producing is disabled" {
		t.Errorf("the root's refusal of r is %q", got)
	}
	plain := open(t, record("k", "v"), nil, 100, 30)
	if offersR(plain) {
		t.Errorf("r is offered without a way to produce")
	}
	if _, ok := uitest.Has[common.OpenMsg](press(t, plain, uitest.Key("r"))); ok {
		t.Errorf("r opened something without a way to produce")
	}
	for _, col := range plain.FullHelp() {
		for _, b := range col {
			if b.Help().Key == "r" {
				t.Errorf("r is listed without a way to produce")
			}
		}
	}
}
