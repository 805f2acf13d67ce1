package inspector

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
	"github.com/kafkatui/kafkatui/ui/produce"
)

// producer is a cluster that can produce, for the form r opens.
type producer struct{}

func (producer) Produce(context.Context, kafkaops.Message) (kafkaops.ProduceResult, error) {
	return kafkaops.ProduceResult{}, nil
}
func (producer) ListTopics(context.Context) ([]kafkaops.TopicSummary, error) { return nil, nil }
func (producer) DescribeTopic(context.Context, string) (kafkaops.TopicDetail, error) {
	return kafkaops.TopicDetail{}, nil
}
func (producer) TopicConfigs(context.Context, string) ([]kafkaops.ConfigEntry, error) {
	return nil, nil
}

func withReproduce(readOnly bool) *Model {
	c := newCommon(themes.Plain())
	c.ReadOnly = readOnly
	rec := record("order-7", `{"id":7}`)
	rec.Headers = []kafkaops.Header{{Key: "trace", Value: []byte("abc")}}
	m := New(c, rec, nil).WithReproduce(func(r kafkaops.Record) tea.Cmd {
		return produce.OpenRecord(c, producer{}, r, produce.WithHistoryFile(""))
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

func TestReproduceOpensLoadedForm(t *testing.T) {
	m := withReproduce(false)
	if !offersR(m) {
		t.Errorf("r is not in the help")
	}
	msgs := press(t, m, uitest.Key("r"))
	push, ok := uitest.Has[common.PushMsg](msgs)
	if !ok {
		t.Fatalf("r: %v", msgs)
	}
	form, ok := push.Pane.(*produce.Model)
	if !ok {
		t.Fatalf("r pushed %T", push.Pane)
	}
	form.SetSize(100, 30)
	v := form.View()
	for _, want := range []string{"Produce to orders", "order-7", `{"id":7}`, "trace=abc"} {
		if !strings.Contains(v, want) {
			t.Errorf("the form does not show %q:\n%s", want, v)
		}
	}
}

func TestReproduceReadOnlyAndAbsent(t *testing.T) {
	m := withReproduce(true)
	if offersR(m) {
		t.Errorf("r is offered in read-only mode")
	}
	msgs := press(t, m, uitest.Key("r"))
	if _, ok := uitest.Has[common.PushMsg](msgs); ok {
		t.Fatal("the form opened in read-only mode")
	}
	if st, ok := uitest.Has[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "read-only") {
		t.Errorf("r in read-only mode: %v", msgs)
	}
	plain := open(t, record("k", "v"), nil, 100, 30)
	if offersR(plain) {
		t.Errorf("r is offered without a way to produce")
	}
	if _, ok := uitest.Has[common.PushMsg](press(t, plain, uitest.Key("r"))); ok {
		t.Errorf("r opened something without a way to produce")
	}
}
