package produce

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
)

// labelWidth is the width of the label column.
const labelWidth = 13

// infoWidth is the room right of the topic input for its partition count.
const infoWidth = 22

// fixedLines is the body lines that are not the value: title, blank,
// topic, partition, key, value hint, minHeaderLines of headers, acks,
// compression, repeat, blank, result, and two for field errors.
const fixedLines = 16

func safeName(s string) string { return safe.String(s) }

// View draws the form: a label column, the inputs, an error under any bad
// field, and the result of the last send.
func (m *Model) View() string {
	st := m.c.Styles
	w := m.width
	title := "Produce a message"
	if t := m.topicName(); t != "" {
		title = "Produce to " + safeName(t)
	}
	lines := []string{" " + st.Title.Render(ansi.Truncate(title, max(w-2, 1), "…")), ""}
	indent := strings.Repeat(" ", labelWidth+2)
	for f := range numFields {
		label := fmt.Sprintf(" %-*s", labelWidth-1, m.label(f))
		mark := "  "
		if f == m.focus {
			label, mark = st.Accent.Render(label), st.Accent.Render("› ")
		} else {
			label = st.Text.Render(label)
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, label, mark, m.fieldView(f)))
		if f == fValue {
			for _, l := range m.valueNote() {
				lines = append(lines, indent+l)
			}
		}
		if e := m.errs[f]; e != "" {
			lines = append(lines, fit.Indent(fit.Wrap("✗ "+e, max(w-labelWidth-3, 8)), indent, st.Error)...)
		}
	}
	lines = append(lines, "")
	switch {
	case m.sending:
		lines = append(lines, " "+st.Muted.Render("sending…"))
	case m.result != "":
		style := st.Error
		if m.resultOK {
			style = st.Success
		} else if m.running {
			style = st.Muted
		}
		lines = append(lines, fit.Indent(fit.Wrap(m.result, max(w-2, 8)), " ", style)...)
	}
	if m.formErr != "" {
		lines = append(lines, fit.Indent(fit.Wrap("✗ "+m.formErr, max(w-2, 8)), " ", st.Error)...)
	}
	if m.histWarn != "" {
		lines = append(lines, fit.Indent(fit.Wrap("! "+m.histWarn, max(w-2, 8)), " ", st.Warning)...)
	}
	return fit.Box(strings.Join(lines, "\n"), w, m.height)
}

// label names a field; the headers label counts lines the field cannot
// show at once, so none goes unseen.
func (m *Model) label(f field) string {
	if n := m.headers.LineCount(); f == fHeaders && n > m.headers.Height() {
		return fmt.Sprintf("%s (%d)", fieldLabels[f], n)
	}
	return fieldLabels[f]
}

func (m *Model) fieldView(f field) string {
	st := m.c.Styles
	switch f {
	case fTopic:
		return m.topic.View() + " " + m.topicInfo()
	case fPartition:
		return m.partition.View()
	case fKey:
		return m.key.View()
	case fValue:
		if m.big != nil {
			return m.bigView()
		}
		return m.value.View()
	case fHeaders:
		return m.headers.View()
	case fAcks:
		return choices(st, acksNames, m.acks, m.focus == fAcks)
	case fCompression:
		return choices(st, compNames, m.comp, m.focus == fCompression)
	case fRepeat:
		return m.repeat.View() + " " + st.Muted.Render("ctrl+r sends N; "+counter+" in key/value counts 0…N-1")
	}
	return ""
}

// topicInfo is the partition count of the topic typed, or why it is not
// known.
func (m *Model) topicInfo() string {
	st := m.c.Styles
	t := m.topicName()
	var s string
	switch n, ok := m.parts[t]; {
	case t == "":
		return ""
	case ok && n == 1:
		s = st.Muted.Render("1 partition")
	case ok:
		s = st.Muted.Render(fmt.Sprintf("%d partitions", n))
	case m.partsErr[t] != "":
		s = st.Warning.Render(ansi.Truncate(m.partsErr[t], infoWidth, "…"))
	case t == m.describe:
		s = st.Muted.Render("checking…")
	}
	return s
}

// maxNoteLines bounds the note under the value; the value field gives up
// a line for its second one.
const maxNoteLines = 2

// valueNote is the lines under the value: the JSON hint, or that loaded
// bytes are shown escaped and sent unchanged. A long hint wraps under
// itself rather than losing its end (the column of a JSON error).
func (m *Model) valueNote() []string {
	st := m.c.Styles
	w := max(m.width-labelWidth-3, 8)
	if esc := m.escapedShown(); len(esc) > 0 {
		return fit.Hang("", fmt.Sprintf("%s shown escaped: sent byte for byte unless edited", strings.Join(esc, ", ")), st.Warning, w, maxNoteLines)
	}
	switch m.hint {
	case hintJSON:
		return []string{st.Success.Render("✓ valid JSON") + st.Muted.Render(" · ctrl+f pretty-prints")}
	case hintNotJSON:
		return fit.Hang(st.Warning.Render("! "), m.hintText, st.Warning, w, maxNoteLines)
	}
	return nil
}

// choices draws the options of a choice field, the chosen one in
// brackets (visible without colour too).
func choices(st common.Styles, names []string, chosen int, focused bool) string {
	parts := make([]string, len(names))
	for i, n := range names {
		switch {
		case i == chosen && focused:
			parts[i] = st.Selected.Render("[" + n + "]")
		case i == chosen:
			parts[i] = st.Accent.Render("[" + n + "]")
		default:
			parts[i] = st.Muted.Render(" " + n + " ")
		}
	}
	return strings.Join(parts, " ")
}
