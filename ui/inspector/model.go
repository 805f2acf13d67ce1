// Package inspector is the record inspector: one Kafka record in full,
// its partition, offset, timestamp, key, headers and value, with the value
// shown as text, pretty-printed and highlighted JSON, or a hex dump; a
// value decoded with a Schema Registry also shows its schema. The live
// tail pushes it on enter and lets it walk to neighbouring records.
//
// It may import bubbletea, bubbles, lipgloss, chroma, keymap, kafkaops
// and kafkaops/schemas (types only), internal/safe, ui/common and ui/components. It makes no
// Kafka calls. Every byte of the record passes through internal/safe
// before anything else, highlighting included.
package inspector

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
)

// asyncSize is the value size above which text and JSON are prepared in a
// tea.Cmd, with "rendering…" shown meanwhile. Below it, preparing takes
// tens of milliseconds at most (36 ms for 1 MiB of JSON on a 2-core VM),
// and showing the value at once is better than a flash of placeholder.
// Hex is never prepared: it formats only the rows on screen.
const asyncSize = 2 << 20

// Model is the inspector pane.
type Model struct {
	// Base tags the value prepared in the background with this inspector
	// and its value generation (one per record and view: an older
	// preparation is dropped), and the age tick with this inspector.
	common.Base
	c *common.Common
	// initCmd prepares the first record's value when it is large; Init
	// returns it.
	initCmd tea.Cmd
	nav     common.Navigator
	rec     kafkaops.Record
	note    string
	// dec is what the Schema Registry made of rec: a decoded part is
	// shown as its JSON (hex still shows the bytes), with its schema.
	dec  *common.Decoding
	keys keys
	pal  palette
	// copy puts text on the clipboard; tests replace it.
	copy func(string) tea.Cmd
	// reproduce opens the produce form on a record (r); nil: no r.
	reproduce func(kafkaops.Record) tea.Cmd

	valMode, keyMode mode
	val, key         docView

	width, height int
	// vp holds the scroll position and handles scroll keys and the mouse
	// wheel. It is given only the row count (see setRows): its own View
	// measures every line, which a 1 MiB value cannot afford; this pane
	// renders only the rows on screen.
	vp viewport.Model

	fixed    []string // rendered lines above the scroll area but the bar
	headRows []string // the headers section, top of the scroll area
	total    int      // rows in the scroll area
	// cache holds rendered scroll rows; fill renders the rows on screen in
	// Update so View only reads.
	cache map[int]string
}

var _ common.Pane = (*Model)(nil)

// New returns an inspector on rec. nav may be nil: n and N are then off.
func New(c *common.Common, rec kafkaops.Record, nav common.Navigator) *Model {
	m := &Model{
		Base: common.NewBase("inspector"),
		c:    c,
		nav:  nav,
		keys: newKeys(c, nav != nil),
		pal:  newPalette(c),
		copy: clipboard.Copy,
		vp:   viewport.New(0, 0),
	}
	m.vp.KeyMap = viewport.KeyMap{
		PageDown:     c.Keys.List.PageDown,
		PageUp:       c.Keys.List.PageUp,
		HalfPageUp:   c.Keys.List.HalfUp,
		HalfPageDown: c.Keys.List.HalfDown,
		Up:           c.Keys.List.Up,
		Down:         c.Keys.List.Down,
	}
	m.initCmd = m.setRecord(rec, nil)
	return m
}

// WithNote adds a line under the record's details, e.g. why a jq filter
// cannot match this value. It is dropped when n or N moves to another
// record, since it was about this one.
func (m *Model) WithNote(note string) *Model {
	m.note = note
	m.layout()
	return m
}

// WithDecoding shows rec's key and value as the Schema Registry decoded
// them (d from common.Decode; nil: as they are), with a line naming each
// schema, or why a framed part could not be decoded.
func (m *Model) WithDecoding(d *common.Decoding) *Model {
	m.initCmd = m.setRecord(m.rec, d)
	return m
}

// Record is the record shown.
func (m *Model) Record() kafkaops.Record { return m.rec }

// Init prepares a large value in the background; smaller ones were
// prepared by New.
func (m *Model) Init() tea.Cmd {
	cmd := m.initCmd
	m.initCmd = nil
	return tea.Batch(cmd, m.Tick(ageEvery))
}

// SetSize gives the pane its body size and lays the record out for it.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// Title is topic/partition@offset, like "orders/3@1234".
func (m *Model) Title() string {
	return fmt.Sprintf("%s/%d@%d", safe.Name(m.rec.Topic), m.rec.Partition, m.rec.Offset)
}

// InputFocused is false: the inspector has no text input.
func (m *Model) InputFocused() bool { return false }

// setRecord shows rec from the top, keeping the chosen views. The Cmd,
// if any, prepares the value in the background.
func (m *Model) setRecord(rec kafkaops.Record, dec *common.Decoding) tea.Cmd {
	m.rec, m.dec = rec, dec
	if m.valMode == modeSchema && !m.hasSchema() {
		m.valMode = modeAuto // a record without a schema has no such view
	}
	m.key = docView{d: buildDoc(m.keyBytes(), m.keyMode)}
	return m.loadValue()
}

// keyBytes is the key as its view shows it: the decoded JSON, but for
// the hex view, which is about the bytes.
func (m *Model) keyBytes() []byte {
	if m.dec != nil && m.dec.Key != nil && m.keyMode != modeHex {
		return m.dec.Key.JSON
	}
	return m.rec.Key
}

// valueBytes is keyBytes for the value.
func (m *Model) valueBytes() []byte {
	switch {
	case !m.hasSchema() || m.valMode == modeHex:
		return m.rec.Value
	case m.valMode == modeSchema:
		return []byte(m.dec.Value.Schema)
	}
	return m.dec.Value.JSON
}

// hasSchema says whether the value was decoded, so has a schema to show.
func (m *Model) hasSchema() bool { return m.dec != nil && m.dec.Value != nil }

// stepMode is the value's view step (1 or -1) away from its current one,
// skipping the schema view when there is no schema.
func (m *Model) stepMode(step int) mode {
	v := m.valMode
	for {
		v = mode((int(v) + step + int(modeCount)) % int(modeCount))
		if v != modeSchema || m.hasSchema() {
			return v
		}
	}
}

// loadValue prepares the value for the current view, in a Cmd when it is
// large, and shows it from the top.
func (m *Model) loadValue() tea.Cmd {
	m.NextGen()
	v, mode := m.valueBytes(), m.valMode
	if mode == modeSchema {
		mode = modeAuto // the schema's text: JSON (Avro, JSON Schema) or Protobuf
	}
	var cmd tea.Cmd
	if len(v) > asyncSize && mode != modeHex {
		m.val = docView{d: &doc{kind: mode, rendering: true}}
		cmd = m.Wrap(func() tea.Msg { return docMsg{d: buildDoc(v, mode)} })
	} else {
		m.val = docView{d: buildDoc(v, mode)}
	}
	m.vp.GotoTop()
	m.layout()
	return cmd
}

// headerLines are the record's headers as logical lines, escaped. A very
// long header value is cut: the headers are context, the value is what
// the scroll area is for.
func headerLines(hs []kafkaops.Header) []string {
	const maxHeader = 4096
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		var v string
		switch {
		case h.Value == nil:
			v = "null"
		case len(h.Value) > maxHeader:
			v = safe.Text(h.Value[:maxHeader]) + fmt.Sprintf("… (%s)", size(len(h.Value)))
		default:
			v = safe.Text(h.Value)
		}
		out = append(out, safe.String(h.Key)+"="+v)
	}
	return out
}

// renderRow renders row i of the scroll area: fill does it for the rows
// on screen, and View, should it meet a row fill has not, without
// storing anything.
func (m *Model) renderRow(i int, store bool) string {
	if i < len(m.headRows) {
		return m.headRows[i]
	}
	return m.val.row(i-len(m.headRows), &m.pal, store)
}

// fill renders the rows on screen into the cache. Scrolling renders only
// the rows that came into view.
func (m *Model) fill() {
	if m.cache == nil || len(m.cache) > 8*max(m.vp.Height, 16) {
		m.cache = make(map[int]string, m.vp.Height)
	}
	for i := m.vp.YOffset; i < min(m.vp.YOffset+m.vp.Height, m.total); i++ {
		if _, ok := m.cache[i]; !ok {
			m.cache[i] = m.renderRow(i, true)
		}
	}
}

// setRows tells the viewport how many rows there are. It is given empty
// lines: it needs only their number for its offsets.
func (m *Model) setRows(n int) {
	m.total = n
	m.vp.SetContent(strings.Repeat("\n", max(n-1, 0)))
	m.vp.SetYOffset(m.vp.YOffset) // a taller pane must not show past the end
}
