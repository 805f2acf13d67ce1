package groups

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/sparkline"
	"github.com/kafkatui/kafkatui/ui/components/table"
	"github.com/kafkatui/kafkatui/ui/components/verdict"
)

// column indexes the table's columns and the sort keys.
type column int

const (
	colGroup column = iota
	colState
	colMembers
	colTopics
	colLag
	colHealth
	colTrend
	numColumns
)

// trendWidth is the width of the lag sparkline.
const trendWidth = 10

// Fitted columns: fitAll is as wide as the widest cell; a positive fit
// below it is as wide as the widest cell up to that width.
const (
	fitNone = 0
	fitAll  = math.MaxInt
)

// columnSpecs describe each column, its natural sort order (names A to Z,
// numbers and severity largest first: what one sorts by to find the
// groups in trouble) and how it is fitted. Topics and trend do not sort.
//
// The columns give way by importance, not left to right: the trend is
// left out first, then the names are cut, the widest first; the numbers
// and the health stay whole longest. The name columns are as wide as
// their widest cell, so that 80 columns show "clickstream" and
// "PreparingRebalance" whole rather than a fixed width beside a trend. The
// state is fitted up to Kafka's longest ("CompletingRebalance"): a longer
// one is a broker's oddity and is cut rather than take the group ids' room.
var columnSpecs = [numColumns]struct {
	table.Column
	desc, sorts bool
	fit         int
}{
	colGroup:   {table.Column{Title: "GROUP", Width: 5, Grow: 2}, false, true, fitAll},
	colState:   {table.Column{Title: "STATE", Width: len("Stable")}, false, true, len("CompletingRebalance")},
	colMembers: {table.Column{Title: "MEMBERS", Width: 7, Keep: true, Align: table.AlignRight}, true, true, fitAll},
	colTopics:  {table.Column{Title: "TOPICS", Width: 6, Grow: 1}, false, false, fitAll},
	colLag:     {table.Column{Title: "LAG", Width: 8, Keep: true, Align: table.AlignRight}, true, true, fitAll},
	colHealth:  {table.Column{Title: "HEALTH", Width: len("EXPIRED"), Keep: true}, true, true, fitNone},
	colTrend:   {table.Column{Title: "TREND", Width: trendWidth, Keep: true, Drop: 1}, false, false, fitNone},
}

// entry is one group with everything View and the filter need, prepared
// when the data arrives.
type entry struct {
	sum     kafkaops.GroupSummary
	lag     kafkaops.GroupLag
	lagOK   bool // lag was read (no error)
	verdict health.Verdict
	worst   string // the worst partition, "topic/3", when it matters
	name    string // safe to print
	lower   string
	row     table.Row
}

// data is the group list and its derived views; it changes in Update only.
type data struct {
	all      []entry
	shown    []int // indexes into all, in sort order, filtered
	rows     []table.Row
	sortCol  column
	sortDesc bool
	// fitW is the widest cell of each fitted column over every group
	// (up to its spec's fit),
	// filtered out or not, so that the columns hold still while a filter
	// is typed; it changes with a refresh only.
	fitW  [numColumns]int
	total int64
	// expired is how much of total was removed before its group read it.
	expired int64
}

func newData() data {
	return data{sortCol: colGroup}
}

// columns are the table columns, the sort column's title marked.
func (d *data) columns() []table.Column {
	cols := make([]table.Column, numColumns)
	for i, c := range columnSpecs {
		cols[i] = c.Column
		cols[i].Width = max(c.Width, d.fitW[i])
	}
	return table.SortMarked(cols, int(d.sortCol), d.sortDesc)
}

// set takes a refresh in: each group's history (the session's, in c for
// c's cluster) gets the new sample, unless a group view took one in the
// last half period, and every row is built, once. Groups gone from the
// list lose their history.
func (d *data) set(c *common.Common, groups []kafkaops.GroupSummary, lags map[string]kafkaops.GroupLag) {
	now := c.Now()
	all := make([]entry, len(groups))
	seen := make(map[string]bool, len(groups))
	d.total, d.expired = 0, 0
	for i, g := range groups {
		seen[g.ID] = true
		e := entry{sum: g, name: safe.Name(g.ID)}
		e.lower = strings.ToLower(e.name)
		h := c.Groups.Of(c.Cluster, g.ID)
		if l, ok := lags[g.ID]; ok && l.Err == nil {
			e.lag, e.lagOK = l, true
			h.ObserveAt(now, c.Refresh/2, l.Offsets, g.Members > 0)
			d.total += l.TotalLag
			d.expired += l.TotalExpired
		} else if ok {
			e.lag = l
		}
		v, tp, found := h.Group()
		e.verdict = v
		if found && v.Status != health.OK && v.Status != health.Unknown {
			e.worst = safe.Name(fmt.Sprintf("%s/%d", tp.Topic, tp.Partition))
		}
		e.row = newRow(e, h)
		all[i] = e
	}
	c.Groups.Retain(c.Cluster, func(id string) bool { return seen[id] })
	d.all = all
	d.fitW = [numColumns]int{}
	for i := range all {
		for col, spec := range columnSpecs {
			if spec.fit != fitNone {
				// As the table shows it: escaped (a broker's state
				// is raw here), so an escape sequence is measured
				// as the cells it takes, not as the nothing it is.
				w := ansi.StringWidth(safe.String(all[i].row.Cells[col].Text))
				d.fitW[col] = max(d.fitW[col], min(w, spec.fit))
			}
		}
	}
}

func newRow(e entry, h *common.GroupHistory) table.Row {
	g := e.sum
	state := table.Cell{Text: g.State}
	switch g.State {
	case "":
		state = table.Cell{Text: "-", Hint: table.HintMuted}
	case "Stable":
	case "Empty":
		state.Hint = table.HintMuted
	case "Dead":
		state.Hint = table.HintError
	default: // rebalancing
		state.Hint = table.HintWarning
	}
	topics := table.Cell{Text: "-", Hint: table.HintMuted}
	lag := table.Cell{Text: "-", Hint: table.HintMuted}
	trend := table.Cell{}
	switch {
	case e.lag.Err != nil:
		lag = table.Cell{Text: "?", Hint: table.HintError}
	case e.lagOK && len(e.lag.Offsets) > 0:
		topics = table.Cell{Text: safe.Name(strings.Join(e.lag.Topics, ","))}
		lag = table.Cell{Text: health.Count(e.lag.TotalLag)}
		trend = table.Cell{Text: sparkline.Render(h.Totals(), trendWidth), Hint: table.HintAccent}
	}
	return table.Row{Cells: []table.Cell{
		{Text: e.name},
		state,
		{Text: numfmt.Group(g.Members)},
		topics,
		lag,
		{Text: e.verdict.Status.String(), Hint: verdict.Hint(e.verdict.Status)},
		trend,
	}}
}

// refilter recomputes the rows on screen in sort order for the query.
func (d *data) refilter(query string) {
	d.shown = d.shown[:0]
	for i := range d.all {
		if query == "" || strings.Contains(d.all[i].lower, query) {
			d.shown = append(d.shown, i)
		}
	}
	col, desc := d.sortCol, d.sortDesc
	all := d.all
	slices.SortFunc(d.shown, func(i, j int) int {
		a, b := &all[i], &all[j]
		var c int
		switch col {
		case colState:
			c = cmp.Compare(a.sum.State, b.sum.State)
		case colMembers:
			c = cmp.Compare(a.sum.Members, b.sum.Members)
		case colLag:
			c = cmp.Compare(a.lag.TotalLag, b.lag.TotalLag)
		case colHealth:
			c = cmp.Compare(a.verdict.Status, b.verdict.Status)
		}
		return table.Order(c, desc, col == colGroup, &a.lower, &b.lower, &a.sum.ID, &b.sum.ID)
	})
	d.rows = d.rows[:0]
	for _, i := range d.shown {
		d.rows = append(d.rows, d.all[i].row)
	}
}

// nextSort moves to the next sortable column.
func (d *data) nextSort() {
	for {
		d.sortCol = (d.sortCol + 1) % numColumns
		if columnSpecs[d.sortCol].sorts {
			break
		}
	}
	d.sortDesc = columnSpecs[d.sortCol].desc
}

// indexOf is the row showing group id, -1 if none does.
func (d *data) indexOf(id string) int {
	for i, a := range d.shown {
		if d.all[a].sum.ID == id {
			return i
		}
	}
	return -1
}
