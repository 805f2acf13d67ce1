// Package fields is the column of text inputs of a form (the tail's start
// form, the group view's reset form): each input with the problem of its
// value, one focus that moves over them and goes to the first field with a
// problem, so that what the user typed is corrected where it stands. Each
// form draws the fields in its own layout and reads them its own way.
//
// It may import bubbletea, bubbles and ui/common.
package fields

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// NewInput is a form's text input: no prompt, a cursor that does not
// blink (a blink would redraw the screen for nothing), the placeholder
// muted.
func NewInput(st common.Styles, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.TextStyle = st.Text
	in.PlaceholderStyle = st.Muted
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = st.Selected
	return in
}

// Fields are a form's inputs, their problems and the focus, on the first
// input to begin with.
type Fields struct {
	inputs []textinput.Model
	errs   []string
	focus  int
}

// New holds inputs, the first focused.
func New(inputs ...textinput.Model) Fields {
	f := Fields{inputs: inputs, errs: make([]string, len(inputs))}
	if len(inputs) > 0 {
		f.inputs[0].Focus()
	}
	return f
}

// Len is the number of fields.
func (f *Fields) Len() int { return len(f.inputs) }

// Input is field i's input, to set up or draw.
func (f *Fields) Input(i int) *textinput.Model { return &f.inputs[i] }

// Value is what field i holds.
func (f *Fields) Value(i int) string { return f.inputs[i].Value() }

// Err is the problem shown for field i, "" if none.
func (f *Fields) Err(i int) string { return f.errs[i] }

// SetErr says what is wrong with field i's value ("" for nothing).
func (f *Fields) SetErr(i int, text string) { f.errs[i] = text }

// ClearErrs forgets every field's problem, before the form is read again.
func (f *Fields) ClearErrs() { clear(f.errs) }

// Focus is the focused field.
func (f *Fields) Focus() int { return f.focus }

// FocusOn moves the focus to field i.
func (f *Fields) FocusOn(i int) {
	f.inputs[f.focus].Blur()
	f.focus = i
	f.inputs[i].Focus()
}

// Move moves the focus d fields on, round the column.
func (f *Fields) Move(d int) {
	n := len(f.inputs)
	f.FocusOn(((f.focus+d)%n + n) % n)
}

// FocusFirstErr moves the focus to the first field with a problem and
// reports whether there is one.
func (f *Fields) FocusFirstErr() bool {
	for i, e := range f.errs {
		if e != "" {
			f.FocusOn(i)
			return true
		}
	}
	return false
}

// SetWidth sets every input's width.
func (f *Fields) SetWidth(w int) {
	for i := range f.inputs {
		f.inputs[i].Width = w
	}
}

// Update gives the key to the focused input and reports whether it
// changed the value.
func (f *Fields) Update(k tea.KeyMsg) (changed bool, cmd tea.Cmd) {
	in := &f.inputs[f.focus]
	before := in.Value()
	*in, cmd = in.Update(k)
	return in.Value() != before, cmd
}
