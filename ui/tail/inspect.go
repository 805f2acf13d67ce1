package tail

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// inspect opens the inspector on the selected record; n and N walk the
// records the filter lets through. A jq filter that cannot match the
// record (its value is not JSON) says why there.
func (m *Model) inspect() tea.Cmd {
	e, ok := m.selected()
	if !ok {
		return nil
	}
	shown := e.shown()
	return common.Push(common.OpenInspector{Record: e.rec, Nav: navigator{m}, Note: m.filter.why(&shown), Decoding: e.dec})
}

// navigator walks the tail's shown records for the inspector. It reads the
// tail as it is when n or N is pressed: records keep arriving meanwhile.
type navigator struct{ m *Model }

// find is the index of cur among the shown records, searched from the
// newest (where the inspector most often is); -1 when it has been dropped
// or filtered out.
func (n navigator) find(cur kafkaops.Record) int {
	m := n.m
	for i := m.count() - 1; i >= 0; i-- {
		r := &m.entryAt(i).rec
		if r.Offset == cur.Offset && r.Partition == cur.Partition {
			return i
		}
	}
	return -1
}

// Next is the record shown after cur, with why the filter hides it when
// it does (H shows hidden records too).
func (n navigator) Next(cur kafkaops.Record) (kafkaops.Record, string, *common.Decoding, bool) {
	i := n.find(cur)
	if i < 0 || i+1 >= n.m.count() {
		return kafkaops.Record{}, "", nil, false
	}
	return n.at(i + 1)
}

// Prev is the record shown before cur, as Next.
func (n navigator) Prev(cur kafkaops.Record) (kafkaops.Record, string, *common.Decoding, bool) {
	i := n.find(cur)
	if i <= 0 {
		return kafkaops.Record{}, "", nil, false
	}
	return n.at(i - 1)
}

func (n navigator) at(i int) (kafkaops.Record, string, *common.Decoding, bool) {
	e := n.m.entryAt(i)
	shown := e.shown()
	return e.rec, n.m.filter.why(&shown), e.dec, true
}
