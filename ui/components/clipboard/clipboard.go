// Package clipboard copies text to the user's clipboard with OSC 52, the
// terminal escape sequence that works over ssh and inside tmux without a
// local clipboard tool. It may import bubbletea, go-osc52 and the standard
// library.
package clipboard

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// Limit is the size above which many terminals (xterm, some tmux setups)
// silently drop an OSC 52 sequence; Copy still sends it but says so.
const Limit = 100_000

// CopiedMsg reports a copy: Bytes is how much was sent, Err is set when
// the sequence could not be written.
type CopiedMsg struct {
	Bytes int
	Err   error
}

// Copy returns a Cmd that puts text on the clipboard. The sequence goes to
// stdout, the terminal the UI draws on, in a single write: the kernel
// serialises whole writes to a tty, so it cannot land inside a frame, and
// it neither prints nor moves the cursor. Inside tmux it is sent both as is
// (taken when tmux has set-clipboard on) and wrapped for passthrough
// (taken with allow-passthrough on); inside screen, wrapped for screen.
func Copy(text string) tea.Cmd {
	tmux := os.Getenv("TMUX") != ""
	screen := !tmux && strings.HasPrefix(os.Getenv("TERM"), "screen")
	return func() tea.Msg { return write(os.Stdout, text, tmux, screen) }
}

// write is Copy's work, with the output and multiplexer made explicit for
// tests.
func write(w io.Writer, text string, tmux, screen bool) CopiedMsg {
	seq := osc52.New(text)
	var out string
	switch {
	case tmux:
		out = seq.String() + seq.Tmux().String()
	case screen:
		out = seq.Screen().String()
	default:
		out = seq.String()
	}
	if _, err := io.WriteString(w, out); err != nil {
		return CopiedMsg{Err: fmt.Errorf("copy to clipboard: %w", err)}
	}
	return CopiedMsg{Bytes: len(text)}
}

// Status is the status-line text for a copy of n bytes of what. It says
// what was done, sending OSC 52, not that the clipboard holds it: the
// terminal may ignore the sequence, and nothing tells the program. So it
// says how to turn it on where it is most often off (tmux).
func Status(what string, n int) string {
	s := fmt.Sprintf("sent %s (%d bytes) to the clipboard with OSC 52", what, n)
	if n > Limit {
		s += "; some terminals ignore copies over 100 KB"
	}
	return s + "; nothing pasted? allow OSC 52 in the terminal (tmux: set -g set-clipboard on)"
}
