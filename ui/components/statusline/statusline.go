// Package statusline is the one line of the UI where background work and
// its errors show: a spinner while any pane has requests in flight, and the
// latest status message, wrapped onto up to MaxLines rows, which clears
// itself after a time that grows with its length.
//
// It may import bubbletea, bubbles, lipgloss, ui/common and internal/safe.
package statusline

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
)

// How long a message stays. Errors stay longer: they are the ones a user
// may need to read twice, and a new message replaces an old one anyway.
const (
	infoFor  = 4 * time.Second
	warnFor  = 6 * time.Second
	errorFor = 8 * time.Second
)

// MaxLines is how many rows a long message may wrap onto; beyond them it is
// cut, and `:messages` has it whole.
const MaxLines = 3

// perStretch is how many characters a message's base lifetime covers: a
// longer one stays a multiple of it, so it can be read to the end.
const perStretch = 80

// clearMsg clears the message numbered seq, unless a newer one replaced it.
type clearMsg struct{ seq int }

// Model is the status line.
type Model struct {
	styles  common.Styles
	spinner spinner.Model
	width   int

	// busy is the set of owners with requests in flight; label names them
	// and is built when the set changes, so View does no sorting.
	busy     map[string]bool
	label    string
	spinning bool // a spinner tick is scheduled

	text string
	kind common.StatusKind
	seq  int
	// lifetime is how long a message of each kind stays.
	lifetime map[common.StatusKind]time.Duration

	// log is every message of the session, oldest first, at most LogSize:
	// a message gone from the line (or cut to its width) can be read
	// again with `:messages`.
	log []common.Message
	now func() time.Time
}

// LogSize is how many messages the session's log keeps.
const LogSize = 1000

// New returns an empty status line drawn with c's styles.
func New(c *common.Common) Model {
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.Styles.Accent))
	return Model{styles: c.Styles, now: c.Now, spinner: sp, busy: map[string]bool{}, lifetime: map[common.StatusKind]time.Duration{
		common.StatusInfo:    infoFor,
		common.StatusSuccess: infoFor,
		common.StatusWarning: warnFor,
		common.StatusError:   errorFor,
	}}
}

// Log is every message of the session, oldest first (a copy).
func (m Model) Log() []common.Message { return append([]common.Message(nil), m.log...) }

// SetLifetime changes how long messages of kind k stay; tests shorten it.
func (m *Model) SetLifetime(k common.StatusKind, d time.Duration) { m.lifetime[k] = d }

// SetWidth sets the width the line is cut to.
func (m *Model) SetWidth(w int) { m.width = w }

// Busy reports whether any owner has requests in flight.
func (m Model) Busy() bool { return len(m.busy) > 0 }

// Text is the message shown now ("" when it has cleared).
func (m Model) Text() string { return m.text }

// Kind is the kind of the message shown now.
func (m Model) Kind() common.StatusKind { return m.kind }

// Clear takes the message down now, for one that no longer holds (a
// warning about work that has just been discarded).
func (m *Model) Clear() {
	m.seq++ // its clearing tick is then stale
	m.text = ""
}

// Withdraw takes the message down if it is one of texts: a warning that
// no longer holds ("esc again to discard it, any other key to stay" once
// another key came). Any other message stays.
func (m *Model) Withdraw(texts ...string) {
	for _, t := range texts {
		if m.text != "" && m.text == safe.String(strings.TrimSpace(t)) {
			m.Clear()
			return
		}
	}
}

// Update handles StatusMsg, BusyMsg and the line's own ticks; anything else
// is ignored, so the root may hand it every message that is not input.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StatusMsg:
		m.seq++
		m.text = safe.String(strings.TrimSpace(msg.Text))
		if msg.Kind == common.StatusError && m.text != "" {
			// Said in words too, for terminals without colour.
			m.text = "error: " + m.text
		}
		m.kind = msg.Kind
		if m.text != "" {
			if len(m.log) == LogSize {
				m.log = append(m.log[:0:0], m.log[1:]...)
			}
			m.log = append(m.log, common.Message{At: m.now(), Kind: msg.Kind, Text: m.text})
		}
		seq := m.seq
		return m, tea.Tick(lifetime(m.lifetime[msg.Kind], m.text), func(time.Time) tea.Msg { return clearMsg{seq: seq} })
	case clearMsg:
		if msg.seq == m.seq {
			m.text = ""
		}
		return m, nil
	case common.BusyMsg:
		if msg.Busy {
			m.busy[msg.Owner] = true
		} else {
			delete(m.busy, msg.Owner)
		}
		m.label = busyLabel(m.busy)
		if len(m.busy) > 0 && !m.spinning {
			m.spinning = true
			return m, m.spinner.Tick
		}
		return m, nil
	case spinner.TickMsg:
		if msg.ID != m.spinner.ID() {
			return m, nil
		}
		if len(m.busy) == 0 {
			m.spinning = false // let the tick chain end
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, nil
}

// lifetime is how long text stays when base is its kind's lifetime: one
// more base for every perStretch characters, so a message of three lines
// is not gone before it has been read.
func lifetime(base time.Duration, text string) time.Duration {
	return base * time.Duration(1+utf8.RuneCountInString(text)/perStretch)
}

// Height is how many rows View draws: the rows of the wrapped message, at
// least one.
func (m Model) Height() int { return strings.Count(m.View(), "\n") + 1 }

// busyLabel names what is loading. Owners are "name" or "name#id" (one
// per pane instance or request); the label shows each name once.
func busyLabel(busy map[string]bool) string {
	if len(busy) == 0 {
		return ""
	}
	seen := map[string]bool{}
	owners := make([]string, 0, len(busy))
	for o := range busy {
		if i := strings.IndexByte(o, '#'); i >= 0 {
			o = o[:i]
		}
		if !seen[o] {
			seen[o] = true
			owners = append(owners, o)
		}
	}
	sort.Strings(owners)
	return "loading " + strings.Join(owners, ", ")
}

// View renders the line, rows at most width cells wide: a message longer
// than the width wraps onto up to MaxLines rows, indented under its start,
// and only beyond them is cut. The message wins the space over the busy
// label: an error matters more than knowing that something is loading.
func (m Model) View() string {
	prefix := " "
	if len(m.busy) > 0 {
		prefix += m.spinner.View() + " "
	}
	if m.text == "" {
		s := prefix
		if len(m.busy) > 0 {
			s += m.styles.Muted.Render(m.label)
		}
		if m.width > 0 {
			return ansi.Truncate(s, m.width, "…")
		}
		return s
	}
	if m.width <= 0 {
		return prefix + m.style().Render(m.text)
	}
	indent := ansi.StringWidth(prefix)
	w := max(m.width-indent, 1)
	lines := strings.Split(ansi.Wrap(m.text, w, ""), "\n")
	if len(lines) > MaxLines {
		rest := strings.Join(lines[MaxLines-1:], " ")
		lines = append(lines[:MaxLines-1], ansi.Truncate(rest, w-1, "")+"…")
	}
	for i, l := range lines {
		l = ansi.Truncate(strings.TrimRight(l, " "), w, "…")
		lead := prefix
		if i > 0 {
			lead = strings.Repeat(" ", indent)
		}
		lines[i] = lead + m.style().Render(l)
	}
	return strings.Join(lines, "\n")
}

func (m Model) style() lipgloss.Style {
	switch m.kind {
	case common.StatusError:
		return m.styles.Error
	case common.StatusWarning:
		return m.styles.Warning
	case common.StatusSuccess:
		return m.styles.Success
	default:
		return m.styles.Text
	}
}
