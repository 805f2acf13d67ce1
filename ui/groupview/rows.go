package groupview

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/sparkline"
	"github.com/kafkatui/kafkatui/ui/components/table"
	"github.com/kafkatui/kafkatui/ui/components/verdict"
)

// trendWidth is the width of a partition's lag sparkline.
const trendWidth = 6

// lagColumns are the lag table's columns. The columns give way by
// importance, not left to right: PARTITION (the CLI's title) becomes
// PART, the trend is left out (the header keeps the group's), then the
// names are cut, the widest first; the numbers and the status stay whole
// longest. PARTITION comes back when the trend's room allows it. The names are as wide as the
// widest, so that an 80-column screen shows "clickstream" and
// "analytics-1" whole rather than a fixed width with room to spare.
var lagColumns = []table.Column{
	{Title: "TOPIC", Width: 5, Grow: 2, Fit: true},
	{Title: "PARTITION", Short: "PART", Width: 4, Keep: true, Align: table.AlignRight},
	{Title: "COMMITTED", Width: 9, Keep: true, Fit: true, Align: table.AlignRight},
	{Title: "LOG-END", Width: 7, Keep: true, Fit: true, Align: table.AlignRight},
	{Title: "LAG", Width: 5, Keep: true, Fit: true, Align: table.AlignRight},
	{Title: "BEHIND", Width: 6, Keep: true, Align: table.AlignRight},
	{Title: "OWNER", Width: 5, Grow: 1, Fit: true},
	{Title: "STATUS", Width: 6, Keep: true},
	{Title: "TREND", Width: trendWidth, Keep: true, Drop: 1},
}

// expiredColumns are lagColumns with EXPIRED after LAG (the part of LAG
// removed before the group read it) and room for the EXPIRED status: the
// table of a group that lost records. Other groups keep the narrower table,
// whose topic and owner names an 80-column terminal can still show.
var expiredColumns = func() []table.Column {
	cols := append([]table.Column(nil), lagColumns[:lagColExpired]...)
	cols = append(cols, table.Column{Title: "EXPIRED", Width: 7, Keep: true, Fit: true, Align: table.AlignRight})
	cols = append(cols, lagColumns[lagColExpired:]...)
	cols[len(cols)-2].Width = len("EXPIRED") // STATUS
	return cols
}()

// lagColExpired is where the EXPIRED column goes: after LAG.
const lagColExpired = 5

// memberColumns are the members table's columns, each as wide as its
// widest cell: when they do not fit, the widest gives way first, which is
// the member id (a client id and a UUID, say) before the client id and
// host people recognise a consumer by.
var memberColumns = []table.Column{
	{Title: "MEMBER", Width: 6, Grow: 2, Fit: true},
	{Title: "CLIENT-ID", Width: 9, Grow: 1, Fit: true},
	{Title: "HOST", Width: 4, Grow: 1, Fit: true},
	{Title: "ASSIGNED", Width: 8, Grow: 2, Fit: true},
}

// ExpiredCell shows how many offsets a partition lost unread: "-" when
// none (or no commit), the count as an error otherwise.
func ExpiredCell(o kafkaops.PartitionLag) table.Cell {
	if !o.HasCommit || o.Expired <= 0 || o.Error != "" {
		return table.Cell{Text: "-", Hint: table.HintMuted}
	}
	return table.Cell{Text: health.Count(o.Expired), Hint: table.HintError}
}

// Behind formats a lag in time: how long ago the first record not yet
// consumed was written. Coarse on purpose: seconds matter for minutes,
// minutes for hours.
func Behind(d time.Duration) string {
	d = max(d, 0)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%02dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}

// idle reports whether a member has no partitions, which only the consumer
// protocol's decoded assignment can tell.
func idle(d kafkaops.GroupDetail, mem kafkaops.GroupMember) bool {
	return d.ProtocolType == "consumer" && mem.Error == "" && len(mem.Assigned) == 0
}

// behindCell is a partition's lag in time: "-" with nothing behind, "?"
// when the record's time could not be read.
func (m *Model) behindCell(o kafkaops.PartitionLag, now time.Time) table.Cell {
	if !o.HasCommit || o.Lag <= 0 || o.Error != "" {
		return table.Cell{Text: "-", Hint: table.HintMuted}
	}
	ts, ok := m.times[kafkaops.TopicPartition{Topic: o.Topic, Partition: o.Partition}]
	if !ok {
		return table.Cell{Text: "?", Hint: table.HintMuted}
	}
	return table.Cell{Text: Behind(now.Sub(ts.at))}
}

// buildRows makes both tables' rows from the data, once per refresh.
func (m *Model) buildRows() {
	d := m.detail
	now := m.c.Now()
	owners := make(map[string]string, len(d.Members))
	for _, mem := range d.Members {
		owners[mem.ID] = memberName(mem)
	}
	rows := make([]table.Row, 0, len(d.Offsets))
	m.topics = 0
	expired := d.TotalExpired > 0
	if expired != m.expiredCols {
		m.expiredCols = expired
		cols := lagColumns
		if expired {
			cols = expiredColumns
		}
		m.lag.SetColumns(cols)
	}
	for i, o := range d.Offsets {
		if i == 0 || o.Topic != d.Offsets[i-1].Topic {
			m.topics++ // Offsets are sorted by topic
		}
		tp := kafkaops.TopicPartition{Topic: o.Topic, Partition: o.Partition}
		committed, lag := table.Cell{Text: "none", Hint: table.HintMuted}, table.Cell{Text: "-", Hint: table.HintMuted}
		if o.HasCommit {
			committed, lag = table.Cell{Text: health.Count(o.Committed)}, table.Cell{Text: health.Count(o.Lag)}
		}
		end := table.Cell{Text: health.Count(o.LogEnd)}
		if o.LogEnd < 0 {
			end = table.Cell{Text: "?", Hint: table.HintMuted}
		}
		owner := table.Cell{Text: "-", Hint: table.HintMuted}
		if n, ok := owners[o.MemberID]; ok && o.MemberID != "" {
			owner = table.Cell{Text: n}
		}
		v := m.hist.Verdict(tp)
		st := table.Cell{Text: v.Status.String(), Hint: verdict.Hint(v.Status)}
		if o.Error != "" {
			st = table.Cell{Text: "ERROR", Hint: table.HintError}
		}
		cells := []table.Cell{
			{Text: safe.Name(o.Topic)},
			{Text: strconv.Itoa(int(o.Partition))},
			committed, end, lag,
			m.behindCell(o, now),
			owner, st,
			{Text: sparkline.Render(m.hist.Lags(tp), trendWidth), Hint: table.HintAccent},
		}
		if expired {
			cells = slices.Insert(cells, lagColExpired, ExpiredCell(o))
		}
		rows = append(rows, table.Row{Cells: cells})
	}
	m.lag.SetRows(rows)
	m.lag.SetEmpty("no committed offsets and no assigned partitions")

	mrows := make([]table.Row, 0, len(d.Members))
	for _, mem := range d.Members {
		// The CLI's formatter, so both say "orders[0-2,5]"; the names
		// are a broker's and may hide characters (safe.Name).
		parts := table.Cell{Text: safe.Name(kafkaops.FormatAssignment(mem.Assigned))}
		switch {
		case idle(d, mem):
			parts = table.Cell{Text: "idle: no partitions", Hint: table.HintWarning}
		case mem.Error != "":
			parts = table.Cell{Text: safe.String(mem.Error), Hint: table.HintError}
		case len(mem.Assigned) == 0:
			parts = table.Cell{Text: "-", Hint: table.HintMuted}
		}
		host := mem.Host
		if host == "" {
			host = "-"
		}
		mrows = append(mrows, table.Row{Cells: []table.Cell{
			{Text: safe.String(mem.ID)},
			{Text: safe.String(mem.ClientID)},
			{Text: safe.String(host)},
			parts,
		}})
	}
	m.members.SetRows(mrows)
	m.members.SetEmpty("no members: no consumer of this group is running")
}

// memberName is how a partition's owner is shown: its client id, which
// people recognise, else its member id.
func memberName(mem kafkaops.GroupMember) string {
	if mem.ClientID != "" {
		return safe.String(mem.ClientID)
	}
	return safe.String(mem.ID)
}

// buildHeader makes the lines above the table: state and members, total
// lag and the worst partition with the trend, and the group's health and
// why.
func (m *Model) buildHeader() {
	st := m.c.Styles
	w := m.width
	if !m.loaded {
		m.header = []string{" " + st.Muted.Render("loading group…"), "", ""}
		if m.loadErr != nil {
			m.header = append([]string{}, fit.Indent(fit.Wrap(safe.String(m.loadErr.Error()), w-2), " ", st.Error)...)
		}
		return
	}
	d := m.detail
	idles := 0
	for _, mem := range d.Members {
		if idle(d, mem) {
			idles++
		}
	}
	state := safe.String(d.State)
	if state == "" {
		state = "state unknown"
	}
	line1 := " " + st.Bold.Render(state) + st.Muted.Render(" · ") + table.Counted(len(d.Members), "member")
	if idles > 0 {
		line1 += " " + st.Warning.Render(fmt.Sprintf("(%d idle)", idles))
	}
	if d.Protocol != "" {
		line1 += st.Muted.Render(" · ") + safe.String(d.Protocol)
	}
	line1 += st.Muted.Render(fmt.Sprintf(" · coordinator %d", d.Coordinator))
	if d.ProtocolType == "share" {
		line1 += st.Muted.Render(" · ") + st.Accent.Render("share group") + st.Muted.Render(" (committed = start offset)")
	}
	if d.Note != "" {
		line1 += st.Muted.Render(" · ") + st.Warning.Render(safe.String(d.Note))
	}

	left := " " + st.Muted.Render("total lag ") + st.Bold.Render(health.Count(d.TotalLag))
	if d.TotalExpired > 0 {
		left += " " + st.Error.Render("("+health.Count(d.TotalExpired)+" expired unread)")
	}
	var worst *kafkaops.PartitionLag
	for i := range d.Offsets {
		if o := &d.Offsets[i]; o.HasCommit && o.Lag > 0 && (worst == nil || o.Lag > worst.Lag) {
			worst = o
		}
	}
	if worst != nil {
		left += st.Muted.Render(" · worst ") + safe.Name(fmt.Sprintf("%s/%d", worst.Topic, worst.Partition)) + " " + health.Count(worst.Lag)
		if c := m.behindCell(*worst, m.c.Now()); c.Text != "-" && c.Text != "?" {
			left += " (" + c.Text + " behind)"
		}
	}
	// The group's trend gets what the line can spare, up to 24 points,
	// and no padding while the session is young.
	totals := m.hist.Totals()
	n := min(len(totals), 24, max(w/8, 4))
	// Each sparkline has its own scale: say it, so a lag of 2 that
	// fills the chart is not read as a large one; the scale gives way
	// first when the line is short of room.
	right := st.Muted.Render("trend ") + st.Accent.Render(sparkline.Render(totals, n)) + " "
	if span := sparkline.Label(totals, n, health.Count); span != "" {
		if scaled := right + st.Muted.Render(span) + " "; lipgloss.Width(left)+lipgloss.Width(scaled)+1 <= w {
			right = scaled
		}
	}
	line2 := fit.Spread(left, right, w)

	v, tp, ok := m.hist.Group()
	reason := v.Reason
	if ok && v.Status != health.OK && v.Status != health.Unknown {
		reason = fmt.Sprintf("%s/%d: %s", tp.Topic, tp.Partition, reason)
	}
	// The reason is why the group is judged so: it wraps under itself
	// onto a second line rather than losing its end at 80 columns.
	label := " " + st.Muted.Render("health ") + verdict.Style(st, v.Status).Render(v.Status.String()) + "  "
	m.header = append([]string{fit.Box(line1, w, 1), line2}, fit.Hang(label, safe.String(reason), lipgloss.NewStyle(), w, maxHealthLines)...)
}
