package topics

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// column indexes the table's columns and the sort keys.
type column int

const (
	colName column = iota
	colPartitions
	colRF
	colMessages
	colUnderReplicated
	colOffline
	numColumns
)

// sortColumns describes each column: title, layout and natural sort order
// (names A to Z, numbers largest first: the busiest or sickest topics are
// what one sorts by a number to find).
var sortColumns = [numColumns]struct {
	table.Column
	desc bool
}{
	colName:       {table.Column{Title: "NAME", Width: 20, Grow: 1}, false},
	colPartitions: {table.Column{Title: "PARTITIONS", Width: 11, Keep: true, Align: table.AlignRight}, true},
	colRF:         {table.Column{Title: "RF", Width: 3, Keep: true, Align: table.AlignRight}, true},
	// OFFSETS, not messages: high minus low watermark counts offsets, which
	// compaction, aborted records and transaction markers take too.
	colMessages:        {table.Column{Title: "OFFSETS", Width: 9, Keep: true, Align: table.AlignRight}, true},
	colUnderReplicated: {table.Column{Title: "UNDER-REPL", Width: 11, Keep: true, Align: table.AlignRight}, true},
	colOffline:         {table.Column{Title: "OFFLINE", Width: 8, Keep: true, Align: table.AlignRight}, true},
}

// entry is one topic with everything View and the filter need, prepared
// once when the data arrives.
type entry struct {
	t     kafkaops.TopicSummary
	note  kafkaops.OffsetNote
	name  string // safe to print
	lower string // name lowercased, for the filter
	row   table.Row
}

// data is the topic list and its derived views. Everything here changes in
// Update only.
type data struct {
	all          []entry // every topic, in the order ListTopics gave
	order        []int32 // indexes into all, in sort order
	shown        []int   // indexes into all of the rows on screen
	rows         []table.Row
	names        []string // raw names, for the command bar's completion
	internal     int      // internal topics in all
	showInternal bool
	sortCol      column
	sortDesc     bool
	// want is a topic to put the cursor on when it appears (one just
	// created).
	want string
	// notes are the topics whose offsets count more than their records
	// (compacted, transactional), as last read.
	notes map[string]kafkaops.OffsetNote
	// noted and notedInternal count the topics of all with a note, so
	// the legend shows only when a listed topic is marked.
	noted, notedInternal int
	// offsetsW is the widest OFFSETS cell of all, shown or not (see
	// countNoted).
	offsetsW int
}

// columns are the table columns, the sort column's title marked.
func (d *data) columns() []table.Column {
	cols := make([]table.Column, numColumns)
	for i, c := range sortColumns {
		cols[i] = c.Column
	}
	cols[colMessages].Width = max(cols[colMessages].Width, d.offsetsW)
	return table.SortMarked(cols, int(d.sortCol), d.sortDesc)
}

// set replaces the topics: every row is built here, once, so that View,
// filtering and sorting only move prepared rows around. A topic whose
// summary did not change since the last refresh keeps its prepared row.
// It reports whether the set of names changed.
func (d *data) set(topics []kafkaops.TopicSummary) bool {
	prev := d.all
	var byName map[string]int // built only when the list shifted
	// old finds topic i's previous entry; same reports that nothing in it
	// changed.
	old := func(i int) (e *entry, same bool) {
		t := topics[i]
		if i < len(prev) && prev[i].t.Name == t.Name {
			return &prev[i], prev[i].t == t
		}
		if byName == nil {
			byName = make(map[string]int, len(prev))
			for j := range prev {
				byName[prev[j].t.Name] = j
			}
		}
		if j, ok := byName[t.Name]; ok {
			return &prev[j], prev[j].t == t
		}
		return nil, false
	}
	all := make([]entry, len(topics))
	fresh := make([]bool, len(topics))
	changed := 0
	for i := range topics {
		e, same := old(i)
		switch {
		case same:
			all[i] = *e
		case e != nil:
			// Counts changed (new messages, most often): the name's
			// escaping and lowercasing still hold.
			all[i].name, all[i].lower = e.name, e.lower
			fallthrough
		default:
			fresh[i] = true
			changed++
		}
	}
	// One backing array for the new rows' cells: one allocation, not one
	// per topic.
	cells := make([]table.Cell, changed*int(numColumns))
	d.internal = 0
	for i, t := range topics {
		if t.Internal {
			d.internal++
		}
		if !fresh[i] {
			continue
		}
		c := cells[:numColumns:numColumns]
		cells = cells[numColumns:]
		all[i] = newEntry(t, all[i].name, all[i].lower, c, d.notes[t.Name])
	}
	d.all = all
	// The same topics in the same order keep their sort order: a quiet
	// cluster's refresh costs no sort.
	if changed > 0 || byName != nil || len(prev) != len(all) || len(d.order) != len(all) {
		d.sort()
	}
	d.countNoted()
	return d.setNames(topics)
}

// newEntry prepares one topic's row in c, numColumns cells. name and
// lower are the escaped and lowercased name when already known, else "".
func newEntry(t kafkaops.TopicSummary, name, lower string, c []table.Cell, note kafkaops.OffsetNote) entry {
	e := entry{t: t, name: name, lower: lower, note: note}
	if e.name == "" {
		e.name = safe.Name(t.Name)
		e.lower = strings.ToLower(e.name)
	}
	c[colName] = table.Cell{Text: e.name}
	c[colPartitions] = table.Cell{Text: numfmt.Group(t.Partitions)}
	c[colRF] = table.Cell{Text: numfmt.Group(t.ReplicationFactor)}
	c[colMessages] = offsetsCell(t.Messages, note)
	c[colUnderReplicated] = countCell(t.UnderReplicated, table.HintWarning)
	c[colOffline] = countCell(t.Offline, table.HintError)
	e.row = table.Row{Cells: c}
	if t.Internal {
		e.row.Hint = table.HintMuted
	}
	if t.Offline > 0 {
		c[colName].Hint = table.HintError
	}
	return e
}

// offsetsCell is the OFFSETS cell: "≤" before the count of a topic that
// holds fewer records than offsets (compacted or transactional).
func offsetsCell(n int64, note kafkaops.OffsetNote) table.Cell {
	text := numfmt.Group(n)
	if note != (kafkaops.OffsetNote{}) {
		text = "≤" + text
	}
	return table.Cell{Text: text}
}

// setNotes applies newly read offset notes to the prepared rows.
func (d *data) setNotes(notes map[string]kafkaops.OffsetNote) {
	d.notes = notes
	for i := range d.all {
		e := &d.all[i]
		if note := notes[e.t.Name]; note != e.note {
			e.note = note
			e.row.Cells[colMessages] = offsetsCell(e.t.Messages, note)
		}
	}
	d.countNoted()
}

// countNoted counts the topics of all with an offset note, internal and
// not, and measures the OFFSETS column from the counts.
func (d *data) countNoted() {
	d.noted, d.notedInternal = 0, 0
	var plain, noted int64 = 0, -1 // the largest counts, without and with "≤"
	for i := range d.all {
		e := &d.all[i]
		switch {
		case e.note == (kafkaops.OffsetNote{}):
			plain = max(plain, e.t.Messages)
			continue
		case e.t.Internal:
			d.notedInternal++
		default:
			d.noted++
		}
		noted = max(noted, e.t.Messages)
	}
	// The widest OFFSETS cell of all, shown or not, found from the counts
	// (a pass over 10,000 cells' text cost a seventh of a refresh): the
	// column is as wide as the largest count (a cut count misleads:
	// 78,817,8… at 100 columns with room to spare), and keeps its width
	// while the filter narrows the rows.
	d.offsetsW = len(numfmt.Group(plain))
	if noted >= 0 {
		d.offsetsW = max(d.offsetsW, 1+len(numfmt.Group(noted)))
	}
}

// setNames refreshes the raw name list, in ListTopics' order (by name),
// and reports whether it changed.
func (d *data) setNames(topics []kafkaops.TopicSummary) bool {
	same := len(topics) == len(d.names)
	for i := 0; same && i < len(topics); i++ {
		same = topics[i].Name == d.names[i]
	}
	if same {
		return false
	}
	names := make([]string, len(topics))
	for i := range topics {
		names[i] = topics[i].Name
	}
	d.names = names
	return true
}

// countCell shows a problem count, highlighted when there is a problem.
func countCell(n int, h table.Hint) table.Cell {
	if n == 0 {
		return table.Cell{Text: "0"}
	}
	return table.Cell{Text: numfmt.Group(n), Hint: h}
}

// sort orders the topics by the sort column; ties go by name, so the
// order is stable from one refresh to the next. It sorts indexes, not the
// entries themselves, which are large.
func (d *data) sort() {
	if cap(d.order) >= len(d.all) {
		d.order = d.order[:len(d.all)]
	} else {
		d.order = make([]int32, len(d.all))
	}
	for i := range d.order {
		d.order[i] = int32(i)
	}
	col, desc := d.sortCol, d.sortDesc
	all := d.all
	slices.SortFunc(d.order, func(i, j int32) int {
		a, b := &all[i], &all[j]
		var c int
		switch col {
		case colPartitions:
			c = cmp.Compare(a.t.Partitions, b.t.Partitions)
		case colRF:
			c = cmp.Compare(a.t.ReplicationFactor, b.t.ReplicationFactor)
		case colMessages:
			c = cmp.Compare(a.t.Messages, b.t.Messages)
		case colUnderReplicated:
			c = cmp.Compare(a.t.UnderReplicated, b.t.UnderReplicated)
		case colOffline:
			c = cmp.Compare(a.t.Offline, b.t.Offline)
		}
		return table.Order(c, desc, col == colName, &a.lower, &b.lower, &a.t.Name, &b.t.Name)
	})
}

// refilter recomputes the rows on screen from all, the internal toggle and
// the lowercased query. Only indexes and prepared rows are copied; the
// buffers are reused from one keystroke to the next.
func (d *data) refilter(query string) {
	shown, rows := d.shown[:0], d.rows[:0]
	for _, i := range d.order {
		e := &d.all[i]
		if e.t.Internal && !d.showInternal {
			continue
		}
		if query != "" && !strings.Contains(e.lower, query) {
			continue
		}
		shown = append(shown, int(i))
		rows = append(rows, e.row)
	}
	d.shown, d.rows = shown, rows
}

// eligible is how many topics the internal toggle lets through.
func (d *data) eligible() int {
	if d.showInternal {
		return len(d.all)
	}
	return len(d.all) - d.internal
}

// indexOf is the row showing topic name, -1 if none does.
func (d *data) indexOf(name string) int {
	for i, a := range d.shown {
		if d.all[a].t.Name == name {
			return i
		}
	}
	return -1
}

// existing maps every topic's collision key to its name, for the create
// form: Kafka refuses a name that differs from an existing one only by '.'
// versus '_', since both become '_' in metric names.
func (d *data) existing() map[string]string {
	out := make(map[string]string, len(d.all))
	for i := range d.all {
		n := d.all[i].t.Name
		out[collisionKey(n)] = n
	}
	return out
}

func collisionKey(name string) string { return strings.ReplaceAll(name, ".", "_") }
