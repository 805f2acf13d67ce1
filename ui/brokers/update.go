package brokers

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// columns of the brokers table.
var columns = []table.Column{
	{Title: "ID", Width: 4, Align: table.AlignRight, Fit: true},
	{Title: "ADDRESS", Width: 20, Grow: 1, Fit: true},
	{Title: "RACK", Width: 8, Fit: true},
	{Title: "ROLE", Width: 10},
}

// Update handles keys, mouse and this pane's own results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if own, ok := m.Own(msg); ok {
		switch own := own.(type) {
		case loadedMsg:
			return m, m.receive(own)
		case common.TickMsg:
			return m, m.reload()
		}
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.table.Update(msg)
	}
	return m, nil
}

// reload starts a new load generation; results of older ones are dropped.
func (m *Model) reload() tea.Cmd {
	m.NextGen()
	return m.Request(load(m.Ctx(), m.d))
}

// receive takes a result in and schedules the next refresh. A failed
// refresh keeps the brokers last seen on screen; its error is reported
// once, not on every retry.
func (m *Model) receive(msg loadedMsg) tea.Cmd {
	cmds := []tea.Cmd{m.Tick(m.c.Refresh)}
	if msg.err != nil {
		m.c.Log.Printf("brokers: %v", msg.err)
		if !m.loaded {
			m.table.SetEmpty("could not load brokers: " + safe.String(msg.err.Error()))
		}
		if text := msg.err.Error(); text != m.lastErr {
			m.lastErr = text
			cmds = append(cmds, func() tea.Msg { return common.StatusMsg{Kind: common.StatusError, Text: text} })
		}
		m.buildSummary()
		return tea.Batch(cmds...)
	}
	m.lastErr = ""
	m.loaded = true
	m.info = msg.info
	m.table.SetEmpty("no brokers")
	m.buildRows()
	m.buildSummary()
	return tea.Batch(cmds...)
}

// buildRows makes the table rows from the data and the filter, keeping the
// cursor on the same broker.
func (m *Model) buildRows() {
	var selected string
	if r, ok := m.table.Selected(); ok {
		selected = r.Cells[0].Text
	}
	q := m.filter.Query()
	rows := make([]table.Row, 0, len(m.info.Brokers))
	cursor := 0
	for _, b := range m.info.Brokers {
		r := row(b, b.ID == m.info.ControllerID)
		if q != "" && !matches(r, q) {
			continue
		}
		if r.Cells[0].Text == selected {
			cursor = len(rows)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 && q != "" {
		m.table.SetEmpty("no broker matches the filter")
	}
	m.table.SetRows(rows)
	m.table.SetCursor(cursor)
}

func row(b kafkaops.Broker, controller bool) table.Row {
	rack := table.Cell{Text: "-", Hint: table.HintMuted}
	if b.Rack != "" {
		rack = table.Cell{Text: safe.String(b.Rack)}
	}
	role := table.Cell{}
	if controller {
		role = table.Cell{Text: "controller", Hint: table.HintAccent}
	}
	return table.Row{Cells: []table.Cell{
		{Text: strconv.Itoa(int(b.ID))},
		{Text: safe.String(hostPort(b))},
		rack,
		role,
	}}
}

// hostPort joins host and port, bracketing IPv6 literals.
func hostPort(b kafkaops.Broker) string {
	if strings.Contains(b.Host, ":") {
		return fmt.Sprintf("[%s]:%d", b.Host, b.Port)
	}
	return fmt.Sprintf("%s:%d", b.Host, b.Port)
}

// matches is the filter: a case-insensitive substring of any cell.
func matches(r table.Row, q string) bool {
	for _, c := range r.Cells {
		if strings.Contains(strings.ToLower(c.Text), q) {
			return true
		}
	}
	return false
}

// buildSummary is the line above the table: cluster id, controller and
// counts, and whether the last refresh failed.
func (m *Model) buildSummary() {
	if !m.loaded {
		m.summary = ""
		return
	}
	st := m.c.Styles
	id := m.info.ClusterID
	if id == "" {
		id = "-"
	}
	ctrl := "none"
	if m.info.ControllerID >= 0 {
		ctrl = strconv.Itoa(int(m.info.ControllerID))
	}
	s := fmt.Sprintf(" %s %s   %s %s   %s %d",
		st.Muted.Render("cluster"), safe.String(id),
		st.Muted.Render("controller"), ctrl,
		st.Muted.Render("brokers"), len(m.info.Brokers))
	if m.filter.Active() {
		s += fmt.Sprintf("   %s %d", st.Muted.Render("shown"), m.table.Len())
	}
	if m.lastErr != "" {
		s += "   " + st.Warning.Render("(refresh failed: showing last result)")
	}
	m.summary = s
}
