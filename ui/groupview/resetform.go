package groupview

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fields"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// allTopics, typed as the topic, resets every topic the group has
// committed offsets for (kafka-consumer-groups --all-topics). No topic
// can be named so: Kafka allows letters, digits, '.', '_' and '-' only.
const allTopics = "*"

// resetForm asks what to reset: topic (or all of them), partitions and
// target. A value it cannot read is explained under its field, which gets
// the focus; what was typed stays as it was.
type resetForm struct {
	st   common.Styles
	keys keymap.Form
	// Fields are the topic, partitions and target inputs, each with the
	// problem of its value shown under it.
	fields.Fields
	refusal string // why Kafka will refuse (the group has members), shown up front
	// givenTopic is the topic the form opened on, exactly; shownTopic what
	// the input made of it (it drops control characters). While the input
	// shows shownTopic, givenTopic is the topic reset, not another one
	// whose name is the same minus those characters.
	givenTopic, shownTopic string
	// err is a problem of the plan as a whole (Kafka's answer).
	err      string
	planning bool
}

const (
	fieldTopic = iota
	fieldPartitions
	fieldTarget
)

var fieldLabels = [3]string{"Topic", "Partitions", "Reset to"}

// labelWidth is the width of a field's label column, where the inputs and
// the errors under them start.
const labelWidth = 13

func newResetForm(c *common.Common, topic, refusal string) *resetForm {
	f := &resetForm{st: c.Styles, keys: c.Keys.Form, refusal: refusal}
	f.keys.Submit.SetHelp(f.keys.Submit.Help().Key, "preview")
	f.Fields = fields.New(
		fields.NewInput(c.Styles, "topic name, or * for all topics", 256),
		fields.NewInput(c.Styles, "all, or e.g. 0,1,4-6", 256),
		fields.NewInput(c.Styles, "earliest, latest, offset:N, time:-1h or time:2026-01-02T15:04Z, shift:+N/-N", 64))
	f.Input(fieldTopic).SetValue(topic)
	f.givenTopic, f.shownTopic = topic, f.Value(fieldTopic)
	f.Input(fieldTarget).SetValue("earliest")
	return f
}

func (f *resetForm) setWidth(w int) { f.SetWidth(max(w-16, 8)) }

func (f *resetForm) update(k tea.KeyMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(k, f.keys.Cancel):
		return actCancel, nil
	case f.planning:
		return actNone, nil
	case key.Matches(k, f.keys.Next):
		f.Move(1)
		return actNone, nil
	case key.Matches(k, f.keys.Prev):
		f.Move(-1)
		return actNone, nil
	case key.Matches(k, f.keys.Submit):
		return actSubmit, nil
	}
	changed, cmd := f.Update(k)
	if changed {
		f.SetErr(f.Focus(), "") // being corrected
	}
	return actNone, cmd
}

// request reads the form. A value it cannot read is explained under its
// field, and the first such field gets the focus.
func (f *resetForm) request(group string) (kafkaops.ResetRequest, bool) {
	f.ClearErrs()
	f.err = ""
	req := kafkaops.ResetRequest{Group: group}
	topic := strings.TrimSpace(f.Value(fieldTopic))
	if v := f.Value(fieldTopic); f.givenTopic != "" && v == f.shownTopic {
		topic = f.givenTopic
	}
	switch topic {
	case allTopics:
		req.AllTopics = true
	case "":
		f.SetErr(fieldTopic, "a topic is needed: its name, or * for every topic the group has committed offsets for")
	default:
		req.Topic = topic
	}
	var err error
	if req.Partitions, err = kafkaops.ParsePartitionList(f.Value(fieldPartitions)); err != nil {
		f.SetErr(fieldPartitions, err.Error())
	} else if req.AllTopics && len(req.Partitions) > 0 {
		f.SetErr(fieldPartitions, "partitions are chosen for one topic; with * (all topics) leave this empty: every partition the group has committed on is reset")
	}
	if req.To, err = kafkaops.ParseResetTarget(f.Value(fieldTarget)); err != nil {
		f.SetErr(fieldTarget, err.Error())
	}
	if f.FocusFirstErr() {
		return kafkaops.ResetRequest{}, false
	}
	return req, true
}

// fieldRefusal finds in err, a planning error, Kafka's refusal of what a
// field holds: the field and the refusal in the words the CLI uses for
// the same flag.
func fieldRefusal(err error) (field int, text string, ok bool) {
	var re *kafkaops.RequestError
	if !errors.As(err, &re) {
		return 0, "", false
	}
	switch re.Field {
	case kafkaops.FieldTopic:
		return fieldTopic, re.Msg, true
	case kafkaops.FieldPartitions:
		return fieldPartitions, re.Msg, true
	case kafkaops.FieldTarget:
		return fieldTarget, re.Msg, true
	}
	return 0, "", false
}

func (f *resetForm) shortHelp() []key.Binding {
	return []key.Binding{f.keys.Submit, f.keys.Next, f.keys.Cancel}
}

func (f *resetForm) view(group string, w, h int) string {
	st := f.st
	lines := []string{" " + st.Bold.Render("Reset offsets of group ") + group, ""}
	if f.refusal != "" {
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+f.refusal, w-2), " ", st.Error)...)
		lines = append(lines, "")
	}
	for i := range f.Len() {
		label := fmt.Sprintf(" %-11s", fieldLabels[i])
		if i == f.Focus() {
			label = st.Accent.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		lines = append(lines, label+" "+f.Input(i).View())
		if f.Err(i) != "" {
			lines = append(lines, fit.Indent(fit.Wrap("✗ "+safe.String(f.Err(i)), w-labelWidth-1), strings.Repeat(" ", labelWidth), st.Error)...)
		}
	}
	lines = append(lines, "",
		" "+st.Muted.Render("Topic * resets every topic the group has committed offsets for."),
		" "+st.Muted.Render("Nothing is written until you confirm the preview."))
	switch {
	case f.planning:
		lines = append(lines, " "+st.Muted.Render("planning…"))
	case f.err != "":
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+safe.String(f.err), w-2), " ", st.Error)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, h)
}
