package keymap

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
)

// danger is a binding that writes to the cluster, with what it does in
// the words of the read-only refusal ("read-only mode: deleting topics is
// disabled").
type danger struct {
	b    *key.Binding
	what string
}

// dangerous marks, once for the whole program, the bindings that write to
// the cluster (k9s marks its actions Dangerous the same way). Read-only
// mode disables exactly these (SetReadOnly) and refuses them with one
// message (Refusal); no pane checks the mode itself.
func (k *KeyMap) dangerous() []danger {
	return []danger{
		{&k.Topics.Create, "creating topics"},
		{&k.Topics.Delete, "deleting topics"},
		{&k.Produce.Open, "producing"},
		{&k.Produce.Reproduce, "producing"},
		{&k.Produce.Send, "producing"},
		{&k.Produce.Repeat, "producing"},
		{&k.Groups.Reset, "resetting offsets"},
		{&k.Groups.Delete, "deleting groups"},
		{&k.Groups.DeleteOffsets, "deleting offsets"},
	}
}

// SetReadOnly disables every dangerous binding, so help never offers one
// and key.Matches never fires for one. Panes copy their bindings from the
// KeyMap after this, so they inherit it.
func (k *KeyMap) SetReadOnly() {
	for _, d := range k.dangerous() {
		d.b.SetEnabled(false)
	}
}

// Dangerous reports whether b is one of the dangerous bindings (the same
// keys and help), and what it does.
func (k *KeyMap) Dangerous(b key.Binding) (what string, ok bool) {
	for _, d := range k.dangerous() {
		if slices.Equal(d.b.Keys(), b.Keys()) && d.b.Help() == b.Help() {
			return d.what, true
		}
	}
	return "", false
}

// Refusal is the read-only refusal for a key msg that one of bs (the
// focused pane's bindings) would have acted on had read-only mode not
// disabled it: "read-only mode: deleting topics is disabled". "" when msg
// is not such a key.
func (k *KeyMap) Refusal(msg interface{ String() string }, bs []key.Binding) string {
	for _, b := range bs {
		if b.Enabled() || !slices.Contains(b.Keys(), msg.String()) {
			continue
		}
		if what, ok := k.Dangerous(b); ok {
			return "read-only mode: " + what + " is disabled"
		}
	}
	return ""
}
