package groupview

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// TestResetPlanRefusalsAtTheField is defect 8: what Kafka refuses while
// planning a reset (a topic it does not have, a partition the topic does
// not have, a target it cannot resolve on the log) is said under the field
// that holds it, in the words the CLI's group reset uses, with the focus
// there; nothing is said at the foot of the form, and every value typed
// stays. Through the real kafkaops planner on a Kafka-protocol broker.
func TestResetPlanRefusalsAtTheField(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.FilledTopic(t, brokers, 2, 4)
	group := "g-" + topic
	testkafka.CommitGroup(t, brokers, group, topic, map[int32]int64{0: 2})

	cl, err := kafkaops.Open(kafkaops.Config{Brokers: brokers, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	m := New(newCommon(false), cl, group)
	m.SetSize(100, 30)
	for _, msg := range uitest.RunCmd(t, m.Init()) {
		send(t, m, msg)
	}
	if !m.loaded {
		t.Fatalf("not loaded: %v", m.loadErr)
	}
	defer m.Close()
	press(t, m, "R")
	if m.mode != modeResetForm || m.form.Value(fieldTopic) != topic {
		t.Fatalf("mode %d, form on %q", m.mode, m.form.Value(fieldTopic))
	}
	clear := func(field int) {
		for range len(m.form.Value(field)) {
			press(t, m, "backspace")
		}
	}
	// under is the message under field's line, and whether the form says
	// anything at its foot.
	under := func(label string) string {
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		var out []string
		for i, l := range lines {
			if !strings.HasPrefix(strings.TrimSpace(l), label+" ") {
				continue
			}
			for _, u := range lines[i+1:] {
				if !strings.HasPrefix(u, strings.Repeat(" ", labelWidth)) || strings.TrimSpace(u) == "" {
					break
				}
				out = append(out, strings.TrimSpace(u))
			}
			break
		}
		return strings.Join(out, " ")
	}
	steps := []struct {
		name             string
		topic, parts, to string
		field            int
		label, want      string
	}{
		{"unknown topic", topic + "-nope", "", "earliest", fieldTopic, "Topic",
			"✗ topic " + topic + "-nope does not exist"},
		{"unknown partition", topic, "1,7", "earliest", fieldPartitions, "Partitions",
			"✗ partition 7 does not exist (topic has 2 partitions: 0-1)"},
		{"nothing to shift from", topic, "1", "shift:-1", fieldTarget, "Reset to",
			"✗ partition 1 of " + topic + " has no committed offset to shift from (reset it to earliest, latest, an offset or a time instead)"},
	}
	for _, s := range steps {
		// Type the step's values into the three fields.
		for i, v := range []string{s.topic, s.parts, s.to} {
			m.form.FocusOn(i)
			clear(i)
			if v != "" {
				press(t, m, v)
			}
		}
		press(t, m, "enter")
		if m.mode != modeResetForm {
			t.Fatalf("%s: left the form for mode %d", s.name, m.mode)
		}
		if got := under(s.label); got != s.want {
			t.Errorf("%s: under %s\n got %q\nwant %q\n%s", s.name, s.label, got, s.want, ansi.Strip(m.View()))
		}
		if m.form.err != "" || m.form.Focus() != s.field {
			t.Errorf("%s: foot %q, focus %d (want %d)", s.name, m.form.err, m.form.Focus(), s.field)
		}
		for i, v := range []string{s.topic, s.parts, s.to} {
			if got := m.form.Value(i); got != v {
				t.Errorf("%s: field %d holds %q, typed %q", s.name, i, got, v)
			}
		}
	}
	// Correcting the target clears its message and the plan is shown.
	m.form.FocusOn(fieldTarget)
	clear(fieldTarget)
	press(t, m, "earliest")
	if m.form.Err(fieldTarget) != "" {
		t.Errorf("a corrected field keeps %q", m.form.Err(fieldTarget))
	}
	press(t, m, "enter")
	if m.mode != modePreview || len(m.preview.plan.Rows) != 1 || m.preview.plan.Rows[0].Partition != 1 {
		t.Errorf("after corrections: mode %d, preview %+v", m.mode, m.preview)
	}
}
