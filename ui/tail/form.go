package tail

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fields"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// defaultStart is the form's start position: the last 50 records of each
// partition, then follow.
const defaultStart = "-50"

const (
	fieldParts = iota
	fieldStart
	fieldIsolation
	fieldFilter
	nFields
)

var fieldLabels = [nFields]string{"partitions", "start", "isolation", "filter"}

var fieldHints = [nFields]string{
	"all, or a set such as 0,2-4",
	// -N counts records, looking back past gaps (consume --help has the bound).
	"beginning, end, N, -N (last N records), @<time>, @-15m, s@<ms>",
	"uncommitted: all, aborted/open marked · committed: as read_committed",
	"optional: " + filterSyntax,
}

// startForm asks where a tail starts. Bad input is flagged on its field
// and everything typed stays.
type startForm struct {
	// Fields are the form's inputs, each with the problem of its value.
	fields.Fields
	keys keymap.Form
	st   common.Styles
	err  string // the stream could not open (unknown partition...)
}

func newStartForm(c *common.Common) *startForm {
	f := &startForm{keys: c.Keys.Form, st: c.Styles}
	f.keys.Submit.SetHelp("enter", "start tail")
	f.keys.Cancel.SetHelp("esc", "back")
	placeholders := [nFields]string{fieldParts: "all", fieldFilter: "none"}
	var ins [nFields]textinput.Model
	for i := range ins {
		ins[i] = fields.NewInput(c.Styles, placeholders[i], 512)
	}
	f.Fields = fields.New(ins[:]...)
	f.Input(fieldStart).SetValue(defaultStart)
	// --isolation or the config's defaults.isolation; a tail may differ.
	f.Input(fieldIsolation).SetValue(c.Isolation.String())
	return f
}

func (f *startForm) setWidth(w int) { f.SetWidth(max(min(w-16, 60), 10)) }

// formResult is what a key did to the form.
type formResult int

const (
	formTyped formResult = iota
	formSubmit
	formCancel
)

func (f *startForm) update(msg tea.KeyMsg) (formResult, tea.Cmd) {
	switch {
	case key.Matches(msg, f.keys.Cancel):
		return formCancel, nil
	case key.Matches(msg, f.keys.Submit):
		return formSubmit, nil
	case key.Matches(msg, f.keys.Next), msg.Type == tea.KeyDown:
		f.Move(1)
		return formTyped, nil
	case key.Matches(msg, f.keys.Prev), msg.Type == tea.KeyUp:
		f.Move(-1)
		return formTyped, nil
	}
	_, cmd := f.Update(msg)
	f.SetErr(f.Focus(), "")
	f.err = ""
	return formTyped, cmd
}

// parse checks every field and returns the request and filter, or flags
// the fields that are wrong and moves the focus to the first of them.
func (f *startForm) parse(topic string) (kafkaops.ConsumeRequest, *filter, bool) {
	req := kafkaops.ConsumeRequest{Topic: topic, Batched: true}
	var flt *filter
	parts, err := parsePartitions(f.Value(fieldParts))
	if err != nil {
		f.SetErr(fieldParts, err.Error())
	}
	req.Partitions = parts
	pos, err := kafkaops.ParsePosition(f.Value(fieldStart))
	if err != nil {
		f.SetErr(fieldStart, err.Error())
	}
	req.Start = pos
	iso, err := kafkaops.ParseIsolation(f.Value(fieldIsolation))
	if err != nil {
		f.SetErr(fieldIsolation, err.Error())
	}
	req.Isolation = iso
	flt, err = compileFilter(f.Value(fieldFilter))
	if err != nil {
		f.SetErr(fieldFilter, err.Error())
	}
	if f.FocusFirstErr() {
		return req, nil, false
	}
	return req, flt, true
}

// parsePartitions reads "all" (or nothing) as every partition, else a set
// such as 0,2-4, in the grammar of group reset --partitions.
func parsePartitions(s string) ([]int32, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "all") {
		return nil, nil
	}
	ps, err := kafkaops.ParsePartitionList(s)
	if err != nil {
		return nil, fmt.Errorf("invalid partitions %q: %w", s, err)
	}
	return ps, nil
}

func (f *startForm) view(topic string, width int) string {
	var b strings.Builder
	b.WriteString(f.st.Title.Render("Tail " + topic))
	b.WriteString("\n\n")
	for i := range nFields {
		label := fmt.Sprintf("%-11s", fieldLabels[i])
		if i == f.Focus() {
			b.WriteString(f.st.Accent.Render("› " + label))
		} else {
			b.WriteString("  " + f.st.Muted.Render(label))
		}
		b.WriteString(" " + f.Input(i).View() + "\n")
		// The problem, or else the hint, under the value; both wrap, so
		// at 80 columns nothing is cut.
		text, style := fieldHints[i], f.st.Muted
		if f.Err(i) != "" {
			text, style = safe.String(f.Err(i)), f.st.Error
		}
		for _, l := range fit.Wrap(text, max(width-16, 20)) {
			b.WriteString("              " + style.Render(l) + "\n")
		}
	}
	if f.err != "" {
		b.WriteString("\n")
		for _, l := range fit.Wrap(safe.String(f.err), max(width-2, 20)) {
			b.WriteString(f.st.Error.Render(l) + "\n")
		}
	}
	return b.String()
}

func (f *startForm) shortHelp() []key.Binding {
	return []key.Binding{f.keys.Submit, f.keys.Next, f.keys.Cancel}
}
