package groupview

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
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

// previewColumns are the preview's columns: as wide as their title or
// their widest number, so that with a TOPIC column in front they still
// fit 80 columns whole.
var previewColumns = []table.Column{
	{Title: "PARTITION", Width: 9, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "CURRENT", Width: 7, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "NEW", Width: 3, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "LOG-START", Width: 9, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "LOG-END", Width: 7, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "LAG-BEFORE", Width: 10, Fit: true, Keep: true, Align: table.AlignRight},
	{Title: "LAG-AFTER", Width: 9, Fit: true, Keep: true, Align: table.AlignRight},
}

func newResetPreview(c *common.Common, p kafkaops.ResetPlan) *resetPreview {
	// One topic is said in the title; several get a column.
	topics := len(p.Topics()) > 1
	cols := previewColumns
	if topics {
		cols = append([]table.Column{{Title: "TOPIC", Width: 5, Fit: true}}, previewColumns...)
	}
	v := &resetPreview{st: c.Styles, keys: c.Keys.Form, plan: p, table: table.New(cols, c.Keys.List, table.NewStyles(c.Styles))}
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
		cells := []table.Cell{
			{Text: fmt.Sprint(r.Partition)}, cur, newCell,
			{Text: health.Count(r.LogStart)}, {Text: health.Count(r.LogEnd)},
			lag, {Text: health.Count(r.LagAfter)},
		}
		if topics {
			cells = append([]table.Cell{{Text: safe.Name(r.Topic)}}, cells...)
		}
		rows[i] = table.Row{Cells: cells}
	}
	v.table.SetRows(rows)
	return v
}

// planTopics is what a plan resets, for titles and messages: its topic,
// or all of the group's.
func planTopics(p kafkaops.ResetPlan) string {
	if p.AllTopics {
		return "all its topics"
	}
	return safe.String(p.Topic)
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
		" " + st.Bold.Render("Preview: reset ") + safe.String(p.Group) + st.Bold.Render(" on ") + planTopics(p) + st.Bold.Render(" to ") + p.To.String(),
		" " + st.Muted.Render(table.Counted(len(p.Rows), "partition")+ofTopics(p)+fmt.Sprintf(", group %s. Nothing written yet.", safe.String(p.State))),
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

// ofTopics counts the topics of an all-topics plan (" of 2 topics"),
// naming a lone one.
func ofTopics(p kafkaops.ResetPlan) string {
	if !p.AllTopics {
		return ""
	}
	ts := p.Topics()
	if len(ts) == 1 {
		return " of 1 topic (" + safe.String(ts[0]) + ")"
	}
	return " of " + table.Counted(len(ts), "topic")
}

// neverConsumed reports a plan on a topic the group holds no commit on.
func neverConsumed(p kafkaops.ResetPlan) bool {
	for _, r := range p.Rows {
		if r.HasCurrent {
			return false
		}
	}
	return !p.AllTopics && len(p.Rows) > 0
}
