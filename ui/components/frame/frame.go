// Package frame is what surrounds the focused pane on screen: the header
// above it; the status line, and the footer (the `:` command bar while it
// is open, else the help) below it. It says how many rows that leaves the
// pane's body, and draws the whole screen cut to the window, so a pane
// drawing too much cannot push the footer off screen. The root routes
// messages to the bar and the status line; the frame only lays them out.
//
// It may import bubbles, lipgloss, keymap, internal/safe, ui/common and
// the widgets of ui/components it lays out; never a pane package.
package frame

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/cmdbar"
	"github.com/kafkatui/kafkatui/ui/components/header"
	"github.com/kafkatui/kafkatui/ui/components/helpline"
	"github.com/kafkatui/kafkatui/ui/components/statusline"
)

// Minimum terminal size; below it the frame says so instead of drawing.
const (
	MinWidth  = 60
	MinHeight = 15
)

// Frame holds the widgets around the pane and the window's size.
type Frame struct {
	// Bar is the `:` command bar, Status the status line and Help the
	// footer's help; the root gives them their messages.
	Bar    cmdbar.Model
	Status statusline.Model
	Help   help.Model

	common        *common.Common
	width, height int
	body          int // the pane body's rows, as of the last Layout
}

// New is the frame of a UI drawn with c's styles, whose bar offers cmds.
func New(c *common.Common, cmds []common.Command) Frame {
	return Frame{
		Bar:    cmdbar.New(c, cmds),
		Status: statusline.New(c),
		Help:   helpline.New(c),
		common: c,
	}
}

// SetWindow records the terminal's size; Layout applies it.
func (f *Frame) SetWindow(width, height int) { f.width, f.height = width, height }

// Width is the window's width, which every pane gets whole.
func (f *Frame) Width() int { return f.width }

// Body is the pane body's height as of the last Layout.
func (f *Frame) Body() int { return f.body }

// TooSmall reports a window below the minimum size, where the frame only
// says so.
func (f *Frame) TooSmall() bool { return f.width < MinWidth || f.height < MinHeight }

// Layout sizes the bar and the status line to the window and returns the
// rows left to the body of the focused pane p by the header, the status
// line and the footer (which grows with full help). keys are the global
// keys as the root has them enabled.
func (f *Frame) Layout(p common.Pane, keys keymap.Global) int {
	f.Status.SetWidth(f.width)
	f.Bar.SetWidth(f.width)
	footer := 1
	if f.Help.ShowAll && !f.Bar.Active() {
		footer = lipgloss.Height(f.footer(p, keys))
	}
	f.body = max(f.height-header.Height-f.StatusHeight()-footer, 1)
	return f.body
}

// Update gives msg to the status line (status messages, the spinner, its
// own ticks) and the command bar (its cursor's blink), and the topic names
// a pane loaded to the bar's completion.
func (f *Frame) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.TopicNamesMsg:
		f.Bar.SetTopics(msg.Names)
		return nil
	case common.StatusMsg:
		if msg.Kind == common.StatusError {
			f.common.Log.Printf("error: %s", msg.Text)
		}
	}
	var status, bar tea.Cmd
	f.Status, status = f.Status.Update(msg)
	switch msg.(type) {
	case common.StatusMsg, common.BusyMsg: // the status line's alone
	default:
		f.Bar, bar = f.Bar.Update(msg)
	}
	return tea.Batch(status, bar)
}

// BodyRow is screen row y in the body's coordinates, and whether it
// falls in the body.
func (f *Frame) BodyRow(y int) (int, bool) {
	y -= header.Height
	return y, y >= 0 && y < f.body
}

// StatusHeight is the rows between body and footer: the status message,
// which wraps onto up to statusline.MaxLines rows, or the bar's keys.
func (f *Frame) StatusHeight() int {
	if f.barHint() {
		return 1
	}
	return f.Status.Height()
}

// barHint reports whether the command bar's keys take the status area: the
// bar is open and there is no message or work to show there.
func (f *Frame) barHint() bool {
	return f.Bar.Active() && f.Status.Text() == "" && !f.Status.Busy()
}

// GlobalKeys are the keys that work everywhere, shown after the pane's.
// While a text input of the pane has the keys, :, ? and q are typed into
// it, so only what still acts is offered: esc (the pane's way back, when
// the pane does not want esc itself) and ctrl+c.
func (f *Frame) GlobalKeys(p common.Pane, k keymap.Global) []key.Binding {
	if p.InputFocused() {
		return []key.Binding{k.Back, k.ForceQ}
	}
	if f.Help.ShowAll {
		return []key.Binding{k.Back, k.Command, k.Refresh, k.Help, k.Quit, k.ForceQ}
	}
	return []key.Binding{k.Back, k.Command, k.Help, k.Quit}
}

// footer is the command bar while it is open, else the help: one line of
// the focused pane's keys on the left and the global ones on the right, or
// with ? every key in columns.
func (f *Frame) footer(p common.Pane, keys keymap.Global) string {
	if f.Bar.Active() {
		return f.Bar.View()
	}
	if f.Help.ShowAll {
		return helpline.Full(f.Help, p.FullHelp(), f.GlobalKeys(p, keys), f.width)
	}
	return helpline.Line(f.Help, p.ShortHelp(), f.GlobalKeys(p, keys), f.width)
}

// View draws the screen: the header hdr, the focused pane p's body, the
// status line and the footer, each cut to the window.
func (f *Frame) View(hdr header.State, p common.Pane, keys keymap.Global) string {
	if f.width == 0 || f.height == 0 {
		return "" // no size yet: the first WindowSizeMsg is on its way
	}
	if f.TooSmall() {
		msg := fmt.Sprintf("terminal too small (%dx%d), need at least %dx%d", f.width, f.height, MinWidth, MinHeight)
		return lipgloss.Place(f.width, f.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(f.width).Align(lipgloss.Center).Render(msg))
	}
	var b strings.Builder
	b.WriteString(header.View(f.common.Styles, hdr, f.width))
	b.WriteByte('\n')
	helpline.WriteFitted(&b, p.View(), f.width, f.body)
	if f.barHint() {
		// The bar's own keys, where a message would be.
		b.WriteString(" " + helpline.Short(f.Help, f.Bar.ShortHelp(), f.width-1))
	} else {
		b.WriteString(f.Status.View())
	}
	b.WriteByte('\n')
	b.WriteString(f.footer(p, keys))
	// Every widget escapes the Kafka text it draws; this catches the one
	// that forgot, before the terminal acts on an escape sequence in it.
	return safe.Screen(b.String())
}
