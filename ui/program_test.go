package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/brokers"
	"github.com/kafkatui/kafkatui/ui/common"
)

// screenWait is how long the whole-program test waits for one screen: a
// real cluster on a busy CI machine can take seconds to answer, and a
// loaded machine with the race detector runs 5-10 times slower. A screen
// that comes ends the wait at once.
const screenWait = 2 * time.Minute

// waitScreen waits until the program has drawn every one of wants since
// the last wait. The renderer redraws only changed lines, so each want must
// be something the last action changes.
func waitScreen(t *testing.T, out io.Reader, what string, wants ...string) {
	t.Helper()
	teatest.WaitFor(t, out, func(b []byte) bool {
		s := ansi.Strip(string(b))
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(screenWait), teatest.WithCheckInterval(20*time.Millisecond))
	t.Logf("screen: %s", what)
}

// TestProgramOnKafka runs the whole UI on a real Kafka-protocol cluster
// (kfake, or the one KAFKATUI_TEST_BROKERS names): the topics list, a
// filter, a topic's partitions, then :brokers.
func TestProgramOnKafka(t *testing.T) {
	addrs := testkafka.Brokers(t)
	a := testkafka.Topic(t, addrs, 3)
	b := testkafka.Topic(t, addrs, 2)
	// Open the topic that sorts last, so that only the filter puts it
	// under the cursor; each has its own shape, to tell them apart.
	target := max(a, b)
	shape := map[string]struct{ parts, perPart int }{a: {3, 4}, b: {2, 7}}
	var recs []*kgo.Record
	for topic, sh := range shape {
		for p := range int32(sh.parts) {
			for i := range sh.perPart {
				recs = append(recs, &kgo.Record{Topic: topic, Partition: p, Value: fmt.Appendf(nil, "m%d", i)})
			}
		}
	}
	testkafka.Produce(t, addrs, recs...)
	want := shape[target]

	cl, err := kafkaops.Open(kafkaops.Config{Brokers: addrs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	var debug bytes.Buffer
	m, err := New(cl, Options{Brokers: addrs, Theme: "none", Settings: common.Settings{Refresh: 2 * time.Second}, DebugLog: &debug})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36))
	out := tm.Output()

	waitScreen(t, out, "topics listed, connected", a, b, "● connected", "3 brokers")

	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
	tm.Type(target)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitScreen(t, out, "filter applied", "topics [/"+target+"]")

	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitScreen(t, out, "partitions of "+target,
		target+" / partitions", "PARTITION", "LEADER", "ISR",
		fmt.Sprintf("%d partitions", want.parts), fmt.Sprintf("%d offsets", want.parts*want.perPart))

	tm.Type(":brokers")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitScreen(t, out, "brokers", "/ brokers", "controller", addrs[0])

	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	tm.WaitFinished(t, teatest.WithFinalTimeout(screenWait))
	fm := tm.FinalModel(t).(*Model)
	bp, ok := fm.stack.Top().(*brokers.Model)
	if !ok {
		t.Fatalf("top pane at the end is %T, want brokers", fm.stack.Top())
	}
	if n := len(bp.Info().Brokers); n != 3 && !testkafka.Real() {
		t.Errorf("brokers pane shows %d brokers, want kfake's 3", n)
	}
	if !strings.Contains(debug.String(), "connection: connecting -> connected") {
		t.Errorf("debug log lacks the connection: %q", debug.String())
	}
}
