package common

import tea "github.com/charmbracelet/bubbletea"

// EscHandler is implemented by a pane that uses esc itself in some states,
// for example to clear a filter that is applied but no longer being typed.
// The root asks it before treating esc as "back": when HandlesEsc is true
// the key goes to the pane. A pane whose text input has focus gets esc
// anyway (InputFocused), so it need not report that case here.
type EscHandler interface {
	HandlesEsc() bool
}

// WorkGuard is implemented by a pane that can hold work a quit would lose
// (a half-filled form, an unsent message). A non-empty UnsavedWork says
// what would be lost, and the root asks the user to confirm before quitting.
type WorkGuard interface {
	UnsavedWork() string
}

// SwitchMsg opens Pane as a top-level view, as a `:` command does: the
// stack goes back to the home pane and Pane goes on top of it, so esc
// returns home. A nil Pane just goes back to the home pane.
type SwitchMsg struct{ Pane Pane }

// SwitchClusterMsg asks the root to switch to the configured cluster
// Name: close every pane, connect, and start again at its topics.
type SwitchClusterMsg struct{ Name string }

// TopicNamesMsg tells the root the topic names a pane has loaded, so the
// command bar can complete commands taking a topic (`:tail ord<tab>`)
// without a request of its own. The root keeps the latest list.
type TopicNamesMsg struct{ Names []string }

// ArgKind says what argument a `:` command takes, which drives completion.
type ArgKind int

// Argument kinds.
const (
	// ArgNone: the command takes no argument.
	ArgNone ArgKind = iota
	// ArgTopic: the command takes one topic name, completed from the
	// names last reported with TopicNamesMsg.
	ArgTopic
	// ArgOptionalName: the command takes at most one name, completed from
	// the command's Names (`:cluster` or `:cluster staging`).
	ArgOptionalName
)

// Command is one `:` command of the command bar. A pane package provides
// the entry for its own pane (see brokers.Command); the root lists them, so
// a new pane is one more entry and the bar only ever offers commands whose
// panes exist.
type Command struct {
	// Name is what the user types, without the colon.
	Name string
	// Aliases are other names accepted (and completed), e.g. "q" for "quit".
	Aliases []string
	// Arg is the kind of argument the command takes.
	Arg ArgKind
	// Help is a short description shown in the command bar's hints.
	Help string
	// Names are the completions of an ArgOptionalName argument.
	Names []string
	// Run performs the command with its argument ("" for ArgNone) and
	// returns the Cmd that does it, typically one sending SwitchMsg. An
	// error (a missing topic name...) is shown in the status line and the
	// typed text stays in the bar.
	Run func(arg string) (tea.Cmd, error)
}

// Closer is implemented by a pane that holds resources (a live stream, a
// context of its own) to release when it leaves the stack or the program
// quits. The root calls Close exactly once, after which the pane is dropped.
type Closer interface {
	Close()
}

// WithBusy runs the request cmd with the spinner on: BusyMsg on is sent
// before cmd starts (tea.Sequence keeps the order) and BusyMsg off comes
// with cmd's result, from the Cmd itself. So the spinner stops even when
// the pane that asked has left the stack and will never see the result.
// Give each request its own owner ("brokers#3.7") so that an abandoned
// request ending does not stop the spinner of the one that replaced it.
func WithBusy(owner string, cmd tea.Cmd) tea.Cmd {
	return tea.Sequence(
		func() tea.Msg { return BusyMsg{Owner: owner, Busy: true} },
		func() tea.Msg {
			res := cmd()
			return tea.BatchMsg{
				func() tea.Msg { return BusyMsg{Owner: owner, Busy: false} },
				func() tea.Msg { return res },
			}
		},
	)
}

// SplitRunes returns the keys of a message holding several typed runes,
// nil for anything else. Keys typed faster than the terminal is read (or
// sent by a script) arrive as one message, ":groups" or "/or": outside a
// text input each is a key of its own. A paste stays whole: it is text,
// not commands.
func SplitRunes(k tea.KeyMsg) []tea.KeyMsg {
	if k.Type != tea.KeyRunes || len(k.Runes) < 2 || k.Paste {
		return nil
	}
	out := make([]tea.KeyMsg, len(k.Runes))
	for i, r := range k.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
	}
	return out
}
