// Package confirm is the dialog before a destructive action (deleting a
// topic, a group, a group's offsets): it says what the action does and asks
// for a name to be typed exactly, because a single keypress must never
// destroy something on a production cluster. enter submits once the name
// matches; esc cancels. While the action runs (SetBusy) the dialog stays,
// and a failure is shown in it (SetErr).
//
// It may import bubbletea, bubbles, keymap, internal/safe, ui/common and
// ui/components/fit.
package confirm

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// Action is what a key did in the dialog.
type Action int

const (
	// None: the key edited the name, or was ignored.
	None Action = iota
	// Cancel: esc; the caller closes the dialog.
	Cancel
	// Submit: enter with the name typed exactly; the caller starts the
	// action and calls SetBusy.
	Submit
)

// mismatch is the answer to enter with another name typed.
const mismatch = "the name does not match: type it exactly as shown"

// Options say what the dialog confirms.
type Options struct {
	// Title is the dialog's first line ("Delete topic orders"), safe to
	// print.
	Title string
	// Lines say what the action does, safe to print.
	Lines []string
	// Want is what must be typed, exactly.
	Want string
	// Shown is Want as printed; "" prints safe.Name(Want).
	Shown string
	// Prompt is the line above the input; "" is "Type <Shown> to confirm:".
	Prompt string
	// Verb is the action, for the help of enter ("delete") and the line
	// shown while it runs ("deleting…"); "" is delete.
	Verb, Running string
	// Target is the caller's: what the action acts on (a topic, "" for a
	// group...), handed back by Target.
	Target string
	// Limit is the longest name accepted; 0 is 512.
	Limit int
}

// Model is the dialog.
type Model struct {
	st    common.Styles
	keys  keymap.Form
	o     Options
	input textinput.Model
	err   string
	busy  bool
}

// New returns the dialog with the input focused.
func New(c *common.Common, o Options) *Model {
	if o.Shown == "" {
		o.Shown = safe.Name(o.Want)
	}
	if o.Verb == "" {
		o.Verb, o.Running = "delete", "deleting…"
	}
	if o.Limit <= 0 {
		o.Limit = 512
	}
	d := &Model{st: c.Styles, keys: c.Keys.Form, o: o}
	d.keys.Submit.SetHelp(d.keys.Submit.Help().Key, o.Verb)
	in := textinput.New()
	in.Prompt = "> "
	in.PromptStyle = c.Styles.Error
	in.TextStyle = c.Styles.Text
	in.CharLimit = o.Limit
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	in.Focus()
	d.input = in
	return d
}

// Title is the dialog's first line, for the breadcrumb.
func (d *Model) Title() string { return d.o.Title }

// Shown is what must be typed, as printed.
func (d *Model) Shown() string { return d.o.Shown }

// Target is Options.Target.
func (d *Model) Target() string { return d.o.Target }

// Busy reports whether the action runs.
func (d *Model) Busy() bool { return d.busy }

// SetBusy says the action runs (keys but esc are ignored) or has ended.
func (d *Model) SetBusy(b bool) { d.busy = b }

// Err is the problem shown, "" if none.
func (d *Model) Err() string { return d.err }

// SetErr shows why the action failed; the view escapes it.
func (d *Model) SetErr(text string) { d.err = text }

// SetWidth fits the input to a dialog w wide.
func (d *Model) SetWidth(w int) { d.input.Width = max(w-5, 8) }

// Update handles a key; it returns Submit only once the typed name
// matches.
func (d *Model) Update(k tea.KeyMsg) (Action, tea.Cmd) {
	switch {
	case key.Matches(k, d.keys.Cancel):
		return Cancel, nil
	case d.busy:
		return None, nil
	case key.Matches(k, d.keys.Submit):
		if d.input.Value() != d.o.Want {
			d.err = mismatch
			return None, nil
		}
		d.err = ""
		return Submit, nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	return None, cmd
}

// ShortHelp is enter and esc.
func (d *Model) ShortHelp() []key.Binding { return []key.Binding{d.keys.Submit, d.keys.Cancel} }

// FullHelp is ShortHelp in one column.
func (d *Model) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// View draws the dialog in w x h.
func (d *Model) View(w, h int) string {
	st := d.st
	lines := []string{" " + st.Error.Render(d.o.Title), ""}
	for _, l := range d.o.Lines {
		lines = append(lines, " "+l)
	}
	prompt := d.o.Prompt
	if prompt == "" {
		prompt = "Type " + st.Bold.Render(d.o.Shown) + " to confirm:"
	}
	lines = append(lines, "", " "+prompt, " "+d.input.View())
	switch {
	case d.busy:
		lines = append(lines, " "+st.Muted.Render(d.o.Running))
	case d.err != "":
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+safe.String(d.err), w-2), " ", st.Error)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, h)
}
