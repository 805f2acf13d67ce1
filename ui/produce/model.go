// Package produce is the produce form: write one message by hand (topic,
// partition, key, value, headers, acks, compression), or the same message
// N times with a counter, and see exactly where it went. Sent messages are
// kept per topic in a history file and recalled with up/down.
//
// It may import bubbletea, bubbles, lipgloss, kafkaops (interfaces and
// types; every call is in cmds.go), keymap, internal/safe, ui/common and
// ui/components.
package produce

import (
	"context"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Backend is what the form needs: produce, and the topic list and
// partition counts that check what is typed. *kafkaops.Cluster has it all.
type Backend interface {
	kafkaops.Producer
	kafkaops.TopicLister
	kafkaops.TopicDescriber
}

// field is one field of the form, in tab order.
type field int

const (
	fTopic field = iota
	fPartition
	fKey
	fValue
	fHeaders
	fAcks
	fCompression
	fRepeat
	numFields
)

var fieldLabels = [numFields]string{"Topic", "Partition", "Key", "Value", "Headers", "Acks", "Compression", "Repeat"}

// The choices of the acks and compression fields, first is the default.
var (
	acksChoices = []kafkaops.Acks{kafkaops.AcksAll, kafkaops.AcksLeader, kafkaops.AcksNone}
	acksNames   = []string{"all", "leader", "none"}
	compChoices = []kafkaops.Compression{kafkaops.CompressionNone, kafkaops.CompressionGzip,
		kafkaops.CompressionSnappy, kafkaops.CompressionLZ4, kafkaops.CompressionZstd}
	compNames = []string{"none", "gzip", "snappy", "lz4", "zstd"}
)

// Option configures a form.
type Option func(*options)

type options struct {
	historyPath string
}

// WithHistoryFile keeps the history in path instead of the user's state
// directory; "" keeps it in memory only. For tests.
func WithHistoryFile(path string) Option {
	return func(o *options) { o.historyPath = path }
}

// Model is the produce form.
type Model struct {
	common.Base // context, origin and the tagging of results; Close cancels
	c           *common.Common
	b           Backend
	keys        keys
	opts        options

	width, height int

	topic, partition, key, repeat textinput.Model
	// givenTopic is the topic the form was opened on, exactly, and
	// shownTopic what the input made of it: a text input drops control
	// characters, so a name holding them would otherwise become another
	// topic's name. While the input still shows shownTopic, givenTopic is
	// the topic written to.
	givenTopic, shownTopic string
	value, headers         textarea.Model
	// big is the value when it is too large for the value's text area
	// (then empty), nil otherwise: see bigvalue.go.
	big        *bigValue
	acks, comp int // indexes into the choices
	emptyKey   bool
	focus      field
	tried      bool // sent once: fields are checked as they are edited
	errs       [numFields]string
	formErr    string
	raw        raw

	hint     jsonHint
	hintText string

	parts     map[string]int    // partition count per topic
	partsErr  map[string]string // why a topic could not be described
	describe  string            // topic last asked about
	lastValue string            // value the hint was computed for
	hintValid bool              // hint is lastValue's

	// sending is true while a send is in flight: there is never more than
	// one, so its answer needs no number of its own.
	sending  bool
	result   string
	resultOK bool
	sent     content // what the last successful send held
	// running is true while a repeat run sends; like a send, there is
	// never more than one (only esc works meanwhile).
	running   bool
	runs      int // repeat runs started, to name each one's spinner
	runCancel context.CancelFunc
	runTmpl   kafkaops.Message

	hist     history
	histPos  int     // position in the topic's history while recalling; -1 when not
	recalled content // what the recalled entry put in the form
	histWarn string
}

// New returns the form for topic ("" for none yet). It does no I/O: Init
// loads the topics, the partition count and the history.
func New(c *common.Common, b Backend, topic string, opts ...Option) *Model {
	m := &Model{
		Base:     common.NewBase("produce"),
		c:        c,
		b:        b,
		keys:     newKeys(c),
		parts:    map[string]int{},
		partsErr: map[string]string{},
		histPos:  -1,
		hist:     history{byTopic: map[string][]entry{}},
	}
	m.opts.historyPath = defaultHistoryPath()
	for _, o := range opts {
		o(&m.opts)
	}
	m.topic = newInput(c, "topic name", 249)
	m.topic.ShowSuggestions = true
	// up and down recall history; suggestions cycle with ctrl+n/ctrl+p.
	m.topic.KeyMap.NextSuggestion = key.NewBinding(key.WithKeys("ctrl+n"))
	m.topic.KeyMap.PrevSuggestion = key.NewBinding(key.WithKeys("ctrl+p"))
	m.partition = newInput(c, "auto: by key (murmur2, as Java)", 10)
	m.key = newInput(c, "", 0)
	m.repeat = newInput(c, "count", 8)
	m.value = newArea(c, "value (enter: new line, ctrl+e: $EDITOR)")
	m.headers = newArea(c, "key=value, one per line")
	m.headers.SetHeight(minHeaderLines)
	m.syncKey()
	m.topic.SetValue(topic)
	m.givenTopic, m.shownTopic = topic, m.topic.Value()
	m.setFocus(fTopic)
	if topic != "" {
		m.setFocus(fKey)
	}
	m.sent = m.content() // an untouched form holds no work
	return m
}

// NewFromRecord returns the form loaded with rec's topic, key, value and
// headers, to send it again (to its topic or another). The bytes are kept:
// as long as a field is not edited, exactly what was read is written, even
// where the screen shows an escaped form of it.
func NewFromRecord(c *common.Common, b Backend, rec kafkaops.Record, opts ...Option) *Model {
	m := New(c, b, rec.Topic, opts...)
	m.load(rec.Key, rec.Value, rec.Headers)
	m.setFocus(fValue)
	m.sent = content{}
	return m
}

// Init loads the topic names, the partition count and the history.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{
		m.Wrap(listTopics(m.Ctx(), m.b)),
		m.Wrap(loadHistory(m.opts.historyPath)),
	}
	if t := m.topicName(); t != "" {
		m.describe = t
		cmds = append(cmds, m.Wrap(describeTopic(m.Ctx(), m.b, t)))
	}
	m.syncKeys()
	return tea.Batch(cmds...)
}

// SetSize gives the form its body size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	iw := max(m.width-labelWidth-3, 8)
	m.repeat.Width = 10
	for _, in := range []*textinput.Model{&m.partition, &m.key} {
		in.Width = iw - 1
	}
	m.topic.Width = max(iw-infoWidth-2, 8)
	m.value.SetWidth(iw)
	m.headers.SetWidth(iw)
	m.fitHeaders()
}

// Header lines shown: the field grows with what it holds, so a record's
// headers loaded for re-producing are all in view, up to a limit.
const (
	minHeaderLines = 3
	maxHeaderLines = 6
)

// fitHeaders sizes the headers field to its lines and gives the value the
// rest: everything but the value takes fixed lines, and the note under the
// value one more when it wraps. It runs when either changes.
func (m *Model) fitHeaders() {
	h := min(max(m.headers.LineCount(), minHeaderLines), maxHeaderLines)
	m.headers.SetHeight(h)
	note := max(len(m.valueNote())-1, 0)
	m.value.SetHeight(min(max(m.height-fixedLines-(h-minHeaderLines)-note, 2), 20))
}

// Title is "<topic> / produce", as the tail's is "<topic> / tail".
func (m *Model) Title() string {
	if t := m.topicName(); t != "" {
		return safeName(t) + " / produce"
	}
	return "produce"
}

// InputFocused is always true: the form is all text inputs, so every key
// (q included) is typing.
func (m *Model) InputFocused() bool { return true }

// UnsavedWork names the form while it holds text that was not sent.
func (m *Model) UnsavedWork() string {
	c := m.content()
	if c.empty() || c == m.sent {
		return ""
	}
	return "message in the produce form (not sent)"
}

func newInput(c *common.Common, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.PlaceholderStyle = c.Styles.Muted
	in.TextStyle = c.Styles.Text
	in.CompletionStyle = c.Styles.Muted
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = c.Styles.Selected
	return in
}

func newArea(c *common.Common, placeholder string) textarea.Model {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.Placeholder = placeholder
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Cursor.Style = c.Styles.Selected
	plain := lipgloss.NewStyle()
	style := textarea.Style{
		Base: plain, CursorLine: plain, CursorLineNumber: plain, LineNumber: plain, Prompt: plain,
		EndOfBuffer: c.Styles.Muted, Placeholder: c.Styles.Muted, Text: c.Styles.Text,
	}
	ta.FocusedStyle, ta.BlurredStyle = style, style
	return ta
}
