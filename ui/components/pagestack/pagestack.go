// Package pagestack is the root's stack of panes: the home pane at the
// bottom, the focused pane on top. It sizes a pane before it starts,
// closes a pane once as it leaves, names the trail for the header's
// breadcrumb, and keeps the "esc again to discard" and "press q again to
// quit" steps of panes holding unsaved work. It never builds a pane: the
// root's router does.
//
// It may import bubbletea and ui/common; never a pane package.
package pagestack

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// Stack is the stack of panes. The zero value is not usable: New gives it
// its home pane, which stays for the life of the stack.
type Stack struct {
	panes         []common.Pane // panes[0] is home; the top has focus
	width, height int           // what the panes were last sized to
	backPending   string        // the warning given when esc was pressed on a pane holding unsaved work
	quitPending   string        // the warning given when a quit was asked while a pane holds unsaved work
}

// New is a stack holding home alone.
func New(home common.Pane) *Stack {
	return &Stack{panes: []common.Pane{home}}
}

// Top is the focused pane.
func (s *Stack) Top() common.Pane { return s.panes[len(s.panes)-1] }

// Len is how many panes are open, home included.
func (s *Stack) Len() int { return len(s.panes) }

// Height is the body height the panes were last sized to.
func (s *Stack) Height() int { return s.height }

// SetSize gives every pane the body size, and every pane pushed later;
// panes are told only when the size changed.
func (s *Stack) SetSize(width, height int) {
	if width == s.width && height == s.height {
		return
	}
	s.width, s.height = width, height
	for _, p := range s.panes {
		p.SetSize(width, height)
	}
}

// Push opens p on top, sized before its Init (which it returns), so its
// first view and first requests already know its size.
func (s *Stack) Push(p common.Pane) tea.Cmd {
	if p == nil {
		return nil
	}
	s.panes = append(s.panes, p)
	s.size(p)
	return p.Init()
}

func (s *Stack) size(p common.Pane) {
	if s.width > 0 {
		p.SetSize(s.width, s.height)
	}
}

// Truncate closes every pane above the first n.
func (s *Stack) Truncate(n int) {
	for i := len(s.panes) - 1; i >= n; i-- {
		closePane(s.panes[i])
		s.panes[i] = nil
	}
	s.panes = s.panes[:n]
}

// Back closes the top pane; the home pane stays. A pane holding unsaved
// work (a typed message) closes on a second Back, so one stray esc loses
// nothing: the first returns the warning saying what a second would
// discard. discarded reports that the pane closed after such a warning,
// which must then not stay on screen over the pane below.
func (s *Stack) Back() (warning string, discarded bool) {
	if len(s.panes) <= 1 {
		return "", false
	}
	if g, ok := s.Top().(common.WorkGuard); ok && s.backPending == "" {
		if w := g.UnsavedWork(); w != "" {
			s.backPending = "unsaved " + w + ": esc again to discard it, any other key to stay"
			return s.backPending, false
		}
	}
	discarded, s.backPending = s.backPending != "", ""
	s.Truncate(len(s.panes) - 1)
	return "", discarded
}

// Stay forgets what waits for a second key when another key comes: a
// Back waiting for its second esc unless the key is esc, a Quit waiting
// for its second unless the key is a quit. Any other key means the user
// stays; it then does what it always does. forgot is the warning of
// each step forgotten, which no longer holds and must come off the screen.
func (s *Stack) Stay(esc, quit bool) (forgot []string) {
	if !esc && s.backPending != "" {
		forgot, s.backPending = append(forgot, s.backPending), ""
	}
	if !quit && s.quitPending != "" {
		forgot, s.quitPending = append(forgot, s.quitPending), ""
	}
	return forgot
}

// Quit asks to end the program; "" means it may end now. While panes hold
// unsaved work, it ends on a second Quit, so one stray q loses nothing:
// the first returns the warning saying what a second would discard.
// typing says a text input has the keys, where q is typed, not a quit:
// the warning then offers only the key that works there.
func (s *Stack) Quit(typing bool) (warning string) {
	w := s.UnsavedWork()
	if w == "" || s.quitPending != "" {
		return ""
	}
	again := "q or ctrl+c"
	if typing {
		again = "ctrl+c"
	}
	s.quitPending = "unsaved " + w + ": press " + again + " again to quit, any other key to stay"
	return s.quitPending
}

// Reset closes every pane and starts again at home (another cluster's),
// at the current size.
func (s *Stack) Reset(home common.Pane) {
	s.Close()
	s.panes = []common.Pane{home}
	s.backPending, s.quitPending = "", ""
	s.size(home)
}

// Close closes every pane, the top first, once the program ends or leaves
// the cluster. The panes stay on the stack, closed, for the view drawn as
// the program ends; call it once.
func (s *Stack) Close() {
	for i := len(s.panes) - 1; i >= 0; i-- {
		closePane(s.panes[i])
	}
}

func closePane(p common.Pane) {
	if c, ok := p.(common.Closer); ok {
		c.Close()
	}
}

// UpdateTop gives msg to the focused pane.
func (s *Stack) UpdateTop(msg tea.Msg) tea.Cmd {
	i := len(s.panes) - 1
	var cmd tea.Cmd
	s.panes[i], cmd = s.panes[i].Update(msg)
	return cmd
}

// Broadcast gives msg to every pane, focused or not: async results carry
// their origin and generation, so each owner picks its own.
func (s *Stack) Broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(s.panes))
	for i := range s.panes {
		s.panes[i], cmds[i] = s.panes[i].Update(msg)
	}
	return tea.Batch(cmds...)
}

// UnsavedWork says what closing every pane would lose, or "".
func (s *Stack) UnsavedWork() string {
	var parts []string
	for _, p := range s.panes {
		if g, ok := p.(common.WorkGuard); ok {
			if w := g.UnsavedWork(); w != "" {
				parts = append(parts, w)
			}
		}
	}
	return strings.Join(parts, ", ")
}

// Crumbs are the titles of the stack for the header's breadcrumb. A title
// that opens with a name the trail already shows drops it: "orders /
// partitions" then "orders / tail" reads "orders / partitions / tail".
func (s *Stack) Crumbs() []string {
	out := make([]string, len(s.panes))
	shown := map[string]bool{}
	for i, p := range s.panes {
		t := p.Title()
		if head, rest, ok := strings.Cut(t, " / "); ok && shown[head] {
			t = rest
		}
		out[i] = t
		// Only a name a pane is about counts, not a list's own title:
		// a topic named "topics" keeps its name under the topics list.
		if head, _, ok := strings.Cut(p.Title(), " / "); ok {
			shown[head] = true
		}
	}
	return out
}
