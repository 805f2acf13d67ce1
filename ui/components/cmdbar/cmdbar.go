// Package cmdbar is the `:` command bar: a one-line input with tab
// completion of command names and topic arguments, and an in-memory
// history walked with up and down. It knows only the commands it is given
// (common.Command), so it never offers one whose pane does not exist.
//
// It may import bubbletea, bubbles, lipgloss, keymap, ui/common and
// internal/safe.
package cmdbar

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// maxHistory bounds the history kept in memory.
const maxHistory = 100

// maxHints bounds the completion candidates listed after the input.
const maxHints = 8

// Model is the command bar.
type Model struct {
	styles common.Styles
	keys   keymap.CommandBar
	input  textinput.Model
	cmds   []common.Command
	topics []string
	width  int
	active bool

	history []string
	histPos int    // len(history) when not browsing
	draft   string // what was typed before browsing history

	// cands are the completions of the text as typed; cycle is the index
	// of the one last put in the input by repeated tabs (-1: not cycling),
	// and base is the text they complete.
	cands []string
	cycle int
	base  string
	hints string
}

// New returns a closed command bar offering cmds.
func New(c *common.Common, cmds []common.Command) Model {
	in := textinput.New()
	in.Prompt = ":"
	in.PromptStyle = c.Styles.Accent
	in.TextStyle = c.Styles.Text
	in.Placeholder = "command (tab completes)"
	in.PlaceholderStyle = c.Styles.Muted
	// A steady cursor: no blink ticks, no redraw twice a second.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 512
	return Model{
		styles: c.Styles,
		input:  in,
		cmds:   cmds,
		cycle:  -1,
		keys:   c.Keys.CommandBar,
	}
}

// ShortHelp lists the bar's keys, for the footer while it is open.
func (m Model) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Run, m.keys.Complete, m.keys.HistoryPrev, m.keys.Cancel}
}

// FullHelp is ShortHelp in one column.
func (m Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Active reports whether the bar is open and takes every key.
func (m Model) Active() bool { return m.active }

// Value is the text typed so far.
func (m Model) Value() string { return m.input.Value() }

// History returns the commands run so far, oldest first.
func (m Model) History() []string { return append([]string(nil), m.history...) }

// Hints are the completions listed after the input.
func (m Model) Hints() string { return m.hints }

// SetWidth sets the width of the bar's line.
func (m *Model) SetWidth(w int) {
	m.width = w
	m.fitInput()
}

// fitInput makes the input as wide as its text, so the completions follow
// it, and no wider than the line (prompt and cursor take two cells), past
// which it scrolls.
func (m *Model) fitInput() {
	text := m.input.Value()
	if text == "" {
		text = m.input.Placeholder
	}
	m.input.Width = max(min(ansi.StringWidth(text)+1, m.width-2), 1)
	// The input scrolled while it was narrower (a completion set before
	// the width grew): place the cursor again so the view scrolls back and
	// shows the whole text enter would run, not its tail.
	m.input.SetCursor(m.input.Position())
}

// SetCommands replaces the commands offered, keeping the history: after
// a switch to another cluster, whose commands act on it.
func (m *Model) SetCommands(cmds []common.Command) { m.cmds = cmds }

// SetTopics sets the names offered for commands taking a topic.
func (m *Model) SetTopics(names []string) { m.topics = names }

// Open shows the bar with an empty input and gives it the keys.
func (m *Model) Open() tea.Cmd {
	m.active = true
	m.input.Reset()
	m.histPos = len(m.history)
	m.draft = ""
	m.refresh()
	return m.input.Focus()
}

// Close hides the bar.
func (m *Model) Close() {
	m.active = false
	m.input.Blur()
	m.input.Reset()
	m.cands, m.hints, m.cycle = nil, "", -1
}

// Update handles a key while the bar is open: enter runs the command
// (closing the bar), esc closes it, tab completes, up/down walk the history,
// anything else edits the text.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.active {
		return m, nil
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg) // cursor blink
		return m, cmd
	}
	switch {
	case key.Matches(km, m.keys.Cancel):
		m.Close()
		return m, nil
	case key.Matches(km, m.keys.Run):
		return m.run()
	case key.Matches(km, m.keys.Complete):
		m.complete()
		return m, nil
	case key.Matches(km, m.keys.HistoryPrev):
		m.browse(-1)
		return m, nil
	case key.Matches(km, m.keys.HistoryNext):
		m.browse(+1)
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(km)
	m.refresh()
	return m, cmd
}

// run parses and runs the typed command. On success the bar closes and
// the command's Cmd is returned; on failure the bar stays open with the
// text, and the error goes to the status line.
func (m Model) run() (Model, tea.Cmd) {
	line := strings.TrimSpace(m.input.Value())
	if line == "" {
		m.Close()
		return m, nil
	}
	cmd, err := m.exec(line)
	if err != nil {
		return m, func() tea.Msg { return common.StatusMsg{Kind: common.StatusError, Text: err.Error()} }
	}
	if n := len(m.history); n == 0 || m.history[n-1] != line {
		m.history = append(m.history, line)
		if len(m.history) > maxHistory {
			m.history = m.history[len(m.history)-maxHistory:]
		}
	}
	m.Close()
	return m, cmd
}

func (m Model) exec(line string) (tea.Cmd, error) {
	fields := strings.Fields(line)
	name := strings.TrimPrefix(fields[0], ":")
	c, ok := m.lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown command %q; commands: %s", name, m.names())
	}
	args := fields[1:]
	switch c.Arg {
	case common.ArgNone:
		if len(args) > 0 {
			return nil, fmt.Errorf(":%s takes no argument", c.Name)
		}
		return c.Run("")
	case common.ArgTopic:
		if len(args) != 1 {
			return nil, fmt.Errorf(":%s needs one topic name, e.g. :%s orders", c.Name, c.Name)
		}
		return c.Run(args[0])
	case common.ArgOptionalName:
		if len(args) > 1 {
			return nil, fmt.Errorf(":%s takes at most one name", c.Name)
		}
		if len(args) == 0 {
			return c.Run("")
		}
		return c.Run(args[0])
	}
	return nil, fmt.Errorf(":%s: unsupported argument kind", c.Name)
}

func (m Model) lookup(name string) (common.Command, bool) {
	name = strings.ToLower(name)
	for _, c := range m.cmds {
		if c.Name == name {
			return c, true
		}
		for _, a := range c.Aliases {
			if a == name {
				return c, true
			}
		}
	}
	return common.Command{}, false
}

func (m Model) names() string {
	out := make([]string, len(m.cmds))
	for i, c := range m.cmds {
		out[i] = ":" + c.Name
	}
	return strings.Join(out, " ")
}

// browse moves through the history; past the newest entry it restores
// what was being typed.
func (m *Model) browse(dir int) {
	pos := m.histPos + dir
	if pos < 0 || pos > len(m.history) {
		return
	}
	if m.histPos == len(m.history) {
		m.draft = m.input.Value()
	}
	m.histPos = pos
	if pos == len(m.history) {
		m.input.SetValue(m.draft)
	} else {
		m.input.SetValue(m.history[pos])
	}
	m.input.CursorEnd()
	m.refresh()
}

// complete extends the text to the longest prefix shared by every
// candidate; when it already is that prefix, successive tabs cycle through
// the candidates.
func (m *Model) complete() {
	if m.cycle >= 0 && len(m.cands) > 1 {
		m.cycle = (m.cycle + 1) % len(m.cands)
		m.input.SetValue(m.base + m.cands[m.cycle])
		m.input.CursorEnd()
		m.fitInput()
		return
	}
	base, word, cands, argKind := m.candidates(m.input.Value())
	switch len(cands) {
	case 0:
		return
	case 1:
		v := base + cands[0]
		if argKind == common.ArgNone && base == "" {
			// A command name: add the space before its argument.
			if c, ok := m.lookup(cands[0]); ok && c.Arg != common.ArgNone {
				v += " "
			}
		}
		m.input.SetValue(v)
		m.input.CursorEnd()
		m.refresh()
		return
	}
	if p := commonPrefix(cands); len(p) > len(word) {
		m.input.SetValue(base + p)
		m.input.CursorEnd()
		m.refresh()
		return
	}
	m.base, m.cycle = base, 0
	m.input.SetValue(base + cands[0])
	m.input.CursorEnd()
	m.fitInput()
}

// refresh recomputes the candidates and their hint line after the text
// changed, ending any tab cycle.
func (m *Model) refresh() {
	m.fitInput()
	m.cycle = -1
	_, _, m.cands, _ = m.candidates(m.input.Value())
	if len(m.cands) == 0 {
		m.hints = ""
		return
	}
	shown := m.cands
	if len(shown) > maxHints {
		shown = shown[:maxHints]
	}
	m.hints = safe.String(strings.Join(shown, "  "))
	if len(m.cands) > maxHints {
		m.hints += fmt.Sprintf("  (+%d)", len(m.cands)-maxHints)
	}
}

// candidates splits v into the part kept (base) and the word being
// completed, and lists the completions of that word. The kind says whether
// a command name (ArgNone) or an argument is being completed.
func (m Model) candidates(v string) (base, word string, cands []string, kind common.ArgKind) {
	trimmed := strings.TrimLeft(v, " ")
	sp := strings.IndexByte(trimmed, ' ')
	if sp < 0 {
		word = strings.ToLower(strings.TrimPrefix(trimmed, ":"))
		for _, c := range m.cmds {
			if strings.HasPrefix(c.Name, word) || aliasHasPrefix(c, word) {
				cands = append(cands, c.Name)
			}
		}
		return "", word, cands, common.ArgNone
	}
	c, ok := m.lookup(strings.TrimPrefix(trimmed[:sp], ":"))
	if !ok || c.Arg != common.ArgTopic && c.Arg != common.ArgOptionalName {
		return "", "", nil, common.ArgNone
	}
	rest := strings.TrimLeft(trimmed[sp:], " ")
	if strings.Contains(rest, " ") {
		return "", "", nil, c.Arg // the one argument is complete
	}
	base = c.Name + " "
	lw := strings.ToLower(rest)
	names := m.topics
	if c.Arg == common.ArgOptionalName {
		names = c.Names
	}
	for _, t := range names {
		if strings.HasPrefix(strings.ToLower(t), lw) {
			cands = append(cands, t)
		}
	}
	return base, rest, cands, c.Arg
}

func aliasHasPrefix(c common.Command, word string) bool {
	for _, a := range c.Aliases {
		if strings.HasPrefix(a, word) {
			return true
		}
	}
	return false
}

// commonPrefix is the longest prefix shared by all of ss.
func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// View renders the bar's one line: the input, then the completions.
func (m Model) View() string {
	if !m.active {
		return ""
	}
	line := m.input.View()
	hints := m.hints
	if m.width > 0 {
		hints = m.fitHints(m.width - ansi.StringWidth(line) - 2)
	}
	if hints != "" {
		line += "  " + m.styles.Muted.Render(hints)
	}
	if m.width > 0 {
		return ansi.Truncate(line, m.width, "…")
	}
	return line
}

// fitHints is as many whole completions as fit in w cells, then how many
// are left out: a name cut in the middle would read as a candidate that
// does not exist.
func (m Model) fitHints(w int) string {
	var b strings.Builder
	for i, c := range m.cands {
		c = safe.String(c)
		more := ""
		if rest := len(m.cands) - i - 1; rest > 0 {
			more = fmt.Sprintf("  (+%d)", rest)
		}
		sep := ""
		if i > 0 {
			sep = "  "
		}
		if i == maxHints || ansi.StringWidth(b.String()+sep+c+more) > w {
			left := fmt.Sprintf("(+%d)", len(m.cands)-i)
			if i > 0 {
				left = "  " + left
			}
			if ansi.StringWidth(b.String()+left) > w {
				return b.String()
			}
			return b.String() + left
		}
		b.WriteString(sep + c)
	}
	return b.String()
}
