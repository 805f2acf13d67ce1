package partitions

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Update handles keys, mouse and the pane's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if own, ok := m.Own(msg); ok {
		switch own := own.(type) {
		case describedMsg:
			return m, m.described(own)
		case configsMsg:
			return m, m.configsLoaded(own)
		case common.TickMsg:
			// A closed pane's last tick may still arrive: it stays quiet.
			if m.Ctx().Err() == nil {
				return m, m.load()
			}
		}
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.table().Update(msg)
	}
	return m, nil
}

// load starts both loads of a new generation; answers to older ones are
// dropped when they arrive. Each has its spinner, so the first answer does
// not stop the other's.
func (m *Model) load() tea.Cmd {
	m.NextGen()
	m.pending = 2
	ctx := m.Ctx()
	configsOwner := fmt.Sprintf("partitions#%d.%d.configs", m.Origin(), m.Gen())
	return tea.Batch(
		m.Request(describe(ctx, m.b, m.topic)),
		common.WithBusy(configsOwner, m.Wrap(configs(ctx, m.b, m.topic))))
}

// answered counts an answer of the current generation in; once both are
// in, it schedules the next refresh.
func (m *Model) answered() tea.Cmd {
	if m.pending--; m.pending == 0 {
		return m.Tick(refreshEvery(m.c.Refresh))
	}
	return nil
}

func (m *Model) described(msg describedMsg) tea.Cmd {
	done := m.answered()
	if msg.err != nil {
		m.p.err = msg.err
		if errors.Is(msg.err, kafkaops.ErrTopicNotFound) && m.p.loaded {
			// Deleted while on screen: its old partitions would mislead.
			m.p.set(kafkaops.TopicDetail{Name: m.topic})
			m.p.err = msg.err
			m.applyParts("")
			m.parts.SetEmpty("this topic no longer exists")
		}
		return tea.Batch(done, status(common.StatusError, msg.err.Error()))
	}
	keep := m.p.idAt(m.parts.Cursor())
	withErr := m.p.withErr
	m.p.set(msg.detail)
	if withErr != m.p.withErr {
		m.parts.SetColumns(partColumns(m.p.withErr))
	}
	m.updated = m.c.Now()
	m.parts.SetEmpty("no partitions")
	m.applyParts(keep)
	return done
}

func (m *Model) configsLoaded(msg configsMsg) tea.Cmd {
	done := m.answered()
	if msg.err != nil {
		m.k.err = msg.err
		// Configs can fail on their own (no DescribeConfigs permission)
		// every refresh: say so once, not every few seconds.
		if text := msg.err.Error(); text != m.k.errShown {
			m.k.errShown = text
			return tea.Batch(done, status(common.StatusError, text))
		}
		return done
	}
	m.k.errShown = ""
	keep := m.k.idAt(m.cfgs.Cursor())
	m.k.set(msg.entries)
	m.cfgs.SetEmpty("no configs")
	m.applyCfgs(keep)
	return done
}

// applyParts shows the partitions the filter lets through, the cursor on
// partition keep when it is still there.
func (m *Model) applyParts(keep string) {
	m.p.refilter(m.filter.Query())
	m.parts.SetRows(m.p.view)
	if i := m.p.indexOf(keep); keep != "" && i >= 0 {
		m.parts.SetCursor(i)
	}
}

func (m *Model) applyCfgs(keep string) {
	m.k.refilter(m.filter.Query())
	m.cfgs.SetRows(m.k.view)
	if i := m.k.indexOf(keep); keep != "" && i >= 0 {
		m.cfgs.SetCursor(i)
	}
}

// refilter applies the filter to the current tab.
func (m *Model) refilter() {
	if m.tab == tabConfigs {
		m.applyCfgs(m.k.idAt(m.cfgs.Cursor()))
	} else {
		m.applyParts(m.p.idAt(m.parts.Cursor()))
	}
}
