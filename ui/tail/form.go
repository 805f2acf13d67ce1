package tail

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
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
	inputs [nFields]textinput.Model
	errs   [nFields]string
	focus  int
	keys   keymap.Form
	st     common.Styles
	err    string // the stream could not open (unknown partition...)
}

func newStartForm(c *common.Common) *startForm {
	f := &startForm{keys: c.Keys.Form, st: c.Styles}
	f.keys.Submit.SetHelp("enter", "start tail")
	f.keys.Cancel.SetHelp("esc", "back")
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 512
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = c.Styles.Selected
		in.TextStyle = c.Styles.Text
		in.PlaceholderStyle = c.Styles.Muted
		f.inputs[i] = in
	}
	f.inputs[fieldParts].Placeholder = "all"
	f.inputs[fieldStart].SetValue(defaultStart)
	// --isolation or the config's defaults.isolation; a tail may differ.
	f.inputs[fieldIsolation].SetValue(c.Isolation.String())
	f.inputs[fieldFilter].Placeholder = "none"
	f.inputs[fieldParts].Focus()
	return f
}

func (f *startForm) setWidth(w int) {
	for i := range f.inputs {
		f.inputs[i].Width = max(min(w-16, 60), 10)
	}
}

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
		f.setFocus((f.focus + 1) % nFields)
		return formTyped, nil
	case key.Matches(msg, f.keys.Prev), msg.Type == tea.KeyUp:
		f.setFocus((f.focus + nFields - 1) % nFields)
		return formTyped, nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	f.errs[f.focus] = ""
	f.err = ""
	return formTyped, cmd
}

func (f *startForm) setFocus(i int) {
	f.inputs[f.focus].Blur()
	f.focus = i
	f.inputs[i].Focus()
}

// parse checks every field and returns the request and filter, or flags
// the fields that are wrong and moves the focus to the first of them.
func (f *startForm) parse(topic string) (kafkaops.ConsumeRequest, *filter, bool) {
	req := kafkaops.ConsumeRequest{Topic: topic, Batched: true}
	var flt *filter
	parts, err := parsePartitions(f.inputs[fieldParts].Value())
	if err != nil {
		f.errs[fieldParts] = err.Error()
	}
	req.Partitions = parts
	pos, err := kafkaops.ParsePosition(f.inputs[fieldStart].Value())
	if err != nil {
		f.errs[fieldStart] = err.Error()
	}
	req.Start = pos
	iso, err := kafkaops.ParseIsolation(f.inputs[fieldIsolation].Value())
	if err != nil {
		f.errs[fieldIsolation] = err.Error()
	}
	req.Isolation = iso
	flt, err = compileFilter(f.inputs[fieldFilter].Value())
	if err != nil {
		f.errs[fieldFilter] = err.Error()
	}
	for i, e := range f.errs {
		if e != "" {
			f.setFocus(i)
			return req, nil, false
		}
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
	for i := range f.inputs {
		label := fmt.Sprintf("%-11s", fieldLabels[i])
		if i == f.focus {
			b.WriteString(f.st.Accent.Render("› " + label))
		} else {
			b.WriteString("  " + f.st.Muted.Render(label))
		}
		b.WriteString(" " + f.inputs[i].View() + "\n")
		if f.errs[i] != "" {
			for _, l := range fit.Wrap(safe.String(f.errs[i]), max(width-16, 20)) {
				b.WriteString("              " + f.st.Error.Render(l) + "\n")
			}
		} else {
			b.WriteString("              " + f.st.Muted.Render(fieldHints[i]) + "\n")
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
