package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/header"
)

func newHelp(c *common.Common) help.Model {
	h := help.New()
	st := c.Styles
	h.Styles = help.Styles{
		Ellipsis:       st.Muted,
		ShortKey:       st.Accent,
		ShortDesc:      st.Muted,
		ShortSeparator: st.Muted,
		FullKey:        st.Accent,
		FullDesc:       st.Muted,
		FullSeparator:  st.Muted,
	}
	return h
}

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
		full := m.fullHelp(max(m.width-1, 1))
		return fitLines(" "+strings.ReplaceAll(full, "\n", "\n "), m.width)
	}
	// The global keys stay whole: ? is the way to everything else. The
	// pane's keys get the rest of the line, cut with an ellipsis.
	pane := m.top().ShortHelp()
	right := shortHelp(m.help, notShown(m.globalKeys(), pane), m.width-1)
	left := shortHelp(m.help, pane, m.width-1-lipgloss.Width(right)-3)
	gap := max(m.width-1-lipgloss.Width(left)-lipgloss.Width(right)-1, 1)
	return fitLines(" "+left+strings.Repeat(" ", gap)+right, m.width)
}

// shortHelp is as many of the bindings as fit in w cells, from the first,
// with an ellipsis when some are left out. bubbles/help's own Width is not
// used: when its ellipsis does not fit it adds every remaining item, and
// the line overflows onto the global keys.
func shortHelp(h help.Model, bindings []key.Binding, w int) string {
	h.Width = 0
	var on []key.Binding
	for _, b := range bindings {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	ellipsis := " " + h.Styles.Ellipsis.Inline(true).Render(h.Ellipsis)
	for n := len(on); n > 0; n-- {
		s := h.ShortHelpView(on[:n])
		if n < len(on) {
			s += ellipsis
		}
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	if len(on) > 0 && lipgloss.Width(ellipsis)-1 <= w {
		return strings.TrimPrefix(ellipsis, " ")
	}
	return ""
}

// fullHelp is every key of the focused pane and the global ones, a column
// per group, wrapped into rows of columns so that no row is wider than w:
// a column that does not fit starts the next row instead of being cut.
func (m *Model) fullHelp(w int) string {
	h := m.help
	h.Width = 0
	sep := h.Styles.FullSeparator.Inline(true).Render(h.FullSeparator)
	var rows, row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	pane := m.top().FullHelp()
	for _, g := range append(pane, notShown(m.globalKeys(), slices.Concat(pane...))) {
		col := h.FullHelpView([][]key.Binding{g})
		if col == "" {
			continue
		}
		cw := lipgloss.Width(col)
		if len(row) > 0 && rowW+lipgloss.Width(sep)+cw > w {
			flush()
		}
		if len(row) > 0 {
			row = append(row, sep)
			rowW += lipgloss.Width(sep)
		}
		row = append(row, col)
		rowW += cw
	}
	flush()
	return strings.Join(rows, "\n")
}

// notShown is the global bindings the pane's own do not already show with
// the same key and text (a form's "esc back"), so no key is listed twice.
func notShown(global, pane []key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range global {
		if !slices.ContainsFunc(pane, func(p key.Binding) bool { return p.Enabled() && p.Help() == g.Help() }) {
			out = append(out, g)
		}
	}
	return out
}

// fitLines cuts every line of s to w cells, the last guard for a single
// column or key wider than the whole window.
func fitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
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
		Brokers:  m.brokerCount,
		Conn:     m.conn,
		ReadOnly: m.common.ReadOnly,
		Crumbs:   m.crumbs(),
	}, m.width))
	b.WriteByte('\n')
	writeFitted(&b, m.top().View(), m.width, m.bodyHeight)
	if m.barHint() {
		// The bar's own keys, where a message would be.
		b.WriteString(" " + shortHelp(m.help, m.bar.ShortHelp(), m.width-1))
	} else {
		b.WriteString(m.status.View())
	}
	b.WriteByte('\n')
	b.WriteString(m.footer())
	// Every widget escapes the Kafka text it draws; this catches the one
	// that forgot, before the terminal acts on an escape sequence in it.
	return safe.Screen(b.String())
}

// writeFitted writes exactly h lines of s, each at most w cells wide.
func writeFitted(b *strings.Builder, s string, w, h int) {
	lines := strings.Split(s, "\n")
	for i := range h {
		if i < len(lines) {
			l := lines[i]
			if ansi.StringWidth(l) > w {
				l = ansi.Truncate(l, w, "")
			}
			b.WriteString(l)
		}
		b.WriteByte('\n')
	}
}
