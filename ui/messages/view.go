package messages

import (
	"strings"

	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// detailRows is at most how many lines the selected message takes below
// the list.
const detailRows = 6

var columns = []table.Column{
	{Title: "TIME", Width: 8},
	{Title: "KIND", Width: 7},
	{Title: "MESSAGE", Width: 20, Grow: 1},
}

// kinds name a message kind in words and as a hint.
var kinds = map[common.StatusKind]struct {
	word string
	hint table.Hint
}{
	common.StatusInfo:    {"info", table.HintNone},
	common.StatusSuccess: {"ok", table.HintSuccess},
	common.StatusWarning: {"warning", table.HintWarning},
	common.StatusError:   {"error", table.HintError},
}

// rows are the log's rows, built once: the log does not change while the
// pane is open (it is a snapshot; `:messages` again shows newer ones).
func rows(c *common.Common, log []common.Message) []table.Row {
	out := make([]table.Row, len(log))
	for i, msg := range log {
		k := kinds[msg.Kind]
		out[i] = table.Row{Cells: []table.Cell{
			{Text: msg.At.In(c.Now().Location()).Format("15:04:05"), Hint: table.HintMuted},
			{Text: k.word, Hint: k.hint},
			{Text: msg.Text},
		}}
	}
	return out
}

// layout sizes the list to the body left by the selected message, written
// out whole (wrapped) below it.
func (m *Model) layout() {
	m.detail = nil
	if i := m.table.Cursor(); i >= 0 && i < len(m.log) {
		m.detail = fit.Wrap(m.log[i].Text, max(m.width-2, 1))
		if len(m.detail) > detailRows {
			m.detail = append(m.detail[:detailRows-1], "…")
		}
	}
	chrome := 0
	if len(m.detail) > 0 {
		chrome = len(m.detail) + 1
	}
	m.table.SetSize(m.width, max(m.height-chrome, 0))
}

// View draws the list and the selected message.
func (m *Model) View() string {
	var b strings.Builder
	b.WriteString(m.table.View())
	if len(m.detail) > 0 {
		b.WriteString("\n")
		for _, l := range m.detail {
			b.WriteString("\n " + l)
		}
	}
	return b.String()
}
