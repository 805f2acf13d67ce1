package inspector

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/components/bytesize"
)

// mode is a value view. modeAuto resolves to one of the others per value.
type mode int

const (
	modeAuto mode = iota
	modeText
	modeJSON
	modeHex
	// modeSchema shows the schema a decoded value was read with; it is in
	// the value's cycle only for a decoded value.
	modeSchema
	modeCount
)

func (v mode) String() string {
	switch v {
	case modeText:
		return "text"
	case modeJSON:
		return "JSON"
	case modeHex:
		return "hex"
	case modeSchema:
		return "schema"
	default:
		return "auto"
	}
}

// doc is one value (or key) prepared for a view: built once per record and
// view, independent of the width. Text and JSON are held as escaped
// logical lines; hex keeps the bytes and formats only the rows on screen.
type doc struct {
	kind mode // resolved, except while rendering
	null bool
	// rendering is a placeholder while the value is prepared in a Cmd.
	rendering bool
	empty     bool
	lines     []string
	// ctx is, per JSON line, the lexer context it is highlighted in.
	ctx  []lexCtx
	data []byte
	// note says why the requested view was not possible ("not valid JSON").
	note string
}

// buildDoc prepares b for the view v. Escaping happens here, before any
// highlighting, so nothing later can see or pass on a raw control byte.
func buildDoc(b []byte, v mode) *doc {
	switch {
	case b == nil:
		return &doc{kind: modeText, null: true}
	case len(b) == 0:
		return &doc{kind: modeText, empty: true}
	}
	var note string
	switch v {
	case modeAuto:
		if d := jsonDoc(b); d != nil {
			return d
		}
	case modeJSON:
		if d := jsonDoc(b); d != nil {
			return d
		}
		note = "not valid JSON"
	case modeText:
		return textDoc(b, "")
	case modeHex:
		return &doc{kind: modeHex, data: b}
	}
	if utf8.Valid(b) {
		return textDoc(b, note)
	}
	return &doc{kind: modeHex, data: b, note: note}
}

func textDoc(b []byte, note string) *doc {
	d := &doc{kind: modeText, note: note}
	if !utf8.Valid(b) {
		d.note = joinNote(note, "not valid UTF-8: bad bytes shown as \\xNN")
	}
	d.lines = strings.Split(safe.MultilineText(b), "\n")
	return d
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// jsonDoc pretty-prints b, or returns nil when b is not JSON. json.Indent
// keeps every token's text, so numbers keep their precision and form.
func jsonDoc(b []byte) *doc {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[' && t[0] != '"') {
		// Bare numbers and literals are valid JSON but read better as
		// text; this also spares the scan of large non-JSON values.
		return nil
	}
	var buf bytes.Buffer
	buf.Grow(len(b) + len(b)/2)
	if err := json.Indent(&buf, t, "", "  "); err != nil {
		return nil
	}
	lines := strings.Split(safe.MultilineText(buf.Bytes()), "\n")
	return &doc{kind: modeJSON, lines: lines, ctx: lexContexts(lines)}
}

// size is a byte count for people: "512 B", "1.2 KiB", "1.0 MiB".
func size(n int) string { return bytesize.Format(n) }
