package tail

import (
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// maxColumns bounds the jq columns: each costs a jq run per record.
const maxColumns = 4

// addColumn adds c after the others and fills it for every held record,
// each value parsed once for all columns.
func (m *Model) addColumn(c column) {
	if len(m.cols) >= maxColumns {
		m.cols = m.cols[1:] // the oldest makes room
		for i := 0; i < m.ring.n; i++ {
			e := m.ring.get(m.ring.first + uint64(i))
			if len(e.cols) > 0 {
				e.cols = e.cols[1:]
			}
		}
	}
	m.cols = append(m.cols, c)
	last := &m.cols[len(m.cols)-1]
	last.jq.newPass()
	for i := 0; i < m.ring.n; i++ {
		e := m.ring.get(m.ring.first + uint64(i))
		var j jsonValue
		v := cellText(last.value(&e.rec, &j))
		e.cols = append(e.cols, v)
		last.width = min(max(last.width, textWidth(v)), maxColumnWidth)
	}
}

// removeColumn drops column i from the table and from every held row.
func (m *Model) removeColumn(i int) {
	m.cols = append(m.cols[:i:i], m.cols[i+1:]...)
	for k := 0; k < m.ring.n; k++ {
		e := m.ring.get(m.ring.first + uint64(k))
		if i < len(e.cols) {
			e.cols = append(e.cols[:i:i], e.cols[i+1:]...)
		}
	}
}

// columnValues is r's text in each jq column.
func (m *Model) columnValues(r *kafkaops.Record, j *jsonValue) []string {
	out := make([]string, len(m.cols))
	for i := range m.cols {
		out[i] = cellText(m.cols[i].value(r, j))
	}
	return out
}

// cellText is a jq result made safe and cut to a column's width cap.
func cellText(s string) string {
	if len(s) > 4*maxColumnWidth {
		s = s[:4*maxColumnWidth]
	}
	return safe.String(s)
}
