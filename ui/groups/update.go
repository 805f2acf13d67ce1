package groups

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/health"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/fit"
	"github.com/kafkatui/kafkatui/ui/components/sparkline"
	"github.com/kafkatui/kafkatui/ui/components/table"
	"github.com/kafkatui/kafkatui/ui/components/verdict"
)

// Update handles keys, mouse and this pane's own results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if own, ok := m.Own(msg); ok {
		switch own := own.(type) {
		case loadedMsg:
			return m, m.receive(own)
		case common.TickMsg:
			if m.Ctx().Err() == nil {
				return m, m.reload()
			}
		}
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.table.Update(msg)
		m.buildDetail()
	}
	return m, nil
}

// reload starts a new load generation; results of older ones are dropped.
func (m *Model) reload() tea.Cmd {
	m.NextGen()
	return m.Request(load(m.Ctx(), m.b))
}

// receive takes a refresh in and schedules the next one. A failed
// refresh keeps the last list on screen; its error is reported once, not
// on every retry.
func (m *Model) receive(msg loadedMsg) tea.Cmd {
	cmds := []tea.Cmd{m.Tick(refreshEvery(m.c.Refresh))}
	if msg.err != nil {
		m.c.Log.Printf("groups: %v", msg.err)
		if text := msg.err.Error(); text != m.lastErr {
			m.lastErr = text
			kind := common.StatusError
			if msg.groups != nil {
				kind = common.StatusWarning
			}
			cmds = append(cmds, status(kind, text))
		}
	} else {
		m.lastErr = ""
	}
	m.partial = ""
	var pe *kafkaops.PartialError
	if errors.As(msg.err, &pe) {
		m.partial = table.Counted(len(pe.Failures), "broker") + " did not answer"
	}
	if msg.groups == nil && msg.err != nil {
		m.loadErr = msg.err
		if !m.loaded {
			m.table.SetEmpty("could not list groups: " + safe.String(msg.err.Error()))
		}
		return tea.Batch(cmds...)
	}
	keep := m.selectedID()
	m.loaded, m.loadErr, m.updated = true, nil, m.c.Now()
	m.data.set(m.c, msg.groups, msg.lags)
	m.table.SetColumns(m.data.columns()) // the names' widths may have changed
	m.apply(keep)
	return tea.Batch(cmds...)
}

// apply shows the rows the filter lets through, sorted, and puts the
// cursor back on group keep when it is still shown.
func (m *Model) apply(keep string) {
	m.data.refilter(m.filter.Query())
	m.table.SetRows(m.data.rows)
	switch {
	case m.filter.Active():
		m.table.SetEmpty("no groups match /" + safe.String(m.filter.Value()))
	case m.loaded:
		m.table.SetEmpty("no consumer groups")
	}
	if i := m.data.indexOf(keep); keep != "" && i >= 0 {
		m.table.SetCursor(i)
	}
	m.buildDetail()
}

// resort sorts by the new key and keeps the cursor on the same group.
func (m *Model) resort() {
	keep := m.selectedID()
	m.table.SetColumns(m.data.columns())
	m.apply(keep)
}

// selected is the group under the cursor, nil if none.
func (m *Model) selected() *entry {
	i := m.table.Cursor()
	if i < 0 || i >= len(m.data.shown) {
		return nil
	}
	return &m.data.all[m.data.shown[i]]
}

func (m *Model) selectedID() string {
	if e := m.selected(); e != nil {
		return e.sum.ID
	}
	return ""
}

// buildDetail is the lines under the table: the selected group's health
// and why. The reason wraps under itself onto a second line rather than
// losing its end at 80 columns; the table gives up the row it takes.
func (m *Model) buildDetail() {
	e := m.selected()
	if e == nil {
		m.detail = nil
		m.sizeTable()
		return
	}
	st := m.c.Styles
	reason := e.verdict.Reason
	if e.worst != "" {
		reason = e.worst + ": " + reason
	}
	if e.lag.Err != nil {
		reason = e.lag.Err.Error()
	}
	// Each row's sparkline is on its own scale; the selected row says it
	// (before the reason, which the width cuts first).
	span := ""
	if e.lagOK && len(e.lag.Offsets) > 0 {
		if s := sparkline.Label(m.c.Groups.Of(m.c.Cluster, e.sum.ID).Totals(), trendWidth, health.Count); s != "" {
			span = st.Muted.Render("trend "+s) + "  "
		}
	}
	label := " " + e.name + "  " + verdict.Style(st, e.verdict.Status).Render(e.verdict.Status.String()) + "  " + span
	m.detail = fit.Hang(label, safe.String(reason), st.Muted, m.width, maxDetailLines)
	if e.verdict.Status == health.Unknown && e.lag.Err == nil && len(e.lag.Offsets) == 0 {
		m.detail = []string{" " + e.name + "  " + st.Muted.Render("no committed offsets")}
	}
	m.sizeTable()
}
