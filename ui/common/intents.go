package common

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Intent names a pane to open and what it opens on. Panes never build
// another pane (no pane package imports another): they send an intent
// with Push or Switch, and the root's router builds the pane from the
// backend, refuses what read-only mode forbids, and serves the `:`
// commands from the same intents, so `t` and `:tail` take one path.
type Intent interface{ intent() }

// OpenTopics is the topics list, the home pane.
type OpenTopics struct{}

// OpenTopic is one topic's partitions and configs.
type OpenTopic struct{ Topic string }

// OpenTail is the live tail of Topic, at its start form.
type OpenTail struct{ Topic string }

// OpenProduce is the produce form on Topic ("" to choose one). From,
// when set, fills the form with that record to send it again. It writes
// to the cluster: refused in read-only mode.
type OpenProduce struct {
	Topic string
	From  *kafkaops.Record
}

// OpenInspector is the record inspector on Record. Nav walks the records
// around it in the opener's order (nil: n and N are off); Note says
// something about Record, e.g. why a filter hides it.
type OpenInspector struct {
	Record kafkaops.Record
	Nav    Navigator
	Note   string
	// Decoding is what the Schema Registry made of Record (nil: nothing
	// was framed, or no registry), shown as JSON with its schema.
	Decoding *Decoding
}

// OpenGroups is the consumer groups list.
type OpenGroups struct{}

// OpenGroup is one consumer group's lag, members and actions.
type OpenGroup struct{ ID string }

// OpenBrokers is the brokers list.
type OpenBrokers struct{}

// OpenClusters is the configured clusters, to switch between them.
type OpenClusters struct{}

// OpenMessages is every status message of the session, with its time.
type OpenMessages struct{}

func (OpenTopics) intent()    {}
func (OpenTopic) intent()     {}
func (OpenTail) intent()      {}
func (OpenProduce) intent()   {}
func (OpenInspector) intent() {}
func (OpenGroups) intent()    {}
func (OpenGroup) intent()     {}
func (OpenBrokers) intent()   {}
func (OpenClusters) intent()  {}
func (OpenMessages) intent()  {}

// Navigator gives the records around the one an inspector shows, in the
// order of the pane that opened it (for the tail, its held and filtered
// records). ok is false when there is none. note says something about the
// record reached (why a filter hides it), "" when there is nothing to say;
// dec is what the registry made of it, nil for nothing.
type Navigator interface {
	Next(cur kafkaops.Record) (rec kafkaops.Record, note string, dec *Decoding, ok bool)
	Prev(cur kafkaops.Record) (rec kafkaops.Record, note string, dec *Decoding, ok bool)
}

// OpenMsg asks the root to open the pane To names. Switch opens it as a
// top-level view (the stack goes back to the home pane first, as a `:`
// command does); otherwise it goes on top of the stack.
type OpenMsg struct {
	To     Intent
	Switch bool
}

// Push is the Cmd that opens to on top of the current pane.
func Push(to Intent) tea.Cmd {
	return func() tea.Msg { return OpenMsg{To: to} }
}

// Switch is the Cmd that opens to as a top-level view.
func Switch(to Intent) tea.Cmd {
	return func() tea.Msg { return OpenMsg{To: to, Switch: true} }
}
