package pagestack

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/ui/common"
)

// pane records what the stack does to it.
type pane struct {
	title   string
	unsaved string
	w, h    int
	sized   int // SetSize calls
	inits   int
	closed  int
	msgs    []tea.Msg
}

type initMsg struct{ title string }

func (p *pane) Init() tea.Cmd {
	p.inits++
	title := p.title
	return func() tea.Msg { return initMsg{title} }
}

func (p *pane) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	p.msgs = append(p.msgs, msg)
	return p, nil
}

func (p *pane) View() string              { return p.title }
func (p *pane) SetSize(w, h int)          { p.w, p.h = w, h; p.sized++ }
func (p *pane) Title() string             { return p.title }
func (p *pane) InputFocused() bool        { return false }
func (p *pane) ShortHelp() []key.Binding  { return nil }
func (p *pane) FullHelp() [][]key.Binding { return nil }
func (p *pane) Close()                    { p.closed++ }
func (p *pane) UnsavedWork() string       { return p.unsaved }

func newPane(title string) *pane { return &pane{title: title} }

func closedAll(ps ...*pane) (n []int) {
	for _, p := range ps {
		n = append(n, p.closed)
	}
	return n
}

func TestPushSizesBeforeInit(t *testing.T) {
	home := newPane("home")
	s := New(home)
	early := newPane("early")
	if cmd := s.Push(early); cmd == nil || early.inits != 1 || early.sized != 0 {
		t.Fatalf("before any size: init %d, sized %d, cmd %v", early.inits, early.sized, cmd)
	}
	s.SetSize(100, 26)
	if home.w != 100 || home.h != 26 || early.h != 26 || s.Height() != 26 {
		t.Fatalf("SetSize reached home %dx%d, early %dx%d", home.w, home.h, early.w, early.h)
	}
	s.SetSize(100, 26)
	if home.sized != 1 {
		t.Errorf("the same size was given again: %d calls", home.sized)
	}
	top := newPane("top")
	msg := s.Push(top)()
	if top.w != 100 || top.h != 26 || msg != (initMsg{"top"}) {
		t.Errorf("pushed pane sized %dx%d, Init gave %v", top.w, top.h, msg)
	}
	if s.Top() != top || s.Len() != 3 {
		t.Errorf("top %s, %d panes", s.Top().Title(), s.Len())
	}
	if s.Push(nil) != nil || s.Len() != 3 {
		t.Error("a nil pane went on the stack")
	}
}

func TestBackClosesTheTopOnce(t *testing.T) {
	home, a, b := newPane("home"), newPane("a"), newPane("b")
	s := New(home)
	s.Push(a)
	s.Push(b)
	if w, d := s.Back(); w != "" || d || s.Top() != a || b.closed != 1 {
		t.Fatalf("back: warning %q discarded %v, top %s, closed %d", w, d, s.Top().Title(), b.closed)
	}
	s.Back()
	if w, _ := s.Back(); w != "" || s.Top() != home || s.Len() != 1 || home.closed != 0 {
		t.Fatalf("back on home: %q, top %s, %d panes, home closed %d", w, s.Top().Title(), s.Len(), home.closed)
	}
	if got := closedAll(home, a, b); !slices.Equal(got, []int{0, 1, 1}) {
		t.Errorf("closed %v", got)
	}
}

func TestBackAsksBeforeDiscarding(t *testing.T) {
	s := New(newPane("home"))
	form := newPane("produce")
	form.unsaved = "message in the produce form"
	s.Push(form)
	w, d := s.Back()
	if !strings.Contains(w, "unsaved message in the produce form: esc again to discard") || d || form.closed != 0 {
		t.Fatalf("first back: %q, discarded %v, closed %d", w, d, form.closed)
	}
	// another key: the next esc asks again, and the warning no longer holds
	if forgot := s.Stay(false, false); len(forgot) != 1 || forgot[0] != w {
		t.Fatalf("Stay forgot %q, want the warning %q", forgot, w)
	}
	if forgot := s.Stay(false, false); len(forgot) != 0 {
		t.Fatalf("a second Stay forgot %q again", forgot)
	}
	if w, _ := s.Back(); w == "" || form.closed != 0 {
		t.Fatalf("after Stay the back did not ask again: %q", w)
	}
	if w, d := s.Back(); w != "" || !d || form.closed != 1 || s.Len() != 1 {
		t.Errorf("second back: %q, discarded %v, closed %d, %d panes", w, d, form.closed, s.Len())
	}
}

// A quit while a pane holds unsaved work asks first; a second quit ends,
// any other key (esc included) means stay and the next quit asks again.
func TestQuitAsksBeforeDiscarding(t *testing.T) {
	s := New(newPane("home"))
	if w := s.Quit(false); w != "" {
		t.Fatalf("nothing unsaved, yet quit warned %q", w)
	}
	form := newPane("produce")
	form.unsaved = "message in the produce form"
	s.Push(form)
	if w := s.Quit(false); w != "unsaved message in the produce form: press q or ctrl+c again to quit, any other key to stay" {
		t.Fatalf("first quit: %q", w)
	}
	s.Stay(false, true) // the second quit key
	if w := s.Quit(false); w != "" {
		t.Fatalf("second quit warned again: %q", w)
	}
	s.Stay(true, false) // esc: stay
	if w := s.Quit(true); !strings.Contains(w, "press ctrl+c again") || strings.Contains(w, "press q") {
		t.Errorf("after esc, a quit while typing: %q", w)
	}
	s.Reset(newPane("other home"))
	if w := s.Quit(false); w != "" {
		t.Errorf("a quit pending before a reset survived it: %q", w)
	}
}

func TestTruncateResetClose(t *testing.T) {
	home, a, b := newPane("home"), newPane("a"), newPane("b")
	s := New(home)
	s.SetSize(80, 20)
	s.Push(a)
	s.Push(b)
	s.Truncate(1)
	if s.Len() != 1 || s.Top() != home || !slices.Equal(closedAll(home, a, b), []int{0, 1, 1}) {
		t.Fatalf("truncate: %d panes, closed %v", s.Len(), closedAll(home, a, b))
	}
	other := newPane("other home")
	s.Reset(other)
	if home.closed != 1 || s.Top() != other || s.Len() != 1 || other.w != 80 || other.h != 20 {
		t.Fatalf("reset: home closed %d, top %s sized %dx%d", home.closed, s.Top().Title(), other.w, other.h)
	}
	s.Push(a)
	s.Close()
	if other.closed != 1 || a.closed != 2 || s.Top() != a {
		t.Errorf("close: closed %d and %d; the panes stay for the last view (top %s)", other.closed, a.closed, s.Top().Title())
	}
}

func TestCrumbsDropNamesTheTrailShows(t *testing.T) {
	s := New(newPane("topics"))
	for _, title := range []string{"orders", "orders / partitions", "orders / tail", "orders/0@4", "payments / produce"} {
		s.Push(newPane(title))
	}
	if got := strings.Join(s.Crumbs(), " | "); got != "topics | orders | orders / partitions | tail | orders/0@4 | payments / produce" {
		t.Errorf("crumbs %q", got)
	}
}

func TestUnsavedWorkAndRouting(t *testing.T) {
	home, a, b := newPane("home"), newPane("a"), newPane("b")
	a.unsaved, b.unsaved = "a form", "a message"
	s := New(home)
	s.Push(a)
	s.Push(b)
	if got := s.UnsavedWork(); got != "a form, a message" {
		t.Errorf("unsaved work %q", got)
	}
	s.UpdateTop("to the top")
	s.Broadcast("to all")
	if len(home.msgs) != 1 || len(a.msgs) != 1 || !slices.Equal(b.msgs, []tea.Msg{"to the top", "to all"}) {
		t.Errorf("messages: home %v, a %v, b %v", home.msgs, a.msgs, b.msgs)
	}
}
