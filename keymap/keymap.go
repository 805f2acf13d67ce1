// Package keymap holds every key binding of kafkatui as key.Binding values
// with help text, so the help shown on screen is generated from the same
// values that handle keys and never drifts. DefaultKeyMap returns fresh
// values each call: panes may switch bindings on and off (SetEnabled) for
// their modes without affecting each other. It imports bubbles/key only.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding of the program, grouped by where it applies.
type KeyMap struct {
	Global     Global
	List       List
	Topics     Topics
	Partitions Partitions
	Brokers    Brokers
	Form       Form
	CommandBar CommandBar
}

// Global keys work from anywhere unless a text input has focus.
type Global struct {
	Quit    key.Binding
	ForceQ  key.Binding
	Help    key.Binding
	Back    key.Binding
	Command key.Binding
	Filter  key.Binding
	Refresh key.Binding
}

// List moves through any table or list.
type List struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	HalfUp   key.Binding
	HalfDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding
}

// Topics is the topic list's own keys.
type Topics struct {
	ToggleInternal key.Binding
	Sort           key.Binding
	Create         key.Binding
	Delete         key.Binding
	// Reverse flips the direction of the current sort.
	Reverse key.Binding
}

// Partitions is the topic view's own keys.
type Partitions struct {
	ToggleConfigs key.Binding
}

// Form is the keys of text inputs: the / filter line, forms such as create
// topic, and typed confirmations. Panes copy these and adjust the help text
// to what enter does in their context ("apply", "create", "delete").
type Form struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding
	// SubmitAny submits from any field, including multi-line ones where
	// enter inserts a newline.
	SubmitAny key.Binding
	Cancel    key.Binding
}

// CommandBar is the keys of the `:` command bar while it is open.
type CommandBar struct {
	Run      key.Binding
	Cancel   key.Binding
	Complete key.Binding
	// HistoryPrev and HistoryNext walk the commands run before.
	HistoryPrev key.Binding
	HistoryNext key.Binding
}

// Brokers is the broker list's own keys (navigation only for now).
type Brokers struct{}

// DefaultKeyMap returns fresh default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Global: Global{
			Quit:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
			ForceQ:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
			Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
			Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
			Command: key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
			Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
			Refresh: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		},
		List: List{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
			HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
			HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
			Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
			Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
			Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		},
		Topics: Topics{
			ToggleInternal: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "internal topics")),
			Sort:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
			Create:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "create")),
			Delete:         key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete")),
			Reverse:        key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		},
		Partitions: Partitions{
			ToggleConfigs: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "partitions/configs")),
		},
		Form: Form{
			Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
			Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
			Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
			SubmitAny: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "submit")),
			Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
		CommandBar: CommandBar{
			Run:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
			Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
			Complete:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
			HistoryPrev: key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/↓", "history")),
			HistoryNext: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "newer")),
		},
	}
}
