package produce

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/components/bytesize"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// A value beyond these is not put in the value's text area: the text area
// redraws and re-measures all of its text on every key (a 1 MB paste took
// seconds to show and each key after it hundreds of milliseconds) and
// holds at most 10,000 lines, cutting the rest silently. The form holds
// such a value as loaded bytes, shows a summary, and edits it in $EDITOR.
// Below them typing is as responsive as in any field.
const (
	bigSize  = 64 << 10
	bigLines = 2000
)

// bigValue is a value too large for the text area, held as bytes: exactly
// what is sent. It is never changed in place: a change makes a new one,
// so that comparing pointers tells an untouched value (content).
type bigValue struct {
	data  []byte
	lines int
	from  string // "pasted", "from $EDITOR", "loaded": where it came from
}

// isBig reports whether a value of n bytes in lines lines is too large
// for the text area.
func isBig(n, lines int) bool { return n > bigSize || lines > bigLines }

func newBigValue(data []byte, from string) *bigValue {
	return &bigValue{data: data, lines: bytes.Count(data, []byte("\n")) + 1, from: from}
}

// pasteText is the text of a paste as the value holds it: line ends as
// new lines (terminals paste them as \r), other control characters and
// invalid runes dropped as the text area drops them. Tabs are kept: the
// text area turns them into spaces, but data pasted whole is sent whole.
func pasteText(runes []rune) string {
	var b strings.Builder
	b.Grow(len(runes))
	for i, r := range runes {
		switch {
		case r == '\r' && i+1 < len(runes) && runes[i+1] == '\n':
			// \r\n is one line end.
		case r == '\r' || r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte('\t')
		case r == utf8.RuneError || unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPaste reports whether k brings text at once: a paste, or keys that
// arrived together.
func isPaste(k tea.KeyMsg) bool {
	return k.Type == tea.KeyRunes && (k.Paste || len(k.Runes) > 1)
}

// pasteBig takes a paste into the value that makes it too large for the
// text area: the value becomes the text area's text with the paste at the
// cursor, held as loaded bytes. false when the value stays in the text
// area.
func (m *Model) pasteBig(k tea.KeyMsg) bool {
	if m.big != nil || !isPaste(k) {
		return false
	}
	// Cheap bounds first: typing never pays for more than this.
	if len(k.Runes) < bigSize/utf8.UTFMax && m.value.Length()+len(k.Runes) < bigSize/utf8.UTFMax &&
		m.value.LineCount() < bigLines/2 && len(k.Runes) < bigLines/2 {
		return false
	}
	paste := pasteText(k.Runes)
	text := m.value.Value()
	if !isBig(len(text)+len(paste), strings.Count(text, "\n")+strings.Count(paste, "\n")+1) {
		return false
	}
	before, after := splitAtCursor(text, m.value.Line(), m.value.LineInfo().StartColumn+m.value.LineInfo().ColumnOffset)
	m.setBig(newBigValue([]byte(before+paste+after), "pasted"))
	return true
}

// splitAtCursor splits text at row and column col (in runes), where the
// text area's cursor is.
func splitAtCursor(text string, row, col int) (string, string) {
	off := 0
	for range row {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return text, ""
		}
		off += i + 1
	}
	for range col {
		if off >= len(text) || text[off] == '\n' {
			break
		}
		_, n := utf8.DecodeRuneInString(text[off:])
		off += n
	}
	return text[:off], text[off:]
}

// setBig makes b the value, emptying the text area; nil goes back to the
// (empty) text area.
func (m *Model) setBig(b *bigValue) {
	m.big = b
	m.value.Reset()
	m.raw.valueSet = false
	m.hintValid = false
	if b != nil {
		// The hint is computed once per value here: valueChanged reads the
		// text area, which is empty.
		m.lastValue = ""
		m.hint, m.hintText = hintFor(string(b.data))
		m.hintValid = true
		m.fitHeaders()
		return
	}
	m.valueChanged()
}

// setValue makes data the value: in the text area when it fits there,
// else as a loaded value. from says where a loaded value came from.
func (m *Model) setValue(data []byte, from string) {
	if isBig(len(data), bytes.Count(data, []byte("\n"))+1) {
		if m.big != nil && bytes.Equal(m.big.data, data) {
			return // unchanged (an editor saved it as it was)
		}
		m.setBig(newBigValue(data, from))
		return
	}
	if m.big != nil {
		m.setBig(nil)
	}
	m.value.SetValue(string(data))
	m.valueChanged()
}

// bigEditHelp says how a loaded value is edited.
const bigEditHelp = "too large to edit here: ctrl+e edits it in $EDITOR, ctrl+u clears it"

// bigKey answers a key given to a loaded value, which cannot be edited
// in place: a key that would edit text says how it can be.
func (m *Model) bigKey(k tea.KeyMsg) {
	switch k.Type {
	case tea.KeyRunes, tea.KeySpace, tea.KeyEnter, tea.KeyBackspace, tea.KeyDelete:
		m.formErr = "the value is " + bigEditHelp
	}
}

// bigView draws a loaded value in the value's lines: its size, its first
// line (escaped), and how to edit it.
func (m *Model) bigView() string {
	st := m.c.Styles
	b := m.big
	w := max(m.value.Width(), 8)
	lines := fmt.Sprintf("%d lines", b.lines)
	if b.lines == 1 {
		lines = "1 line"
	}
	out := []string{
		st.Accent.Render(ansi.Truncate(fmt.Sprintf("%s · %s · %s", bytesize.Format(len(b.data)), lines, b.from), w, "…")),
		st.Text.Render(ansi.Truncate(firstLine(b.data, w), w, "…")),
	}
	// The keys that act on it wrap rather than lose "ctrl+u clears it".
	out = append(out, fit.Indent(fit.Wrap(bigEditHelp, w), "", st.Muted)...)
	// The value's lines, as the text area takes them: the form's layout
	// does not move (and on a short screen the footer still has ctrl+e).
	h := max(m.value.Height(), 1)
	for len(out) < h {
		out = append(out, "")
	}
	return strings.Join(out[:h], "\n")
}

// firstLine is the start of data's first line, escaped, enough to fill w
// cells.
func firstLine(data []byte, w int) string {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	// Escapes only lengthen text: 4 bytes a cell is room enough (a rune
	// cut in two at the end is escaped, and cut off by the caller).
	if len(data) > 4*w+4 {
		data = data[:4*w+4]
	}
	return safe.Text(data)
}
