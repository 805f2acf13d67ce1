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
	Produce    Produce
	Tail       Tail
	Inspector  Inspector
	Groups     Groups
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

// Produce is the produce form's keys, and the keys that open it from
// other panes (Open in the topic list and topic view, Reproduce in the
// record inspector).
type Produce struct {
	Open      key.Binding
	Reproduce key.Binding
	Send      key.Binding
	Repeat    key.Binding
	Editor    key.Binding
	Pretty    key.Binding
	// EmptyKey switches an empty key between null and the empty string.
	EmptyKey key.Binding
	// Choose cycles the choices of the acks and compression fields.
	Choose     key.Binding
	ChooseBack key.Binding
	// HistoryPrev and HistoryNext recall sent messages in an empty form.
	HistoryPrev key.Binding
	HistoryNext key.Binding
	// Cancel stops a repeat run, or leaves the form.
	Cancel key.Binding
}

// Tail is the live tail's keys; Open is the key that opens a tail from the
// topics list and the topic view.
type Tail struct {
	Open      key.Binding
	Follow    key.Binding
	Pause     key.Binding
	AddColumn key.Binding
	DelColumn key.Binding
	Export    key.Binding
	Copy      key.Binding
	Inspect   key.Binding
	// ShowHidden lists the records a filter hides too, dimmed, so that
	// the inspector can say why the filter passes them over.
	ShowHidden key.Binding
}

// Inspector is the record inspector's own keys; scrolling uses List.
type Inspector struct {
	// NextView and PrevView cycle the value view: auto, text, JSON, hex (and
	// schema, for a value decoded with a Schema Registry).
	NextView key.Binding
	PrevView key.Binding
	// KeyView cycles the key's view the same way.
	KeyView key.Binding
	// Next and Prev ask the pane that opened the inspector for the
	// neighbouring record.
	Next key.Binding
	Prev key.Binding
	Copy key.Binding
}

// Brokers is the broker list's own keys (navigation only for now).
type Brokers struct{}

// Groups is the keys of the consumer group list and the group view.
type Groups struct {
	Sort    key.Binding
	Reverse key.Binding
	// Members switches the group view between the lag table and the
	// members table.
	Members key.Binding
	// Reset previews, then writes, an offset reset of the group.
	Reset key.Binding
	// Delete deletes the group; DeleteOffsets its offsets for one topic.
	Delete        key.Binding
	DeleteOffsets key.Binding
}

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
		Produce: Produce{
			Open:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "produce")),
			Reproduce:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-produce")),
			Send:        key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
			Repeat:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "send N times")),
			Editor:      key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "$EDITOR")),
			Pretty:      key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "pretty JSON")),
			EmptyKey:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "null/empty key")),
			Choose:      key.NewBinding(key.WithKeys("right", "l", " "), key.WithHelp("←/→", "choose")),
			ChooseBack:  key.NewBinding(key.WithKeys("left", "h")),
			HistoryPrev: key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "history")),
			HistoryNext: key.NewBinding(key.WithKeys("down")),
			Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		},
		Tail: Tail{
			Open:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tail")),
			Follow:     key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "follow")),
			Pause:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "pause/resume")),
			AddColumn:  key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "add jq column")),
			DelColumn:  key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "remove jq column")),
			Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export jsonl")),
			Copy:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy value")),
			Inspect:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "inspect")),
			ShowHidden: key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "show hidden")),
		},
		Inspector: Inspector{
			NextView: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "value view")),
			PrevView: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous view")),
			KeyView:  key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "key view")),
			Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev")),
			Prev:     key.NewBinding(key.WithKeys("N")),
			Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy value")),
		},
		Groups: Groups{
			Sort:          key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
			Reverse:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
			Members:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "lag/members")),
			Reset:         key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reset offsets")),
			Delete:        key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete group")),
			DeleteOffsets: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "delete topic offsets")),
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
