package tail

import (
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// maxColumns bounds the jq columns: each costs a jq run per record.
const maxColumns = 4

// addColumn adds c after the others and fills it for every held record,
// each value parsed once for all columns.
func (s *stream) addColumn(c column) {
	if len(s.cols) >= maxColumns {
		s.cols = s.cols[1:] // the oldest makes room
		for i := 0; i < s.ring.n; i++ {
			e := s.ring.get(s.ring.first + uint64(i))
			if len(e.cols) > 0 {
				e.cols = e.cols[1:]
			}
		}
	}
	s.cols = append(s.cols, c)
	last := &s.cols[len(s.cols)-1]
	last.jq.newPass()
	for i := 0; i < s.ring.n; i++ {
		e := s.ring.get(s.ring.first + uint64(i))
		var j jsonValue
		r := e.shown()
		v := cellText(last.value(&r, &j))
		e.cols = append(e.cols, v)
		last.width = min(max(last.width, textWidth(v)), maxColumnWidth)
	}
}

// removeColumn drops column i from the table and from every held row.
func (s *stream) removeColumn(i int) {
	s.cols = append(s.cols[:i:i], s.cols[i+1:]...)
	for k := 0; k < s.ring.n; k++ {
		e := s.ring.get(s.ring.first + uint64(k))
		if i < len(e.cols) {
			e.cols = append(e.cols[:i:i], e.cols[i+1:]...)
		}
	}
}

// columnValues is r's text in each jq column.
func (s *stream) columnValues(r *kafkaops.Record, j *jsonValue) []string {
	out := make([]string, len(s.cols))
	for i := range s.cols {
		out[i] = cellText(s.cols[i].value(r, j))
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
