package ui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
)

// someResult stands for any pane's async result.
type someResult struct{ origin int }

func TestWindowSizeReachesEveryPane(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	second := newTestPane("second")
	send(m, common.PushMsg{Pane: second})

	send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	// Header, status line and the one-line footer take 2+1+1 lines.
	for _, p := range []*testPane{home, second} {
		if p.w != 120 || p.h != 36 {
			t.Errorf("%s sized %dx%d, want 120x36", p.title, p.w, p.h)
		}
	}
	checkFrame(t, screen(m), 120, 40)

	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if home.w != 80 || home.h != 20 || second.h != 20 {
		t.Errorf("after resize: home %dx%d, second %dx%d; want 80x20", home.w, home.h, second.w, second.h)
	}
	checkFrame(t, screen(m), 80, 24)
}

func TestFocusedInputSwallowsKeys(t *testing.T) {
	home := newTestPane("home")
	home.input = true
	m, _ := newTestModel(t, home, Options{})

	for _, k := range []string{"q", "?", ":", "esc", "x"} {
		if cmd := send(m, keyMsg(k)); cmd != nil {
			if _, quit := hasMsg[tea.QuitMsg](runCmd(t, cmd)); quit {
				t.Fatalf("%q quit while the pane's input had focus", k)
			}
		}
	}
	if got := strings.Join(home.keys, " "); got != "q ? : esc x" {
		t.Errorf("pane got keys %q, want all of them", got)
	}
	if m.frame.Help.ShowAll || m.frame.Bar.Active() {
		t.Error("a global key acted while the pane's input had focus")
	}
	// ctrl+c quits even while typing.
	if _, quit := hasMsg[tea.QuitMsg](runCmd(t, send(m, keyMsg("ctrl+c")))); !quit {
		t.Error("ctrl+c did not quit while typing")
	}
	if home.closed != 1 {
		t.Errorf("home pane closed %d times on quit, want 1", home.closed)
	}
}

func TestGlobalKeysBeforePane(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})

	send(m, keyMsg("?"))
	if !m.frame.Help.ShowAll {
		t.Fatal("? did not show the full help")
	}
	if home.h >= 26 {
		t.Errorf("full help did not take room from the body: body height %d", home.h)
	}
	checkFrame(t, screen(m), 100, 30)
	send(m, keyMsg("?"))
	if m.frame.Help.ShowAll || home.h != 26 {
		t.Errorf("second ? did not restore the short help (body height %d)", home.h)
	}
	send(m, keyMsg(":"))
	if !m.frame.Bar.Active() {
		t.Fatal(": did not open the command bar")
	}
	if len(home.keys) != 0 {
		t.Errorf("global keys reached the pane: %v", home.keys)
	}
	send(m, keyMsg("esc"))
	if m.frame.Bar.Active() {
		t.Fatal("esc did not close the command bar")
	}
	if _, quit := hasMsg[tea.QuitMsg](runCmd(t, send(m, keyMsg("q")))); !quit {
		t.Error("q did not quit")
	}
}

func TestKeysGoToFocusedPaneOnly(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	top := newTestPane("top")
	send(m, common.PushMsg{Pane: top})
	send(m, keyMsg("x"))
	send(m, keyMsg("/"))
	if got := strings.Join(top.keys, " "); got != "x /" {
		t.Errorf("focused pane got %q, want \"x /\"", got)
	}
	if len(home.keys) != 0 {
		t.Errorf("pane below got keys %v", home.keys)
	}
}

func TestAsyncResultsReachPanesBelow(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	top := newTestPane("top")
	send(m, common.PushMsg{Pane: top})
	send(m, someResult{origin: 1})
	if !got[someResult](home) {
		t.Error("the pane below the focused one did not get its result")
	}
	if !got[someResult](top) {
		t.Error("the focused pane did not see the result")
	}
}

func TestPushAndBack(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	orders := newTestPane("orders")
	send(m, common.PushMsg{Pane: orders})
	if orders.inits != 1 || orders.w != 100 || orders.h != 26 {
		t.Fatalf("pushed pane: inits %d, size %dx%d; want 1 and 100x26", orders.inits, orders.w, orders.h)
	}
	parts := newTestPane("partitions")
	send(m, common.PushMsg{Pane: parts})
	if got := strings.Join(m.stack.Crumbs(), " / "); got != "home / orders / partitions" {
		t.Errorf("breadcrumb %q", got)
	}
	if !strings.Contains(screen(m), "home / orders / partitions") {
		t.Errorf("breadcrumb not on screen:\n%s", screen(m))
	}

	send(m, keyMsg("esc"))
	if m.stack.Top() != orders || parts.closed != 1 {
		t.Fatalf("esc: top is %s, popped pane closed %d times", m.stack.Top().Title(), parts.closed)
	}
	send(m, common.BackMsg{})
	if m.stack.Top() != home || orders.closed != 1 {
		t.Fatalf("BackMsg: top is %s", m.stack.Top().Title())
	}
	// esc on the home pane is the pane's: nothing to go back to.
	send(m, keyMsg("esc"))
	if m.stack.Len() != 1 || home.closed != 0 {
		t.Fatal("esc on the home pane closed it")
	}
	if strings.Join(home.keys, " ") != "esc" {
		t.Errorf("home pane got %v, want esc", home.keys)
	}
	if strings.Contains(screen(m), "esc back") {
		t.Error("help offers esc back on the home pane")
	}
}

// A title naming what the trail already shows drops the name; a list's
// own title is not such a name.
func TestBreadcrumbNamesATopicOnce(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("topics"), Options{})
	for _, title := range []string{"topics / partitions", "topics / tail", "topics/0@4", "topics / produce"} {
		send(m, common.PushMsg{Pane: newTestPane(title)})
	}
	if got := strings.Join(m.stack.Crumbs(), " / "); got != "topics / topics / partitions / tail / topics/0@4 / produce" {
		t.Errorf("breadcrumb %q", got)
	}
	send(m, common.PushMsg{Pane: newTestPane("payments / produce")})
	if got := m.stack.Crumbs()[5]; got != "payments / produce" {
		t.Errorf("another topic's crumb %q", got)
	}
}

func TestEscClearsPaneFilterBeforeBack(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	top := newTestPane("brokers /rack")
	top.esc = true
	send(m, common.PushMsg{Pane: top})
	if strings.Contains(screen(m), "esc back") {
		t.Error("help offers esc back while the pane uses esc")
	}
	send(m, keyMsg("esc"))
	if m.stack.Top() != top || strings.Join(top.keys, " ") != "esc" {
		t.Fatalf("esc did not go to the pane with a filter (top %s, keys %v)", m.stack.Top().Title(), top.keys)
	}
	top.esc = false // the pane cleared its filter
	send(m, keyMsg("j"))
	if !strings.Contains(screen(m), "esc back") {
		t.Error("help does not offer esc back once the filter is gone")
	}
	send(m, keyMsg("esc"))
	if m.stack.Top() != home {
		t.Fatal("second esc did not go back")
	}
}

func TestSwitchResetsStackToHome(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	a, b := newTestPane("a"), newTestPane("b")
	send(m, common.PushMsg{Pane: a})
	send(m, common.PushMsg{Pane: b})
	c := newTestPane("c")
	send(m, common.SwitchMsg{Pane: c})
	if got := strings.Join(m.stack.Crumbs(), " / "); got != "home / c" {
		t.Fatalf("stack after switch: %s", got)
	}
	if a.closed != 1 || b.closed != 1 || c.inits != 1 {
		t.Errorf("closed a %d, b %d; c inits %d", a.closed, b.closed, c.inits)
	}
	send(m, common.SwitchMsg{})
	if m.stack.Len() != 1 || c.closed != 1 {
		t.Fatal("SwitchMsg{} did not go home")
	}
}

func TestMouseGoesToFocusedPane(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	send(m, tea.MouseMsg{X: 5, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	var mm tea.MouseMsg
	for _, msg := range home.msgs {
		if v, ok := msg.(tea.MouseMsg); ok {
			mm = v
		}
	}
	if mm.Button != tea.MouseButtonWheelDown || mm.Y != 10-header.Height {
		t.Errorf("pane got mouse %+v, want the wheel at body row %d", mm, 10-header.Height)
	}
	// A click on the header is not the pane's.
	n := len(home.msgs)
	send(m, tea.MouseMsg{X: 5, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if len(home.msgs) != n {
		t.Error("a click on the header reached the pane")
	}
}

func TestStatusLineClearsItself(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("home"), Options{})
	cmd := send(m, common.StatusMsg{Kind: common.StatusError, Text: "list topics: broker unreachable"})
	if !strings.Contains(screen(m), "error: list topics: broker unreachable") {
		t.Fatalf("status not shown:\n%s", screen(m))
	}
	clear := runCmd(t, cmd)
	// A newer message is not cleared by the older one's tick.
	cmd2 := send(m, common.StatusMsg{Kind: common.StatusInfo, Text: "topic created"})
	for _, msg := range clear {
		send(m, msg)
	}
	if !strings.Contains(screen(m), "topic created") {
		t.Fatal("an old message's tick cleared the newer message")
	}
	for _, msg := range runCmd(t, cmd2) {
		send(m, msg)
	}
	if strings.Contains(screen(m), "topic created") || m.frame.Status.Text() != "" {
		t.Fatal("the status line did not clear itself")
	}
}

func TestBusyShowsSpinner(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("home"), Options{})
	cmd := send(m, common.BusyMsg{Owner: "topics#1", Busy: true})
	if cmd == nil {
		t.Fatal("busy did not start the spinner")
	}
	if !strings.Contains(screen(m), "loading topics") {
		t.Errorf("no busy label:\n%s", screen(m))
	}
	send(m, common.BusyMsg{Owner: "topics#1", Busy: false})
	// The pending spinner tick arrives and ends the chain.
	for _, msg := range runCmd(t, cmd) {
		if next := send(m, msg); next != nil {
			t.Error("the spinner kept ticking after work ended")
		}
	}
	if strings.Contains(screen(m), "loading") {
		t.Error("busy label stayed")
	}
}

func TestTooSmall(t *testing.T) {
	m, _ := newTestModel(t, newTestPane("home"), Options{})
	send(m, tea.WindowSizeMsg{Width: 50, Height: 12})
	v := screen(m)
	if !strings.Contains(v, "terminal too small (50x12), need at least 60x15") {
		t.Fatalf("no too-small message:\n%s", v)
	}
	checkFrame(t, v, 50, 12)
	send(m, tea.WindowSizeMsg{Width: 60, Height: 15})
	if strings.Contains(screen(m), "too small") {
		t.Fatal("60x15 is said to be too small")
	}
	checkFrame(t, screen(m), 60, 15)
}

func TestQuitAsksWhenWorkWouldBeLost(t *testing.T) {
	home := newTestPane("home")
	home.unsaved = "create topic form"
	m, _ := newTestModel(t, home, Options{})
	msgs := runCmd(t, send(m, keyMsg("q")))
	if _, quit := hasMsg[tea.QuitMsg](msgs); quit {
		t.Fatal("quit without asking while work would be lost")
	}
	st, ok := hasMsg[common.StatusMsg](msgs)
	if !ok || !strings.Contains(st.Text, "create topic form") {
		t.Fatalf("no warning naming the unsaved work: %+v", msgs)
	}
	// Another key cancels; it still does its job.
	send(m, keyMsg("x"))
	if _, quit := hasMsg[tea.QuitMsg](runCmd(t, send(m, keyMsg("q")))); quit {
		t.Fatal("quit after the confirmation was cancelled")
	}
	if _, quit := hasMsg[tea.QuitMsg](runCmd(t, send(m, keyMsg("ctrl+c")))); !quit {
		t.Fatal("second quit key did not quit")
	}
}

func TestHeaderFollowsConnection(t *testing.T) {
	m, fc := newTestModel(t, newTestPane("home"), Options{Settings: common.Settings{ReadOnly: true}, ClusterName: "prod-eu"})
	v := screen(m)
	for _, want := range []string{"prod-eu", "? brokers", "connecting", "read-only"} {
		if !strings.Contains(v, want) {
			t.Errorf("header lacks %q before the first check:\n%s", want, v)
		}
	}
	pump(t, m, m.Init(), 3)
	v = screen(m)
	if !strings.Contains(v, "3 brokers") || !strings.Contains(v, "● connected") {
		t.Fatalf("header after the check:\n%s", v)
	}

	// A failing refresh: reconnecting, said once in the status line.
	fc.set(kafkaops.ClusterInfo{}, errors.New("describe cluster: dial tcp 127.0.0.1:39092: connection refused"))
	msgs := pump(t, m, send(m, m.check.Tick()), 3)
	if m.check.State != common.ConnReconnecting {
		t.Fatalf("state %s after a failure, want reconnecting", m.check.State)
	}
	if st, ok := hasMsg[common.StatusMsg](msgs); !ok || !strings.Contains(st.Text, "connection refused") {
		t.Errorf("failure not reported: %v", msgs)
	}
	if !strings.Contains(screen(m), "reconnecting") {
		t.Errorf("header does not say reconnecting:\n%s", screen(m))
	}
	msgs = pump(t, m, send(m, m.check.Tick()), 3)
	if _, ok := hasMsg[common.StatusMsg](msgs); ok {
		t.Error("the same failure was reported again")
	}
	fc.set(threeBrokers(), nil)
	pump(t, m, send(m, m.check.Tick()), 3)
	if m.check.State != common.ConnConnected {
		t.Fatalf("state %s after recovery", m.check.State)
	}
	// A tick of an older chain is dropped.
	stale := m.check.Tick()
	send(m, keyMsg("ctrl+r"))
	if cmd := send(m, stale); cmd != nil {
		t.Error("a stale tick started a check")
	}
}

func TestFirstFailureIsError(t *testing.T) {
	m, fc := newTestModel(t, newTestPane("home"), Options{})
	fc.set(kafkaops.ClusterInfo{}, errors.New("describe cluster: SASL authentication failed"))
	pump(t, m, m.Init(), 3)
	if m.check.State != common.ConnError || !strings.Contains(screen(m), "● error") {
		t.Fatalf("state %s; screen:\n%s", m.check.State, screen(m))
	}
	// A pane may report the state too.
	send(m, common.ConnStateMsg{State: common.ConnConnected})
	if !strings.Contains(screen(m), "● connected") {
		t.Error("ConnStateMsg not shown")
	}
}

func TestRefreshKeyRestartsCheckAndReachesPane(t *testing.T) {
	home := newTestPane("home")
	m, fc := newTestModel(t, home, Options{})
	gen := m.check.Gen()
	pump(t, m, send(m, keyMsg("ctrl+r")), 2)
	if m.check.Gen() == gen || fc.describes == 0 {
		t.Error("ctrl+r did not check the cluster again")
	}
	if strings.Join(home.keys, " ") != "ctrl+r" {
		t.Errorf("pane got %v, want ctrl+r", home.keys)
	}
}

// Esc typed twice quickly arrives as one alt+esc: it must act as two.
func TestDoubleEscActsTwice(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	send(m, common.PushMsg{Pane: newTestPane("middle")})
	send(m, common.PushMsg{Pane: newTestPane("top")})
	send(m, tea.KeyMsg{Type: tea.KeyEscape, Alt: true})
	if got := m.stack.Top().Title(); got != "home" {
		t.Fatalf("after esc esc the focused pane is %q, want home", got)
	}

	// A pane that handles esc itself gets both.
	top := newTestPane("top")
	top.esc = true
	send(m, common.PushMsg{Pane: top})
	send(m, tea.KeyMsg{Type: tea.KeyEscape, Alt: true})
	if got := strings.Join(top.keys, " "); got != "esc esc" {
		t.Errorf("pane handling esc got %q, want \"esc esc\"", got)
	}
}

// Keys that arrive as one message (typed faster than the terminal is read,
// or sent by a script) are keys of their own: ":groups" opens the command
// bar and types "groups" in it; inside a text input they stay text.
func TestKeysArrivingTogether(t *testing.T) {
	home := newTestPane("home")
	m, _ := newTestModel(t, home, Options{})
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":groups")})
	if !m.frame.Bar.Active() || m.frame.Bar.Value() != "groups" {
		t.Fatalf("bar active %v, value %q; want the bar open holding groups", m.frame.Bar.Active(), m.frame.Bar.Value())
	}
	if len(home.keys) != 0 {
		t.Errorf("the pane got %v", home.keys)
	}
	send(m, keyMsg("esc"))
	// The pane gets them one by one; a paste is text and stays whole.
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjG")})
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("gD"), Paste: true})
	if got := strings.Join(home.keys, " "); got != "j j G [gD]" {
		t.Errorf("the pane got %q, want j j G and the paste gD", got)
	}
	home.keys = nil
	home.input = true
	send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(":q")})
	if m.frame.Bar.Active() || strings.Join(home.keys, " ") != ":q" {
		t.Errorf("typing pane got %v, bar active %v", home.keys, m.frame.Bar.Active())
	}
}
