package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
	"github.com/kafkatui/kafkatui/ui/components/helpline"
)

// globalKeys are the keys that work everywhere, shown after the pane's.
// While a text input of the pane has the keys, :, ? and q are typed into
// it, so only what still acts is offered: esc (the pane's way back, when
// the pane does not want esc itself) and ctrl+c.
func (m *Model) globalKeys() []key.Binding {
	k := m.keys
	if m.top().InputFocused() {
		return []key.Binding{k.Back, k.ForceQ}
	}
	if m.help.ShowAll {
		return []key.Binding{k.Back, k.Command, k.Refresh, k.Help, k.Quit, k.ForceQ}
	}
	return []key.Binding{k.Back, k.Command, k.Help, k.Quit}
}

// footer is the command bar while it is open, else the help: one line of
// the focused pane's keys on the left and the global ones on the right, or
// with ? every key in columns.
func (m *Model) footer() string {
	if m.bar.Active() {
		return m.bar.View()
	}
	if m.help.ShowAll {
		return helpline.Full(m.help, m.top().FullHelp(), m.globalKeys(), m.width)
	}
	return helpline.Line(m.help, m.top().ShortHelp(), m.globalKeys(), m.width)
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// layout sizes the footer components and gives every pane the body size
// left by the header, status line and footer (which grows with full help).
func (m *Model) layout() {
	m.syncKeys()
	m.status.SetWidth(m.width)
	m.bar.SetWidth(m.width)
	footer := 1
	if m.help.ShowAll && !m.bar.Active() {
		footer = lipgloss.Height(m.footer())
	}
	body := max(m.height-header.Height-m.statusHeight()-footer, 1)
	if body == m.bodyHeight && m.width == m.sizedWidth {
		return
	}
	m.bodyHeight, m.sizedWidth = body, m.width
	for _, p := range m.stack {
		p.SetSize(m.width, body)
	}
}

// syncKeys enables esc-as-back only when there is somewhere to go back to
// and the focused pane does not want esc itself (to clear its filter), so
// the help never offers esc for two things at once.
func (m *Model) syncKeys() {
	back := len(m.stack) > 1
	if h, ok := m.top().(common.EscHandler); ok && h.HandlesEsc() {
		back = false
	}
	m.keys.Back.SetEnabled(back)
}

// statusHeight is the rows between body and footer: the status message,
// which wraps onto up to statusline.MaxLines rows, or the bar's keys.
func (m *Model) statusHeight() int {
	if m.barHint() {
		return 1
	}
	return m.status.Height()
}

// barHint reports whether the command bar's keys take the status area: the
// bar is open and there is no message or work to show there.
func (m *Model) barHint() bool {
	return m.bar.Active() && m.status.Text() == "" && !m.status.Busy()
}

// sizePane gives a new pane the current body size.
func (m *Model) sizePane(p common.Pane) {
	if m.width > 0 {
		p.SetSize(m.width, m.bodyHeight)
	}
}

// View draws the screen: header, the focused pane's body, status line and
// footer, each cut to the window so a pane drawing too much cannot push
// the footer off screen.
func (m *Model) View() string {
	if m.width == 0 || m.height == 0 {
		return "" // no size yet: the first WindowSizeMsg is on its way
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("terminal too small (%dx%d), need at least %dx%d", m.width, m.height, minWidth, minHeight)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(m.width).Align(lipgloss.Center).Render(msg))
	}
	var b strings.Builder
	b.WriteString(header.View(m.common.Styles, header.State{
		Cluster:  m.cluster,
		Color:    m.color,
		Insecure: m.insecure,
		Brokers:  m.check.Brokers,
		Conn:     m.check.State,
		ReadOnly: m.common.ReadOnly,
		Crumbs:   m.crumbs(),
	}, m.width))
	b.WriteByte('\n')
	helpline.WriteFitted(&b, m.top().View(), m.width, m.bodyHeight)
	if m.barHint() {
		// The bar's own keys, where a message would be.
		b.WriteString(" " + helpline.Short(m.help, m.bar.ShortHelp(), m.width-1))
	} else {
		b.WriteString(m.status.View())
	}
	b.WriteByte('\n')
	b.WriteString(m.footer())
	// Every widget escapes the Kafka text it draws; this catches the one
	// that forgot, before the terminal acts on an escape sequence in it.
	return safe.Screen(b.String())
}
