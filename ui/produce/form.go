package produce

import (
	"bytes"
	"slices"
	"strings"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// content is what the user typed: compared to tell unsent work and an
// untouched recalled entry.
type content struct {
	topic, partition, key, value, headers string
	big                                   *bigValue // a new one on every change
	emptyKey                              bool
}

// empty reports whether nothing that makes a message was typed (the topic
// alone is where it goes, not a message).
func (c content) empty() bool {
	return c.partition == "" && c.key == "" && !c.emptyKey && c.value == "" && c.big == nil && c.headers == ""
}

func (m *Model) content() content {
	return content{
		topic:     m.topic.Value(),
		partition: m.partition.Value(),
		key:       m.key.Value(),
		value:     m.value.Value(),
		big:       m.big,
		headers:   m.headers.Value(),
		emptyKey:  m.emptyKey,
	}
}

// raw holds the bytes a record or history entry put in the form. The
// inputs hold text and drop control characters, and Kafka data is shown
// escaped, so the text can differ from the bytes; while a field still
// shows exactly what was loaded, the bytes are sent, not the text.
type raw struct {
	keySet, valueSet, headersSet bool
	keyText, valueText, hdrText  string
	key, value                   []byte
	headers                      []kafkaops.Header
	// escaped names the fields whose text is an escaped view of bytes.
	escaped []string
}

// load fills key, value and headers from bytes.
func (m *Model) load(k, v []byte, hs []kafkaops.Header) {
	m.raw = raw{}
	m.emptyKey = k != nil && len(k) == 0
	m.key.SetValue(safe.Text(k))
	m.raw.keySet, m.raw.key, m.raw.keyText = true, k, m.key.Value()
	if m.raw.keyText != string(k) {
		m.raw.escaped = append(m.raw.escaped, "key")
	}
	if isBig(len(v), bytes.Count(v, []byte("\n"))+1) {
		m.setBig(newBigValue(v, "loaded")) // its bytes, exactly
	} else {
		m.setBig(nil)
		m.value.SetValue(safe.MultilineText(v))
		// The top of the value, where reading starts (and up recalls older).
		for range m.value.LineCount() {
			m.value.CursorUp()
		}
		m.value.CursorStart()
		m.raw.valueSet, m.raw.value, m.raw.valueText = true, v, m.value.Value()
		if m.raw.valueText != string(v) {
			m.raw.escaped = append(m.raw.escaped, "value")
		}
	}
	text, exact := formatHeaders(hs)
	m.headers.SetValue(text)
	m.fitHeaders()
	m.raw.headersSet, m.raw.headers, m.raw.hdrText = true, hs, m.headers.Value()
	if !exact || m.raw.hdrText != text {
		m.raw.escaped = append(m.raw.escaped, "headers")
	}
	m.syncKey()
	m.hintValid = false // the same text may now be loaded bytes
	m.valueChanged()
}

// syncKey says in the empty key field what an empty key sends.
func (m *Model) syncKey() {
	if m.emptyKey {
		m.key.Placeholder = "empty string (ctrl+t: null)"
	} else {
		m.key.Placeholder = "null (ctrl+t: empty string)"
	}
}

// keyBytes is the key to send: the loaded bytes while the field is as
// loaded, else the text; empty is null unless the empty-string toggle is on.
func (m *Model) keyBytes() []byte {
	t := m.key.Value()
	if m.raw.keySet && t == m.raw.keyText && (len(m.raw.key) > 0 || (m.raw.key != nil) == m.emptyKey) {
		return m.raw.key
	}
	if t == "" {
		if m.emptyKey {
			return []byte{}
		}
		return nil
	}
	return []byte(t)
}

// valueBytes is the value to send; an empty value is sent as an empty
// string (a tombstone is a null value, loaded from a record or history).
func (m *Model) valueBytes() []byte {
	if m.big != nil {
		return m.big.data
	}
	t := m.value.Value()
	if m.raw.valueSet && t == m.raw.valueText {
		return m.raw.value
	}
	return []byte(t)
}

func (m *Model) headerList() ([]kafkaops.Header, string) {
	t := m.headers.Value()
	if m.raw.headersSet && t == m.raw.hdrText {
		return m.raw.headers, ""
	}
	return parseHeaders(t)
}

// escapedShown names the loaded fields still shown escaped, for the note
// that says their bytes are sent unchanged.
func (m *Model) escapedShown() []string {
	var out []string
	for _, f := range m.raw.escaped {
		switch {
		case f == "key" && m.key.Value() == m.raw.keyText,
			f == "value" && m.value.Value() == m.raw.valueText,
			f == "headers" && m.headers.Value() == m.raw.hdrText:
			out = append(out, f)
		}
	}
	return out
}

func (m *Model) topicName() string {
	if v := m.topic.Value(); m.givenTopic != "" && v == m.shownTopic {
		return m.givenTopic
	}
	return strings.TrimSpace(m.topic.Value())
}

// partCount is the partition count of the topic typed, 0 when not known.
func (m *Model) partCount() int { return m.parts[m.topicName()] }

// check validates one field and returns its error message, "" if valid.
func (m *Model) check(f field) string {
	switch f {
	case fTopic:
		if m.topicName() == "" {
			return "a topic is required"
		}
	case fPartition:
		_, msg := parsePartition(m.partition.Value(), m.partCount())
		return msg
	case fHeaders:
		_, msg := m.headerList()
		return msg
	}
	return ""
}

// message validates the form and builds the message. On a bad field the
// error is shown next to it and the field gets the focus.
func (m *Model) message() (kafkaops.Message, bool) {
	m.tried = true
	first := numFields
	for f := range numFields {
		if f == fRepeat {
			continue // only ctrl+r needs it
		}
		m.errs[f] = m.check(f)
		if m.errs[f] != "" && first == numFields {
			first = f
		}
	}
	m.formErr = ""
	if first != numFields {
		m.setFocus(first)
		return kafkaops.Message{}, false
	}
	p, _ := parsePartition(m.partition.Value(), m.partCount())
	hs, _ := m.headerList()
	return kafkaops.Message{
		Topic:       m.topicName(),
		Partition:   p,
		Key:         slices.Clone(m.keyBytes()),
		Value:       slices.Clone(m.valueBytes()),
		Headers:     hs,
		Acks:        acksChoices[m.acks],
		Compression: compChoices[m.comp],
	}, true
}

// brokerError shows a failed send next to the field it is about, or under
// the form when it concerns none in particular. kafkaops words these
// errors; the field follows from the words.
func (m *Model) brokerError(err error) {
	text := safe.String(err.Error())
	// "produce to orders/3: " repeats what the form shows.
	if i := strings.Index(text, ": "); strings.HasPrefix(text, "produce to ") && i > 0 {
		text = text[i+2:]
	}
	lower := strings.ToLower(text)
	f := numFields
	switch {
	case strings.HasPrefix(lower, "partition "):
		f = fPartition
	case strings.Contains(lower, "topic does not exist"),
		strings.Contains(lower, "topic or partition does not exist"),
		strings.Contains(lower, "not authorized to write to the topic"):
		f = fTopic
	case strings.Contains(lower, "too large"):
		f = fValue
	case strings.Contains(lower, "in-sync replicas"), strings.HasPrefix(lower, "acks"):
		f = fAcks
	case strings.HasPrefix(lower, "compression"):
		f = fCompression
	}
	m.result, m.resultOK = "✗ not sent", false
	if f == numFields {
		m.result = "✗ not sent: " + text
		return
	}
	m.errs[f] = text
}

// setFocus moves the focus to f (wrapping), blurring the others.
func (m *Model) setFocus(f field) {
	m.focus = (f + numFields) % numFields
	inputs := map[field]interface {
		Blur()
	}{fTopic: &m.topic, fPartition: &m.partition, fKey: &m.key, fRepeat: &m.repeat, fValue: &m.value, fHeaders: &m.headers}
	for fl, in := range inputs {
		if fl != m.focus {
			in.Blur()
		}
	}
	switch m.focus {
	case fTopic:
		m.topic.Focus()
	case fPartition:
		m.partition.Focus()
	case fKey:
		m.key.Focus()
	case fRepeat:
		m.repeat.Focus()
	case fValue:
		m.value.Focus()
	case fHeaders:
		m.headers.Focus()
	}
}

// valueChanged recomputes the JSON hint, once per change of the value.
func (m *Model) valueChanged() {
	if m.big != nil {
		return // setBig computed the hint
	}
	v := m.value.Value()
	if m.hintValid && v == m.lastValue {
		return // the cursor moved; the value did not
	}
	m.lastValue, m.hintValid = v, true
	defer m.fitHeaders() // the note under the value may take a line more or less
	if m.raw.valueSet && v == m.raw.valueText && m.raw.valueText != string(m.raw.value) {
		m.hint, m.hintText = hintNone, "" // an escaped binary value
		return
	}
	m.hint, m.hintText = hintFor(v)
}
