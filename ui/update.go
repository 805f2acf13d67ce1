package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/brokers"
	"github.com/kafkatui/kafkatui/ui/clusters"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/groups"
	"github.com/kafkatui/kafkatui/ui/groupview"
	"github.com/kafkatui/kafkatui/ui/inspector"
	"github.com/kafkatui/kafkatui/ui/messages"
	"github.com/kafkatui/kafkatui/ui/partitions"
	"github.com/kafkatui/kafkatui/ui/produce"
	"github.com/kafkatui/kafkatui/ui/tail"
	"github.com/kafkatui/kafkatui/ui/topics"
)

// quitMsg asks the root to quit, as q does; the `:quit` command sends it.
type quitMsg struct{}

// Update routes msg. The order (STYLE.md): the window size to everyone; a
// focused text input swallows keys; global keys; the focused pane; async
// results to their owner, focused or not.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.frame.SetWindow(msg.Width, msg.Height)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case tea.MouseMsg:
		cmd = m.handleMouse(msg)
	case quitMsg:
		cmd = m.quit()
	case common.OpenMsg:
		cmd = m.open(msg)
	case common.PushMsg:
		cmd = m.stack.Push(msg.Pane)
	case common.BackMsg:
		cmd = m.back()
	case common.SwitchMsg:
		m.stack.Truncate(1)
		cmd = m.stack.Push(msg.Pane)
	case common.StatusMsg, common.BusyMsg, common.TopicNamesMsg:
		cmd = m.frame.Update(msg)
	case common.ConnStateMsg:
		cmd = m.check.Set(msg.State, msg.Err)
	case common.SwitchClusterMsg:
		cmd = m.switcher.Switch(msg.Name, m.hdr.Cluster, m.stack.UnsavedWork())
	case clusterSwitchedMsg:
		cmd = m.clusterSwitched(msg)
	default:
		var own bool
		if cmd, own = m.check.Update(msg); !own {
			cmd = m.broadcast(msg)
		}
	}
	// Any of the above can change the stack, a pane's keys or the footer;
	// layout is cheap and sizes panes only when their size changed.
	m.layout()
	return m, cmd
}

// typing reports whether a text input has the keys.
func (m *Model) typing() bool { return m.frame.Bar.Active() || m.stack.Top().InputFocused() }

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyEscape && k.Alt {
		return m.doubleEsc()
	}
	if ks := common.SplitRunes(k); ks != nil && !m.typing() {
		// Keys that arrived together are routed one by one, so a global
		// key among them (":" opening the bar) is seen, and what follows
		// goes where that key put the focus.
		cmds := make([]tea.Cmd, len(ks))
		for i, one := range ks {
			cmds[i] = m.handleKey(one)
			m.layout()
		}
		return tea.Batch(cmds...)
	}
	isQuit := key.Matches(k, m.keys.ForceQ) || key.Matches(k, m.keys.Quit) && !m.typing()
	m.frame.Status.Withdraw(m.stack.Stay(k.Type == tea.KeyEscape, isQuit)...)
	if key.Matches(k, m.keys.ForceQ) {
		return m.quit()
	}
	if m.frame.Bar.Active() {
		var cmd tea.Cmd
		m.frame.Bar, cmd = m.frame.Bar.Update(k)
		return cmd
	}
	if m.stack.Top().InputFocused() {
		return m.stack.UpdateTop(k)
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.Help):
		m.frame.Help.ShowAll = !m.frame.Help.ShowAll
		return nil
	case key.Matches(k, m.keys.Command):
		m.frame.Help.ShowAll = false // the bar takes the footer's place
		return m.frame.Bar.Open()
	case key.Matches(k, m.keys.Back):
		// Enabled only above the home pane, and not while the pane wants
		// esc itself (syncKeys): then esc reaches the pane below.
		return m.back()
	case key.Matches(k, m.keys.Refresh):
		// The header's check restarts now; the pane refreshes its own data.
		return tea.Batch(m.check.Restart(), m.stack.UpdateTop(k))
	}
	if r := m.refusal(k); r != "" {
		return common.Status(common.StatusWarning, r)
	}
	return m.stack.UpdateTop(k)
}

// refusal is the one read-only refusal of the program: a key that one of
// the focused pane's bindings would act on, had read-only mode not
// disabled it (keymap marks the dangerous ones), is answered here with why,
// and never reaches the pane. Panes list such bindings in their help as
// usual; disabled, help hides them.
func (m *Model) refusal(k tea.KeyMsg) string {
	if !m.common.ReadOnly {
		return ""
	}
	var bs []key.Binding
	for _, col := range m.stack.Top().FullHelp() {
		bs = append(bs, col...)
	}
	bs = append(bs, m.stack.Top().ShortHelp()...)
	return m.common.Keys.Refusal(k, bs)
}

// handleMouse gives mouse events to the focused pane in its body's
// coordinates. The wheel scrolls the focused pane wherever the pointer is.
func (m *Model) handleMouse(ms tea.MouseMsg) tea.Cmd {
	if m.frame.Bar.Active() || m.frame.TooSmall() {
		return nil
	}
	var inBody bool
	if ms.Y, inBody = m.frame.BodyRow(ms.Y); !inBody && !tea.MouseEvent(ms).IsWheel() {
		return nil
	}
	return m.stack.UpdateTop(ms)
}

// broadcast hands a message the root does not know to the frame and every
// pane on the stack: async results carry their origin and generation, so
// each owner picks its own, focused or not.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	return tea.Batch(m.frame.Update(msg), m.stack.Broadcast(msg))
}

// quit ends the program, or first asks when a pane holds unsaved work
// (see pagestack.Stack.Quit).
func (m *Model) quit() tea.Cmd {
	if w := m.stack.Quit(m.typing()); w != "" {
		return common.Status(common.StatusWarning, w)
	}
	m.close()
	return tea.Quit
}

// back closes the top pane (see pagestack.Stack.Back).
func (m *Model) back() tea.Cmd {
	warning, discarded := m.stack.Back()
	if warning != "" {
		return common.Status(common.StatusWarning, warning)
	}
	if discarded {
		// The "esc again to discard" warning was about the pane now
		// closed: it must not follow into the pane below.
		m.frame.Status.Clear()
	}
	return nil
}

// doubleEsc handles esc typed twice quickly, which reaches the program as
// one alt+esc (ESC is also the terminal's alt prefix): as the two escapes
// the user typed, the second after whatever the first asked for (a pane
// going back) has happened.
func (m *Model) doubleEsc() tea.Cmd {
	esc := tea.KeyMsg{Type: tea.KeyEscape}
	first := m.handleKey(esc)
	if first != nil {
		return tea.Sequence(first, func() tea.Msg { return esc })
	}
	m.layout() // the first may have changed the stack and so the keys
	return m.handleKey(esc)
}

// readOnlyProduce is the one refusal of every way to the produce form in
// read-only mode (p, r, `:produce`).
const readOnlyProduce = "read-only mode: producing is disabled"

// open serves an intent: the one place panes are built, for keys and `:`
// commands alike. Read-only mode refuses here what would write.
func (m *Model) open(msg common.OpenMsg) tea.Cmd {
	if _, ok := msg.To.(common.OpenTopics); ok {
		m.stack.Truncate(1) // the home pane, as the user left it
		return nil
	}
	p, refusal := m.build(msg.To)
	if refusal != "" {
		return common.Status(common.StatusWarning, refusal)
	}
	if p == nil {
		return nil
	}
	if msg.Switch {
		m.stack.Truncate(1)
	}
	return m.stack.Push(p)
}

// build makes the pane an intent names, or says why it may not open.
func (m *Model) build(to common.Intent) (common.Pane, string) {
	c, be := m.common, m.be
	switch to := to.(type) {
	case common.OpenTopic:
		return partitions.New(c, be, to.Topic), ""
	case common.OpenTail:
		return tail.New(c, be, to.Topic).WithDecoder(m.dec), ""
	case common.OpenProduce:
		if c.ReadOnly {
			return nil, readOnlyProduce
		}
		if to.From != nil {
			return produce.NewFromRecord(c, be, *to.From), ""
		}
		return produce.New(c, be, to.Topic), ""
	case common.OpenInspector:
		p := inspector.New(c, to.Record, to.Nav).WithNote(to.Note).WithDecoding(to.Decoding)
		return p.WithReproduce(func(rec kafkaops.Record) tea.Cmd {
			return common.Push(common.OpenProduce{Topic: rec.Topic, From: &rec})
		}), ""
	case common.OpenGroups:
		return groups.New(c, be), ""
	case common.OpenGroup:
		return groupview.New(c, be, to.ID), ""
	case common.OpenBrokers:
		return brokers.New(c, be), ""
	case common.OpenMessages:
		return messages.New(c, m.frame.Status.Log()), ""
	case common.OpenClusters:
		if len(m.switcher.Choices()) == 0 {
			return nil, noClusters
		}
		return clusters.New(c, clusterEntries(m.switcher.Choices()), m.hdr.Cluster), ""
	}
	return nil, ""
}

// defaultHome builds the home pane: the topics list.
func defaultHome(b Backend) func(*common.Common) common.Pane {
	return func(c *common.Common) common.Pane { return topics.New(c, b) }
}
