package partitions

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// list is a table's rows, prepared when data arrives, and the subset the
// filter lets through.
type list struct {
	rows  []table.Row
	ids   []string // identity of each row, to keep the cursor across refreshes
	lower []string // what the filter matches, lowercased
	shown []int    // indexes into rows of the rows on screen
	view  []table.Row
}

func (l *list) refilter(query string) {
	shown, view := l.shown[:0], l.view[:0]
	for i, r := range l.rows {
		if query != "" && !strings.Contains(l.lower[i], query) {
			continue
		}
		shown = append(shown, i)
		view = append(view, r)
	}
	l.shown, l.view = shown, view
}

// idAt is the identity of shown row i, "" if none.
func (l *list) idAt(i int) string {
	if i < 0 || i >= len(l.shown) {
		return ""
	}
	return l.ids[l.shown[i]]
}

func (l *list) indexOf(id string) int {
	for i, a := range l.shown {
		if l.ids[a] == id {
			return i
		}
	}
	return -1
}

// summary is the partitions' totals for the summary line.
type summary struct {
	partitions      int
	messages        int64
	underReplicated int
	offline         int
	errors          int
}

// partData is the partitions tab's data.
type partData struct {
	list
	loaded   bool
	err      error
	internal bool
	withErr  bool // some partition has an error: show the ERROR column
	sum      summary
}

// Partition table columns.
const (
	pcID = iota
	pcLeader
	pcReplicas
	pcISR
	pcLow
	pcHigh
	pcMessages
	pcError
)

// partColumns are the partition table's columns. When they do not fit,
// they give way by what an operator needs least: PARTITION takes a short
// title, then LOW and then HIGH are left out (OFFSETS, HIGH-LOW, stays),
// then the error text is cut (the bottom line has the selected one in
// full); the leader, replica and ISR lists keep their room, as a cut list
// of brokers misleads.
func partColumns(withErr bool) []table.Column {
	cols := []table.Column{
		pcID:       {Title: "PARTITION", Short: "PART", Width: 4, Align: table.AlignRight, Fit: true, Keep: true},
		pcLeader:   {Title: "LEADER", Width: 6, Align: table.AlignRight, Fit: true, Keep: true},
		pcReplicas: {Title: "REPLICAS", Width: 8, Grow: 1, Fit: true, Keep: true},
		pcISR:      {Title: "ISR", Width: 8, Grow: 1, Fit: true, Keep: true},
		pcLow:      {Title: "LOW", Width: 6, Align: table.AlignRight, Fit: true, Keep: true, Drop: 2},
		pcHigh:     {Title: "HIGH", Width: 6, Align: table.AlignRight, Fit: true, Keep: true, Drop: 1},
		pcMessages: {Title: "OFFSETS", Width: 8, Align: table.AlignRight, Fit: true, Keep: true},
	}
	if withErr {
		// The error text needs the room more than the replica lists.
		cols[pcReplicas].Grow, cols[pcISR].Grow = 0, 0
		cols = append(cols, table.Column{Title: "ERROR", Width: 12, Grow: 1, Fit: true})
	}
	return cols
}

// set prepares the rows of d's partitions.
func (p *partData) set(d kafkaops.TopicDetail) {
	p.loaded, p.err, p.internal = true, nil, d.Internal
	p.sum = summary{partitions: len(d.Partitions)}
	p.withErr = false
	n := len(d.Partitions)
	p.rows = make([]table.Row, n)
	p.ids = make([]string, n)
	p.lower = make([]string, n)
	for i, pi := range d.Partitions {
		id := strconv.Itoa(int(pi.ID))
		p.ids[i], p.lower[i] = id, id
		cells := make([]table.Cell, pcError+1)
		cells[pcID] = table.Cell{Text: id}
		cells[pcLeader] = leaderCell(pi)
		cells[pcReplicas] = replicasCell(pi)
		cells[pcISR] = idsCell(pi.ISR)
		if pi.UnderReplicated() {
			cells[pcISR].Hint = table.HintWarning
			p.sum.underReplicated++
		}
		if len(pi.ISR) == 0 && len(pi.Replicas) > 0 {
			cells[pcISR] = table.Cell{Text: "none", Hint: table.HintError}
		}
		if pi.Offline() {
			p.sum.offline++
		}
		if pi.LowWatermark >= 0 && pi.HighWatermark >= 0 {
			cells[pcLow] = table.Cell{Text: numfmt.Group(pi.LowWatermark)}
			cells[pcHigh] = table.Cell{Text: numfmt.Group(pi.HighWatermark)}
			cells[pcMessages] = table.Cell{Text: numfmt.Group(pi.Messages())}
			p.sum.messages += pi.Messages()
		} else {
			unknown := table.Cell{Text: "?", Hint: table.HintMuted}
			cells[pcLow], cells[pcHigh], cells[pcMessages] = unknown, unknown, unknown
		}
		if pi.Error != "" {
			cells[pcError] = table.Cell{Text: safe.String(pi.Error), Hint: table.HintError}
			p.withErr = true
			p.sum.errors++
		}
		p.rows[i] = table.Row{Cells: cells}
	}
}

func leaderCell(p kafkaops.PartitionInfo) table.Cell {
	if p.Offline() {
		return table.Cell{Text: "none", Hint: table.HintError}
	}
	return table.Cell{Text: strconv.Itoa(int(p.Leader))}
}

// replicasCell lists the replicas, those out of the ISR highlighted (as an
// error when the broker reports the replica offline).
func replicasCell(p kafkaops.PartitionInfo) table.Cell {
	if !p.UnderReplicated() && len(p.OfflineReplicas) == 0 {
		return idsCell(p.Replicas)
	}
	spans := make([]table.Span, 0, 2*len(p.Replicas))
	for i, r := range p.Replicas {
		if i > 0 {
			spans = append(spans, table.Span{Text: ","})
		}
		sp := table.Span{Text: strconv.Itoa(int(r))}
		switch {
		case slices.Contains(p.OfflineReplicas, r):
			sp.Hint = table.HintError
		case !slices.Contains(p.ISR, r):
			sp.Hint = table.HintWarning
		}
		spans = append(spans, sp)
	}
	return table.Cell{Spans: spans}
}

func idsCell(ids []int32) table.Cell {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(id)))
	}
	return table.Cell{Text: b.String()}
}

// cfgData is the configs tab's data.
type cfgData struct {
	list
	loaded     bool
	err        error
	errShown   string // the last error sent to the status line
	nonDefault int
}

// Config table columns.
var cfgColumns = []table.Column{
	{Title: "NAME", Width: 24, Grow: 2},
	{Title: "VALUE", Width: 16, Grow: 3},
	{Title: "SOURCE", Width: 6, Fit: true},
}

// masked stands for a sensitive value, which Kafka never returns.
const masked = "••••••"

// set prepares the config rows: values set somewhere (non-default) first,
// then Kafka's defaults, muted; each group by name.
func (k *cfgData) set(entries []kafkaops.ConfigEntry) {
	k.loaded, k.err = true, nil
	es := slices.Clone(entries)
	slices.SortStableFunc(es, func(a, b kafkaops.ConfigEntry) int {
		if a.Default != b.Default {
			if b.Default {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	n := len(es)
	k.rows = make([]table.Row, n)
	k.ids = make([]string, n)
	k.lower = make([]string, n)
	k.nonDefault = 0
	for i, e := range es {
		name := safe.String(e.Name)
		value := table.Cell{Text: safe.String(e.Value)}
		if e.Sensitive {
			value = table.Cell{Text: masked, Hint: table.HintMuted}
		}
		k.ids[i] = e.Name
		k.lower[i] = strings.ToLower(name + " " + value.Text)
		r := table.Row{Cells: []table.Cell{{Text: name}, value, {Text: sourceName(e.Source)}}}
		if e.Default {
			r.Hint = table.HintMuted
		} else {
			k.nonDefault++
		}
		k.rows[i] = r
	}
}

// sourceNames shortens Kafka's config source names for a narrow column.
var sourceNames = map[string]string{
	"DYNAMIC_TOPIC_CONFIG":          "topic",
	"DYNAMIC_BROKER_CONFIG":         "broker",
	"DYNAMIC_DEFAULT_BROKER_CONFIG": "cluster",
	"STATIC_BROKER_CONFIG":          "broker file",
	"DEFAULT_CONFIG":                "default",
	"DYNAMIC_BROKER_LOGGER_CONFIG":  "logger",
}

func sourceName(s string) string {
	if n, ok := sourceNames[s]; ok {
		return n
	}
	return safe.String(strings.ToLower(strings.ReplaceAll(s, "_", " ")))
}
