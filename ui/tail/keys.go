package tail

import (
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// keys are the pane's bindings, copied from the keymap, with the help of
// each mode. The toggles' bindings follow the pane's state (sync): pause
// says pause or resume, the column and hidden-record keys are live only
// when there is a column or a filter, so help offers only keys that act.
type keys struct {
	list   keymap.List
	tail   keymap.Tail
	form   keymap.Form
	filter key.Binding
	back   key.Binding // esc: clears a filter, else back
	clear  key.Binding // back's help while a filter is applied
	syntax key.Binding // for help only: the filter grammar
	// showHidden is ShowHidden's help while the hidden records are not
	// listed, as the keymap says it.
	showHidden string
}

func newKeys(c *common.Common) keys {
	k := keys{
		list:   c.Keys.List,
		tail:   c.Keys.Tail,
		form:   c.Keys.Form,
		filter: c.Keys.Global.Filter,
		back:   c.Keys.Global.Back,
		clear:  c.Keys.Global.Back,
	}
	k.syntax = key.NewBinding(key.WithKeys(k.filter.Keys()...),
		key.WithHelp("/ syntax", "text re:RE key:… value:… header:NAME=… jq:EXPR"))
	k.clear.SetHelp(k.clear.Help().Key, "clear filter")
	k.showHidden = k.tail.ShowHidden.Help().Desc
	k.form.Submit.SetHelp("enter", "apply")
	k.form.Cancel.SetHelp("esc", "cancel")
	k.sync(false, 0, false, false)
	return k
}

// sync sets the toggles' bindings for the pane's state.
func (k *keys) sync(paused bool, columns int, filtered, showHidden bool) {
	if paused {
		k.tail.Pause.SetHelp(k.tail.Pause.Help().Key, "resume")
	} else {
		k.tail.Pause.SetHelp(k.tail.Pause.Help().Key, "pause")
	}
	k.tail.DelColumn.SetEnabled(columns > 0)
	k.tail.ShowHidden.SetEnabled(filtered)
	k.clear.SetEnabled(filtered)
	if showHidden {
		k.tail.ShowHidden.SetHelp(k.tail.ShowHidden.Help().Key, "hide hidden")
	} else {
		k.tail.ShowHidden.SetHelp(k.tail.ShowHidden.Help().Key, k.showHidden)
	}
}

// ShortHelp is the tail's keys (the root adds the global ones); keys not
// live in the current state are left out.
func (k keys) ShortHelp() []key.Binding {
	t := k.tail
	return live(t.Inspect, k.filter, t.Pause, t.Follow, t.AddColumn, t.DelColumn,
		t.Export, t.Copy, t.ShowHidden, k.clear)
}

// FullHelp is every key of the tail, by column.
func (k keys) FullHelp() [][]key.Binding {
	l := k.list
	return [][]key.Binding{
		k.ShortHelp(),
		{k.syntax},
		{l.Up, l.Down, l.Top, l.Bottom},
		{l.PageUp, l.PageDown, l.HalfUp, l.HalfDown},
	}
}

// inputHelp is the keys of the input line (filter, column, export).
func (k keys) inputHelp() []key.Binding { return []key.Binding{k.form.Submit, k.form.Cancel} }

// live is bs without the disabled ones.
func live(bs ...key.Binding) []key.Binding {
	out := bs[:0]
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.mode == modeForm {
		return m.formKey(k)
	}
	if m.inputKind != inputNone {
		return m.inputKey(k)
	}
	h := m.tableHeight()
	l := m.keys.list
	switch {
	case key.Matches(k, l.Up):
		m.moveBy(-1)
	case key.Matches(k, l.Down):
		m.moveBy(1)
	case key.Matches(k, l.PageUp):
		m.moveBy(-max(h, 1))
	case key.Matches(k, l.PageDown):
		m.moveBy(max(h, 1))
	case key.Matches(k, l.HalfUp):
		m.moveBy(-max(h/2, 1))
	case key.Matches(k, l.HalfDown):
		m.moveBy(max(h/2, 1))
	case key.Matches(k, l.Top):
		m.follow = false
		m.cursor = 0
		m.clampView()
	case key.Matches(k, l.Bottom), key.Matches(k, m.keys.tail.Follow):
		m.follow = true
		m.clampView()
	case key.Matches(k, m.keys.tail.Pause):
		return m.togglePause()
	case key.Matches(k, m.keys.filter):
		m.openInput(inputFilter, " /", m.filterSrc(), filterSyntax)
	case key.Matches(k, m.keys.tail.AddColumn):
		m.openInput(inputColumn, " column jq: ", "", "a jq path such as .customer.id")
	case key.Matches(k, m.keys.tail.DelColumn):
		if n := len(m.cols); n > 0 {
			m.removeColumn(n - 1)
		}
	case key.Matches(k, m.keys.tail.Export):
		m.openInput(inputExport, " export to: ", m.exportName(), "")
	case key.Matches(k, m.keys.tail.Copy):
		return m.copySelected()
	case key.Matches(k, m.keys.tail.Inspect):
		return m.inspect()
	case key.Matches(k, m.keys.tail.ShowHidden) && m.filter != nil:
		m.toggleHidden()
	case key.Matches(k, m.keys.back):
		if m.filter != nil {
			m.setFilter(nil)
			return nil
		}
		return back
	}
	return nil
}

func (m *Model) formKey(k tea.KeyMsg) tea.Cmd {
	res, cmd := m.form.update(k)
	switch res {
	case formCancel:
		return back
	case formSubmit:
		req, flt, ok := m.form.parse(m.topic)
		if !ok {
			return nil
		}
		return m.start(req, flt)
	}
	return cmd
}

func (m *Model) togglePause() tea.Cmd {
	if m.state != stateLive {
		return nil
	}
	m.paused = !m.paused
	if m.paused {
		m.pausedAt = m.c.Now()
	}
	if m.paused || m.waiting {
		return nil
	}
	m.waiting = true
	return m.Wrap(wait(m.src))
}

func (m *Model) filterSrc() string {
	if m.filter == nil {
		return ""
	}
	return m.filter.src
}

func (m *Model) openInput(kind inputKind, prompt, value, placeholder string) {
	m.inputKind = kind
	m.inputErr = ""
	m.input.Prompt = prompt
	m.input.Placeholder = placeholder
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.Focus()
	m.sizeInput()
}

// sizeInput gives the input the line, or, with an error to show, only
// what its text needs so the error fits beside it.
func (m *Model) sizeInput() {
	room := max(m.width-textWidth(m.input.Prompt)-1, 1)
	if m.inputErr != "" {
		room = min(room, max(textWidth(m.input.Value())+1, 10))
	}
	m.input.Width = room
}

func (m *Model) closeInput() {
	m.inputKind = inputNone
	m.inputErr = ""
	m.input.Blur()
}

// inputKey edits the bottom line; enter applies it, and an error keeps it
// open with what was typed.
func (m *Model) inputKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.form.Cancel):
		m.closeInput()
		return nil
	case key.Matches(k, m.keys.form.Submit):
		return m.applyInput()
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	if m.inputErr != "" {
		m.inputErr = ""
		m.sizeInput()
	}
	return cmd
}

func (m *Model) applyInput() tea.Cmd {
	defer m.sizeInput()
	v := m.input.Value()
	switch m.inputKind {
	case inputFilter:
		f, err := compileFilter(v)
		if err != nil {
			m.inputErr = err.Error()
			return nil
		}
		prev := m.filter
		m.setFilter(f)
		if why := f.slow(); why != "" {
			m.setFilter(prev) // the input stays open to fix the expression
			m.inputErr = why
			return nil
		}
	case inputColumn:
		c, err := newColumn(v)
		if err != nil {
			m.inputErr = err.Error()
			return nil
		}
		m.addColumn(c)
		if why := c.jq.tooSlow(); why != "" {
			m.removeColumn(len(m.cols) - 1)
			m.inputErr = why
			return nil
		}
	case inputExport:
		if v == "" {
			m.inputErr = "export: give a file name"
			return nil
		}
		m.closeInput()
		recs, decs := m.shown()
		return m.Wrap(export(v, recs, decs))
	}
	m.closeInput()
	return nil
}

func (m *Model) copySelected() tea.Cmd {
	e, ok := m.selected()
	if !ok {
		return nil
	}
	shown := e.shown() // a decoded value is copied as its JSON
	v := shown.Value
	if v == nil {
		return status(common.StatusWarning, "the value is null: nothing to copy")
	}
	text, what := string(v), fmt.Sprintf("the value of %d/%d", e.rec.Partition, e.rec.Offset)
	if !utf8.Valid(v) {
		text, what = hex.EncodeToString(v), what+" as hex"
	}
	return copyValue(m.clip, text, what)
}

// ShortHelp is the help of the current mode: the form's, the input
// line's or the tail's.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.mode == modeForm:
		return m.form.shortHelp()
	case m.inputKind != inputNone:
		return m.keys.inputHelp()
	}
	return m.keys.ShortHelp()
}

// FullHelp is the `?` help of the current mode.
func (m *Model) FullHelp() [][]key.Binding {
	if m.mode == modeForm || m.inputKind != inputNone {
		return [][]key.Binding{m.ShortHelp()}
	}
	return m.keys.FullHelp()
}

// syncKeys brings the toggles' bindings to the pane's state; Update calls
// it after every message, so matching and help agree with the state.
func (m *Model) syncKeys() {
	m.keys.sync(m.paused, len(m.cols), m.filter != nil, m.showHidden)
}
