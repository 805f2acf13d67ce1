package groupview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// action is what a key did in a dialog.
type action int

const (
	actNone action = iota
	actCancel
	actSubmit
)

func newInput(c *common.Common, prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.PromptStyle = c.Styles.Accent
	in.TextStyle = c.Styles.Text
	in.PlaceholderStyle = c.Styles.Muted
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	return in
}

// resetForm asks what to reset: topic, partitions and target.
type resetForm struct {
	st      common.Styles
	keys    keymap.Form
	inputs  [3]textinput.Model
	focus   int
	refusal string // why Kafka will refuse (the group has members), shown up front
	// givenTopic is the topic the form opened on, exactly; shownTopic what
	// the input made of it (it drops control characters). While the input
	// shows shownTopic, givenTopic is the topic reset, not another one
	// whose name is the same minus those characters.
	givenTopic, shownTopic string
	err                    string
	planning               bool
}

const (
	fieldTopic = iota
	fieldPartitions
	fieldTarget
)

var fieldLabels = [3]string{"Topic", "Partitions", "Reset to"}

func newResetForm(c *common.Common, topic, refusal string) *resetForm {
	f := &resetForm{st: c.Styles, keys: c.Keys.Form, refusal: refusal}
	f.keys.Submit.SetHelp(f.keys.Submit.Help().Key, "preview")
	f.inputs[fieldTopic] = newInput(c, "", "topic name", 256)
	f.inputs[fieldTopic].SetValue(topic)
	f.givenTopic, f.shownTopic = topic, f.inputs[fieldTopic].Value()
	f.inputs[fieldPartitions] = newInput(c, "", "all, or e.g. 0,1,4-6", 256)
	f.inputs[fieldTarget] = newInput(c, "", "earliest, latest, offset:N, time:-1h or time:2026-01-02T15:04Z, shift:+N/-N", 64)
	f.inputs[fieldTarget].SetValue("earliest")
	f.inputs[fieldTopic].Focus()
	return f
}

func (f *resetForm) setWidth(w int) {
	for i := range f.inputs {
		f.inputs[i].Width = max(w-16, 8)
	}
}

func (f *resetForm) move(d int) {
	f.inputs[f.focus].Blur()
	f.focus = (f.focus + d + len(f.inputs)) % len(f.inputs)
	f.inputs[f.focus].Focus()
}

func (f *resetForm) update(k tea.KeyMsg) (action, tea.Cmd) {
	switch {
	case key.Matches(k, f.keys.Cancel):
		return actCancel, nil
	case f.planning:
		return actNone, nil
	case key.Matches(k, f.keys.Next):
		f.move(1)
		return actNone, nil
	case key.Matches(k, f.keys.Prev):
		f.move(-1)
		return actNone, nil
	case key.Matches(k, f.keys.Submit):
		return actSubmit, nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(k)
	return actNone, cmd
}

// request reads the form; a problem is shown in the form.
func (f *resetForm) request(group string) (kafkaops.ResetRequest, bool) {
	topic := strings.TrimSpace(f.inputs[fieldTopic].Value())
	if v := f.inputs[fieldTopic].Value(); f.givenTopic != "" && v == f.shownTopic {
		topic = f.givenTopic
	}
	if topic == "" {
		f.err = "a topic is needed"
		return kafkaops.ResetRequest{}, false
	}
	parts, err := kafkaops.ParsePartitionList(f.inputs[fieldPartitions].Value())
	if err != nil {
		f.err = "partitions: " + err.Error()
		return kafkaops.ResetRequest{}, false
	}
	to, err := kafkaops.ParseResetTarget(f.inputs[fieldTarget].Value())
	if err != nil {
		f.err = err.Error()
		return kafkaops.ResetRequest{}, false
	}
	f.err = ""
	return kafkaops.ResetRequest{Group: group, Topic: topic, Partitions: parts, To: to}, true
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
	for i, in := range f.inputs {
		label := fmt.Sprintf(" %-11s", fieldLabels[i])
		if i == f.focus {
			label = st.Accent.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		lines = append(lines, label+" "+in.View())
	}
	lines = append(lines, "", " "+st.Muted.Render("Nothing is written until you confirm the preview."))
	switch {
	case f.planning:
		lines = append(lines, " "+st.Muted.Render("planning…"))
	case f.err != "":
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+safe.String(f.err), w-2), " ", st.Error)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, h)
}

// resetPreview shows what a reset would write, partition by partition,
// and writes it on enter.
type resetPreview struct {
	st      common.Styles
	keys    keymap.Form
	plan    kafkaops.ResetPlan
	table   table.Model
	before  int64
	after   int64
	writing bool
	err     string
}

var previewColumns = []table.Column{
	{Title: "PARTITION", Width: 9, Align: table.AlignRight},
	{Title: "CURRENT", Width: 9, Align: table.AlignRight},
	{Title: "NEW", Width: 9, Align: table.AlignRight},
	{Title: "LOG-START", Width: 9, Align: table.AlignRight},
	{Title: "LOG-END", Width: 9, Align: table.AlignRight},
	{Title: "LAG-BEFORE", Width: 10, Align: table.AlignRight},
	{Title: "LAG-AFTER", Width: 10, Align: table.AlignRight},
}

func newResetPreview(c *common.Common, p kafkaops.ResetPlan) *resetPreview {
	v := &resetPreview{st: c.Styles, keys: c.Keys.Form, plan: p, table: table.New(previewColumns, c.Keys.List, table.NewStyles(c.Styles))}
	v.keys.Submit.SetHelp(v.keys.Submit.Help().Key, "write offsets")
	v.keys.Cancel.SetHelp(v.keys.Cancel.Help().Key, "back to the form")
	rows := make([]table.Row, len(p.Rows))
	for i, r := range p.Rows {
		cur, lag := table.Cell{Text: "none", Hint: table.HintMuted}, table.Cell{Text: "-", Hint: table.HintMuted}
		if r.HasCurrent {
			cur, lag = table.Cell{Text: health.Count(r.Current)}, table.Cell{Text: health.Count(r.LagBefore)}
			v.before += r.LagBefore
		}
		v.after += r.LagAfter
		newCell := table.Cell{Text: health.Count(r.New), Hint: table.HintAccent}
		if r.HasCurrent && r.New == r.Current {
			newCell.Hint = table.HintMuted // unchanged
		}
		rows[i] = table.Row{Cells: []table.Cell{
			{Text: fmt.Sprint(r.Partition)}, cur, newCell,
			{Text: health.Count(r.LogStart)}, {Text: health.Count(r.LogEnd)},
			lag, {Text: health.Count(r.LagAfter)},
		}}
	}
	v.table.SetRows(rows)
	return v
}

// previewChrome is the preview's lines around its table: two above, a
// blank, and up to fit.MaxWrap+1 below.
const previewChrome = 3 + 1 + fit.MaxWrap

// setSize fits the table between the preview's head and foot.
func (v *resetPreview) setSize(w, h int) {
	v.table.SetSize(w, min(len(v.plan.Rows)+1, max(h-previewChrome, 2)))
}

func (v *resetPreview) update(k tea.KeyMsg) action {
	switch {
	case key.Matches(k, v.keys.Cancel):
		return actCancel
	case v.writing:
		return actNone
	case key.Matches(k, v.keys.Submit):
		return actSubmit
	}
	v.table.Update(k)
	return actNone
}

func (v *resetPreview) shortHelp() []key.Binding {
	return []key.Binding{v.keys.Submit, v.keys.Cancel}
}

func (v *resetPreview) view(w, h int) string {
	st := v.st
	p := v.plan
	head := []string{
		" " + st.Bold.Render("Preview: reset ") + safe.String(p.Group) + st.Bold.Render(" on ") + safe.String(p.Topic) + st.Bold.Render(" to ") + p.To.String(),
		" " + st.Muted.Render(table.Counted(len(p.Rows), "partition")+fmt.Sprintf(", group %s. Nothing written yet.", safe.String(p.State))),
	}
	foot := []string{
		" " + st.Muted.Render("total lag ") + health.Count(v.before) + " → " + st.Bold.Render(health.Count(v.after)),
	}
	if neverConsumed(p) {
		// Often a typo, or the wrong group: say so before anything is
		// written.
		foot = append(foot, fit.Indent(fit.Wrap("! group "+safe.String(p.Group)+" has never committed an offset on "+
			safe.String(p.Topic)+": this reset makes it start reading the topic", w-2), " ", st.Warning)...)
	}
	switch {
	case v.writing:
		foot = append(foot, " "+st.Muted.Render("writing…"))
	case v.err != "":
		foot = append(foot, fit.Indent(fit.Wrap("✗ "+safe.String(v.err), w-2), " ", st.Error)...)
	default:
		foot = append(foot, " "+st.Warning.Render("enter writes these offsets; esc goes back to the form."))
	}
	body := append(head, "")
	body = append(body, v.table.View())
	body = append(body, foot...)
	return fit.Box(strings.Join(body, "\n"), w, h)
}

// neverConsumed reports a plan on a topic the group holds no commit on.
func neverConsumed(p kafkaops.ResetPlan) bool {
	for _, r := range p.Rows {
		if r.HasCurrent {
			return false
		}
	}
	return len(p.Rows) > 0
}
