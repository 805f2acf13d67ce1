package topics

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// formAction is what a key did to a dialog.
type formAction int

const (
	formNone formAction = iota
	formSubmit
	formCancel
)

// field is one field of the create form.
type field int

const (
	fName field = iota
	fPartitions
	fRF
	fConfigs
	numFields
)

var fieldLabels = [numFields]string{"Name", "Partitions", "Replication factor", "Configs"}

// Kafka's limits (org.apache.kafka.common.internals.Topic).
const (
	maxNameLen = 249
	maxRF      = 32767
	maxParts   = 1<<31 - 1
)

// labelWidth is the width of the label column.
const labelWidth = 21

// createForm is the create topic dialog. What was typed stays until the
// form is closed, whatever the broker answers.
type createForm struct {
	st         common.Styles
	keys       keymap.Form
	inputs     [fConfigs]textinput.Model // name, partitions, RF
	configs    textarea.Model
	focus      field
	errs       [numFields]string
	formErr    string
	submitting bool
	tried      bool              // submitted once: from then on fields are checked as typed
	discarding bool              // esc was pressed on typed text: a second esc discards it
	existing   map[string]string // collision key -> name
}

func newCreateForm(c *common.Common, existing map[string]string) *createForm {
	f := &createForm{st: c.Styles, keys: c.Keys.Form, existing: existing}
	f.keys.Submit.SetHelp(f.keys.Submit.Help().Key, "create")
	f.keys.SubmitAny.SetHelp(f.keys.SubmitAny.Help().Key, "create")
	placeholders := [fConfigs]string{"orders", "broker default", "broker default"}
	limits := [fConfigs]int{maxNameLen + 16, 10, 5}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = limits[i]
		in.PlaceholderStyle = c.Styles.Muted
		in.TextStyle = c.Styles.Text
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = c.Styles.Selected
		f.inputs[i] = in
	}
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.Placeholder = "retention.ms=604800000, cleanup.policy=compact"
	ta.CharLimit = 8000
	ta.SetHeight(3)
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Cursor.Style = c.Styles.Selected
	plain := lipgloss.NewStyle()
	style := textarea.Style{
		Base: plain, CursorLine: plain, CursorLineNumber: plain, LineNumber: plain, Prompt: plain,
		EndOfBuffer: c.Styles.Muted, Placeholder: c.Styles.Muted, Text: c.Styles.Text,
	}
	ta.FocusedStyle, ta.BlurredStyle = style, style
	f.configs = ta
	f.setFocus(fName)
	return f
}

func (f *createForm) setWidth(w int) {
	iw := max(w-labelWidth-3, 8)
	for i := range f.inputs {
		f.inputs[i].Width = iw
	}
	f.configs.SetWidth(iw)
}

func (f *createForm) setFocus(to field) {
	f.focus = (to + numFields) % numFields
	for i := range f.inputs {
		if field(i) == f.focus {
			f.inputs[i].Focus()
		} else {
			f.inputs[i].Blur()
		}
	}
	if f.focus == fConfigs {
		f.configs.Focus()
	} else {
		f.configs.Blur()
	}
}

func (f *createForm) value(fl field) string {
	if fl == fConfigs {
		return f.configs.Value()
	}
	return f.inputs[fl].Value()
}

// dirty reports whether anything was typed.
func (f *createForm) dirty() bool {
	for fl := range numFields {
		if strings.TrimSpace(f.value(fl)) != "" {
			return true
		}
	}
	return false
}

func (f *createForm) update(k tea.KeyMsg) (formAction, tea.Cmd) {
	cancel := key.Matches(k, f.keys.Cancel)
	first := cancel && !f.discarding && !f.submitting && f.dirty()
	f.discarding = first // any other key means stay
	switch {
	case first:
		return formNone, nil // one stray esc loses nothing
	case cancel:
		return formCancel, nil
	case f.submitting:
		return formNone, nil // the answer is on its way
	case key.Matches(k, f.keys.SubmitAny),
		key.Matches(k, f.keys.Submit) && f.focus != fConfigs:
		return formSubmit, nil
	case key.Matches(k, f.keys.Next):
		f.setFocus(f.focus + 1)
		return formNone, nil
	case key.Matches(k, f.keys.Prev):
		f.setFocus(f.focus - 1)
		return formNone, nil
	}
	var cmd tea.Cmd
	if f.focus == fConfigs {
		f.configs, cmd = f.configs.Update(k)
	} else {
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(k)
	}
	// Once the user has tried to submit (or while a field shows an
	// error), the field is checked as it is edited, so messages come and
	// go with the value instead of waiting for the next submit.
	if f.tried || f.errs[f.focus] != "" {
		f.errs[f.focus] = f.check(f.focus)
	}
	f.formErr = ""
	return formNone, cmd
}

// check validates one field and returns its error message, "" if valid.
func (f *createForm) check(fl field) string {
	v := strings.TrimSpace(f.value(fl))
	switch fl {
	case fName:
		return checkName(v, f.existing)
	case fPartitions:
		_, msg := parseCount(v, maxParts)
		return msg
	case fRF:
		_, msg := parseCount(v, maxRF)
		return msg
	case fConfigs:
		_, msg := parseConfigs(f.value(fl))
		return msg
	}
	return ""
}

// validate checks every field, shows the errors next to them and focuses
// the first bad one. ok is false when there is any error.
func (f *createForm) validate() (spec kafkaops.TopicSpec, ok bool) {
	f.tried = true
	first := numFields
	for fl := range numFields {
		f.errs[fl] = f.check(fl)
		if f.errs[fl] != "" && first == numFields {
			first = fl
		}
	}
	f.formErr = ""
	if first != numFields {
		f.setFocus(first)
		return spec, false
	}
	spec.Name = strings.TrimSpace(f.value(fName))
	spec.Partitions, _ = parseCount(strings.TrimSpace(f.value(fPartitions)), maxParts)
	spec.ReplicationFactor, _ = parseCount(strings.TrimSpace(f.value(fRF)), maxRF)
	spec.Configs, _ = parseConfigs(f.value(fConfigs))
	return spec, true
}

// brokerError shows the broker's refusal next to the field it is about, or
// under the form when it is about none in particular.
func (f *createForm) brokerError(err error) {
	name := strings.TrimSpace(f.value(fName))
	text := strings.TrimPrefix(err.Error(), fmt.Sprintf("create topic %q: ", name))
	text = safe.String(text)
	lower := strings.ToLower(text)
	fl := numFields
	switch {
	case errors.Is(err, kafkaops.ErrTopicExists),
		strings.Contains(lower, "already exists"),
		strings.Contains(lower, "invalid topic"),
		strings.Contains(lower, "collides"):
		fl = fName
	case strings.Contains(lower, "replication factor"),
		strings.Contains(lower, "replica assignment"),
		strings.Contains(lower, "available brokers"):
		fl = fRF
	case strings.Contains(lower, "partitions"):
		fl = fPartitions
	case strings.Contains(lower, "config"):
		fl = fConfigs
	}
	if fl == numFields {
		f.formErr = text
		return
	}
	f.errs[fl] = text
	f.setFocus(fl)
}

// checkName applies Kafka's rules for topic names, and refuses names the
// cluster already has (or that collide with one in metric names).
func checkName(name string, existing map[string]string) string {
	switch {
	case name == "":
		return "a name is required"
	case name == "." || name == "..":
		return `"." and ".." are not allowed`
	case len(name) > maxNameLen:
		return fmt.Sprintf("at most %d characters (this is %d)", maxNameLen, len(name))
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Sprintf("%s is not allowed: use letters, digits, '.', '_' and '-'", safe.String(strconv.QuoteRune(r)))
		}
	}
	if other, ok := existing[collisionKey(name)]; ok {
		if other == name {
			return "a topic with this name already exists"
		}
		return fmt.Sprintf("collides with topic %s: Kafka treats '.' and '_' alike in metric names", safe.String(other))
	}
	return ""
}

// parseCount reads an optional positive count: empty means the broker's
// default (0).
func parseCount(s string, limit int) (int, string) {
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, "a whole number, 1 or more (empty: broker default)"
	}
	if n > limit {
		return 0, fmt.Sprintf("at most %d", limit)
	}
	return n, ""
}

// parseConfigs reads k=v pairs separated by commas or new lines. A comma
// piece without '=' continues the previous value, so list values such as
// cleanup.policy=compact,delete are read whole.
func parseConfigs(s string) (map[string]string, string) {
	out := map[string]string{}
	last := ""
	for line := range strings.SplitSeq(s, "\n") {
		for piece := range strings.SplitSeq(line, ",") {
			piece = strings.TrimSpace(piece)
			if piece == "" {
				continue
			}
			k, v, ok := strings.Cut(piece, "=")
			if !ok {
				if last == "" {
					return nil, fmt.Sprintf("%q is not key=value", piece)
				}
				out[last] += "," + piece
				continue
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if k == "" {
				return nil, fmt.Sprintf("%q has no key", piece)
			}
			if _, dup := out[k]; dup {
				return nil, fmt.Sprintf("%s is given twice", k)
			}
			out[k] = v
			last = k
		}
		// A new line starts a new pair: no continuation across lines.
		last = ""
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
}

func (f *createForm) shortHelp() []key.Binding {
	submit := f.keys.Submit
	if f.focus == fConfigs {
		submit = f.keys.SubmitAny
	}
	return []key.Binding{f.keys.Next, f.keys.Prev, submit, f.keys.Cancel}
}

func (f *createForm) view(w, h int) string {
	st := f.st
	lines := []string{" " + st.Title.Render("Create topic"), ""}
	for fl := range numFields {
		label := fmt.Sprintf(" %-*s", labelWidth-1, fieldLabels[fl])
		mark := "  "
		if fl == f.focus {
			label = st.Accent.Render(label)
			mark = st.Accent.Render("› ")
		} else {
			label = st.Text.Render(label)
		}
		var input string
		if fl == fConfigs {
			input = f.configs.View()
		} else {
			input = f.inputs[fl].View()
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, label, mark, input))
		indent := strings.Repeat(" ", labelWidth+2)
		if fl == fConfigs {
			lines = append(lines, indent+st.Muted.Render("key=value, separated by commas or new lines"))
		}
		if e := f.errs[fl]; e != "" {
			lines = append(lines, fit.Indent(fit.Wrap("✗ "+e, w-labelWidth-3), indent, st.Error)...)
		}
	}
	lines = append(lines, "")
	switch {
	case f.submitting:
		lines = append(lines, " "+st.Muted.Render("creating…"))
	case f.discarding:
		lines = append(lines, " "+st.Warning.Render("esc again to discard what you typed, any other key to stay"))
	case f.formErr != "":
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+f.formErr, w-2), " ", st.Error)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, h)
}
