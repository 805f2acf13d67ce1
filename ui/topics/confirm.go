package topics

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// deleteConfirm asks for the topic's name to be typed before deleting it:
// a single keypress must never destroy a topic on a production cluster.
type deleteConfirm struct {
	st       common.Styles
	keys     keymap.Form
	topic    kafkaops.TopicSummary
	name     string // as shown, safe to print; what must be typed
	input    textinput.Model
	err      string
	deleting bool
}

func newDeleteConfirm(c *common.Common, t kafkaops.TopicSummary, shown string) *deleteConfirm {
	d := &deleteConfirm{st: c.Styles, keys: c.Keys.Form, topic: t, name: shown}
	d.keys.Submit.SetHelp(d.keys.Submit.Help().Key, "delete")
	in := textinput.New()
	in.Prompt = "> "
	in.PromptStyle = c.Styles.Error
	in.TextStyle = c.Styles.Text
	in.CharLimit = maxNameLen + 64
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	in.Focus()
	d.input = in
	return d
}

func (d *deleteConfirm) setWidth(w int) { d.input.Width = max(w-5, 8) }

// update handles a key; it returns formSubmit only once the typed name
// matches.
func (d *deleteConfirm) update(k tea.KeyMsg) (formAction, tea.Cmd) {
	switch {
	case key.Matches(k, d.keys.Cancel):
		return formCancel, nil
	case d.deleting:
		return formNone, nil
	case key.Matches(k, d.keys.Submit):
		if d.input.Value() != d.name {
			d.err = "the name does not match: type it exactly as shown"
			return formNone, nil
		}
		d.err = ""
		return formSubmit, nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	return formNone, cmd
}

func (d *deleteConfirm) shortHelp() []key.Binding {
	return []key.Binding{d.keys.Submit, d.keys.Cancel}
}

func (d *deleteConfirm) view(w, h int) string {
	st := d.st
	t := d.topic
	lines := []string{
		" " + st.Error.Render("Delete topic ") + st.Bold.Render(d.name),
		"",
		" " + fmt.Sprintf("This deletes every record (%s offsets) in %s on every broker.", numfmt.Group(t.Messages), table.Counted(t.Partitions, "partition")),
		" It cannot be undone. Clients using it get errors, or recreate it empty",
		" if the cluster auto-creates topics.",
		"",
		" Type the topic name to confirm:",
		" " + d.input.View(),
	}
	switch {
	case d.deleting:
		lines = append(lines, " "+st.Muted.Render("deleting…"))
	case d.err != "":
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+d.err, w-2), " ", st.Error)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, h)
}
