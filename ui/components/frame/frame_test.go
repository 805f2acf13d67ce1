package frame

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// pane draws lines rows and offers one key per column of its full help.
type pane struct {
	lines int
	input bool
	cols  [][]key.Binding
}

func (p *pane) Init() tea.Cmd                         { return nil }
func (p *pane) Update(tea.Msg) (common.Pane, tea.Cmd) { return p, nil }
func (p *pane) SetSize(int, int)                      {}
func (p *pane) Title() string                         { return "pane" }
func (p *pane) InputFocused() bool                    { return p.input }
func (p *pane) FullHelp() [][]key.Binding             { return p.cols }
func (p *pane) ShortHelp() []key.Binding              { return p.cols[0] }
func (p *pane) View() string {
	rows := make([]string, p.lines)
	for i := range rows {
		rows[i] = fmt.Sprintf("row %d", i)
	}
	return strings.Join(rows, "\n")
}

// newPane has six columns of five wide keys: its full help takes several
// rows at 80 columns.
func newPane(lines int) *pane {
	p := &pane{lines: lines}
	for c := range 6 {
		var col []key.Binding
		for r := range 5 {
			k := string(rune('a' + c*5 + r))
			col = append(col, key.NewBinding(key.WithKeys(k), key.WithHelp(k, fmt.Sprintf("column %d action %d", c, r))))
		}
		p.cols = append(p.cols, col)
	}
	return p
}

func newFrame(w, h int) (*Frame, keymap.Global) {
	c := common.NewCommon(themes.Plain())
	f := New(c, []common.Command{{Name: "topics", Help: "list the topics", Run: func(string) (tea.Cmd, error) { return nil, nil }}, {Name: "tail", Arg: common.ArgTopic, Run: func(string) (tea.Cmd, error) { return nil, nil }}})
	f.SetWindow(w, h)
	return &f, keymap.DefaultKeyMap().Global
}

func TestBodyIsWhatTheFrameLeaves(t *testing.T) {
	f, keys := newFrame(80, 24)
	p := newPane(100)
	if body := f.Layout(p, keys); body != 24-header.Height-1-1 || f.Body() != body {
		t.Fatalf("short help: body %d, want %d", body, 24-header.Height-2)
	}
	// A pane drawing more than its body is cut: the footer stays on screen.
	for _, size := range [][2]int{{80, 24}, {60, 15}, {200, 50}} {
		f.SetWindow(size[0], size[1])
		f.Layout(p, keys)
		uitest.CheckFrame(t, f.View(header.State{Cluster: "local"}, p, keys), size[0], size[1])
	}
	f.SetWindow(80, 24)
	f.Help.ShowAll = true
	full := f.Layout(p, keys)
	if full >= 24-header.Height-2 {
		t.Errorf("full help of six wide columns left the body %d rows", full)
	}
	f.Status, _ = f.Status.Update(common.StatusMsg{Kind: common.StatusError, Text: strings.Repeat("a long reason ", 20)})
	if f.StatusHeight() < 2 || f.Layout(p, keys) != full-(f.StatusHeight()-1) {
		t.Errorf("a wrapped message of %d rows left the body %d", f.StatusHeight(), f.Body())
	}
}

func TestBarTakesTheFooter(t *testing.T) {
	f, keys := newFrame(80, 24)
	p := newPane(3)
	f.Bar.Open()
	body := f.Layout(p, keys)
	v := ansi.Strip(f.View(header.State{Cluster: "local"}, p, keys))
	lines := strings.Split(v, "\n")
	if len(lines) != 24 || body != 24-header.Height-2 {
		t.Fatalf("%d lines, body %d:\n%s", len(lines), body, v)
	}
	if hint := lines[header.Height+body]; !strings.Contains(hint, "tab") {
		t.Errorf("the bar's keys are not where a message would be: %q", hint)
	}
	if foot := lines[len(lines)-1]; !strings.HasPrefix(strings.TrimSpace(foot), ":") {
		t.Errorf("the footer is not the bar: %q", foot)
	}
}

func TestGlobalKeysOfferOnlyWhatActs(t *testing.T) {
	f, keys := newFrame(80, 24)
	p := newPane(3)
	names := func(bs []key.Binding) string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Help().Key)
		}
		return strings.Join(out, " ")
	}
	if got := names(f.GlobalKeys(p, keys)); got != "esc : ? q" {
		t.Errorf("short: %q", got)
	}
	f.Help.ShowAll = true
	if got := names(f.GlobalKeys(p, keys)); !strings.Contains(got, "ctrl+c") || !strings.Contains(got, "ctrl+r") {
		t.Errorf("full: %q", got)
	}
	p.input = true
	if got := names(f.GlobalKeys(p, keys)); got != "esc ctrl+c" {
		t.Errorf("typing: %q", got)
	}
}

func TestTooSmallAndMouseRows(t *testing.T) {
	f, keys := newFrame(59, 30)
	p := newPane(3)
	f.Layout(p, keys)
	if v := ansi.Strip(f.View(header.State{}, p, keys)); !f.TooSmall() || !strings.Contains(v, "terminal too small (59x30), need at least 60x15") {
		t.Errorf("59 columns:\n%s", v)
	}
	f.SetWindow(0, 0)
	if v := f.View(header.State{}, p, keys); v != "" {
		t.Errorf("drawn before any size: %q", v)
	}
	f.SetWindow(80, 24)
	body := f.Layout(p, keys)
	for y, want := range map[int]bool{0: false, header.Height: true, header.Height + body - 1: true, header.Height + body: false} {
		if row, in := f.BodyRow(y); in != want || row != y-header.Height {
			t.Errorf("screen row %d: body row %d, in body %v", y, row, in)
		}
	}
}

func TestUpdateFeedsStatusAndBar(t *testing.T) {
	f, _ := newFrame(80, 24)
	f.Update(common.StatusMsg{Kind: common.StatusWarning, Text: "careful"})
	f.Update(common.BusyMsg{Owner: "topics#1", Busy: true})
	if f.Status.Text() != "careful" || !f.Status.Busy() {
		t.Errorf("status %q, busy %v", f.Status.Text(), f.Status.Busy())
	}
	f.Update(common.TopicNamesMsg{Names: []string{"orders"}})
	f.Bar.Open()
	for _, r := range "tail or" {
		f.Bar, _ = f.Bar.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	f.Bar, _ = f.Bar.Update(tea.KeyMsg{Type: tea.KeyTab})
	if got := f.Bar.Value(); got != "tail orders" {
		t.Errorf("the bar completed %q from the topic names", got)
	}
}
