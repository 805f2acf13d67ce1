package filter

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// listPane is the smallest list pane: a filter, its keys, and a record of
// what the shared handling asked of it.
type listPane struct {
	filter    Model
	keys      Keys
	refilters int      // calls of refilter
	listed    []string // keys handed to the list
	// clearOn, when set, is a list key on which the pane drops the filter
	// itself (as partitions does when it switches tables).
	clearOn string
}

func newListPane() *listPane {
	c := common.NewCommon(themes.Plain())
	return &listPane{filter: New(c), keys: NewKeys(c.Keys.Global.Filter, c.Keys.Global.Back)}
}

func (p *listPane) key(s string) tea.Cmd { return p.press(uitest.Key(s)) }

func (p *listPane) press(k tea.KeyMsg) tea.Cmd {
	return p.filter.HandleKey(k, &p.keys, func() { p.refilters++ }, func(k tea.KeyMsg) tea.Cmd {
		p.listed = append(p.listed, k.String())
		if k.String() == p.clearOn {
			p.filter.Clear()
		}
		return nil
	})
}

// check fails t unless the pane is in the state named: what the filter
// holds, whether its line is focused, how many refilters so far, which
// keys the list got, and whether clear is on.
func (p *listPane) check(t *testing.T, step, value string, focused bool, refilters int, listed []string, clearOn bool) {
	t.Helper()
	if p.filter.Value() != value || p.filter.Focused() != focused || p.refilters != refilters ||
		!slices.Equal(p.listed, listed) || p.keys.Clear.Enabled() != clearOn {
		t.Errorf("%s: value %q focused %v refilters %d listed %q clear on %v; want %q %v %d %q %v", step,
			p.filter.Value(), p.filter.Focused(), p.refilters, p.listed, p.keys.Clear.Enabled(),
			value, focused, refilters, listed, clearOn)
	}
}

func TestHandleKeySharesListKeysWithTheFilter(t *testing.T) {
	p := newListPane()
	if h := p.keys.Clear.Help(); h.Key != "esc" || h.Desc != "clear filter" {
		t.Errorf("clear's help is %q %q", h.Key, h.Desc)
	}
	p.check(t, "new", "", false, 0, nil, false)

	// With nothing applied, esc and every other key are the list's.
	p.key("esc")
	p.key("down")
	p.check(t, "list keys", "", false, 0, []string{"esc", "down"}, false)

	p.key("/")
	p.check(t, "/", "", true, 0, []string{"esc", "down"}, false)

	// While the line is focused, the list gets nothing: / and j are text.
	p.key("o")
	p.key("/")
	p.key("j")
	p.check(t, "typing", "o/j", true, 3, []string{"esc", "down"}, true)

	// A key that moves only the input's cursor leaves the rows alone.
	p.press(tea.KeyMsg{Type: tea.KeyLeft})
	p.key("down")
	p.check(t, "cursor keys", "o/j", true, 3, []string{"esc", "down"}, true)

	p.key("backspace")
	p.check(t, "backspace", "oj", true, 4, []string{"esc", "down"}, true)

	// enter keeps the query and gives the keys back to the list.
	p.key("enter")
	p.check(t, "enter", "oj", false, 4, []string{"esc", "down"}, true)
	p.key("up")
	p.check(t, "list after enter", "oj", false, 4, []string{"esc", "down", "up"}, true)

	// / again edits the same query.
	p.key("/")
	p.key("x")
	p.key("enter")
	p.check(t, "edit", "ojx", false, 5, []string{"esc", "down", "up"}, true)

	// esc on the list clears the applied query and is not the list's.
	p.key("esc")
	p.check(t, "esc clears", "", false, 6, []string{"esc", "down", "up"}, false)

	// esc in the line clears too, even an empty query.
	p.key("/")
	p.key("esc")
	p.check(t, "esc in the line", "", false, 7, []string{"esc", "down", "up"}, false)
}

func TestHandleKeyFollowsAFilterTheListCleared(t *testing.T) {
	p := newListPane()
	p.clearOn = "tab"
	for _, k := range []string{"/", "a", "enter"} {
		p.key(k)
	}
	p.check(t, "applied", "a", false, 1, nil, true)
	p.key("tab")
	p.check(t, "list cleared", "", false, 1, []string{"tab"}, false)
	// The next esc is not taken for a filter that is gone.
	p.key("esc")
	p.check(t, "esc after", "", false, 1, []string{"tab", "esc"}, false)
}

func TestHelpFollowsFocus(t *testing.T) {
	p := newListPane()
	list := listHelp{key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "list key"))}
	if got := p.filter.Help(list).ShortHelp(); len(got) != 1 || got[0].Help().Desc != "list key" {
		t.Errorf("unfocused short help %v", got)
	}
	p.key("/")
	short := p.filter.Help(list).ShortHelp()
	if len(short) != 2 || short[0].Help().Desc != "apply filter" || short[1].Help().Desc != "clear filter" {
		t.Errorf("focused short help %v", short)
	}
	full := p.filter.Help(list).FullHelp()
	if len(full) != 1 || !slices.EqualFunc(full[0], short, func(a, b key.Binding) bool { return a.Help() == b.Help() }) {
		t.Errorf("focused full help %v, want the short help as one column", full)
	}
}

type listHelp []key.Binding

func (l listHelp) ShortHelp() []key.Binding  { return l }
func (l listHelp) FullHelp() [][]key.Binding { return [][]key.Binding{l} }
