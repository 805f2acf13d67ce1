package partitions

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/filter"
)

// Update handles keys, mouse and the pane's own async results.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case describedMsg:
		if msg.origin == m.origin {
			return m, m.described(msg)
		}
	case configsMsg:
		if msg.origin == m.origin {
			return m, m.configsLoaded(msg)
		}
	case tickMsg:
		if msg.origin == m.origin && msg.gen == m.gen && m.ctx.Err() == nil {
			return m, m.load()
		}
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.table().Update(msg)
	}
	return m, nil
}

// load starts both loads of a new generation; answers to older ones are
// dropped when they arrive.
func (m *Model) load() tea.Cmd {
	m.gen++
	m.pending = 2
	var spin tea.Cmd
	if m.inflight == 0 {
		spin = busy(m.owner, true)
	}
	m.inflight += 2
	return tea.Batch(spin,
		describe(m.ctx, m.b, m.topic, m.origin, m.gen),
		configs(m.ctx, m.b, m.topic, m.origin, m.gen))
}

// finished counts an answer in. It returns the spinner off after the last
// request in flight, and the next refresh once generation gen is complete.
func (m *Model) finished(gen int) tea.Cmd {
	m.inflight = max(m.inflight-1, 0)
	var cmds []tea.Cmd
	if m.inflight == 0 {
		cmds = append(cmds, busy(m.owner, false))
	}
	if gen == m.gen {
		m.pending--
		if m.pending == 0 {
			cmds = append(cmds, tick(m.c.Refresh, m.origin, m.gen))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) described(msg describedMsg) tea.Cmd {
	done := m.finished(msg.gen)
	if msg.gen != m.gen {
		return done
	}
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
	done := m.finished(msg.gen)
	if msg.gen != m.gen {
		return done
	}
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

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	if m.filter.Focused() {
		res, cmd := m.filter.Update(k)
		if res == filter.Typed || res == filter.Cleared {
			m.refilter()
		}
		return cmd
	}
	if m.table().Update(k) {
		return nil
	}
	switch {
	case key.Matches(k, m.keys.toggle):
		// A filter typed for one table means nothing to the other.
		if m.filter.Active() {
			m.filter.Clear()
			m.refilter()
		}
		if m.tab == tabPartitions {
			m.tab = tabConfigs
		} else {
			m.tab = tabPartitions
		}
	case key.Matches(k, m.keys.filter):
		m.filter.Focus()
	case key.Matches(k, m.keys.back):
		if m.filter.Active() {
			m.filter.Clear()
			m.refilter()
			return nil
		}
		return back
	case key.Matches(k, m.keys.reload):
		return m.load()
	case key.Matches(k, m.keys.produceAny):
		// The root refuses in read-only mode, where p is hidden.
		return common.Push(common.OpenProduce{Topic: m.topic})
	case key.Matches(k, m.keys.tail):
		return common.Push(common.OpenTail{Topic: m.topic})
	}
	return nil
}
