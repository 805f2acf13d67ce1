package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/brokers"
	"github.com/kafkatui/kafkatui/ui/clusters"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/groups"
	"github.com/kafkatui/kafkatui/ui/groupview"
	"github.com/kafkatui/kafkatui/ui/inspector"
	"github.com/kafkatui/kafkatui/ui/messages"
	"github.com/kafkatui/kafkatui/ui/partitions"
	"github.com/kafkatui/kafkatui/ui/produce"
	"github.com/kafkatui/kafkatui/ui/tail"
	"github.com/kafkatui/kafkatui/ui/topics"
)

// readOnlyProduce is the one refusal of every way to the produce form in
// read-only mode (p, r, `:produce`).
const readOnlyProduce = "read-only mode: producing is disabled"

// open serves an intent: the one place panes are built, for keys and `:`
// commands alike. Read-only mode refuses here what would write.
func (m *Model) open(msg common.OpenMsg) tea.Cmd {
	if _, ok := msg.To.(common.OpenTopics); ok {
		m.truncate(1) // the home pane, as the user left it
		return nil
	}
	p, refusal := m.build(msg.To)
	if refusal != "" {
		return statusCmd(common.StatusWarning, refusal)
	}
	if p == nil {
		return nil
	}
	if msg.Switch {
		m.truncate(1)
	}
	return m.push(p)
}

// build makes the pane an intent names, or says why it may not open.
func (m *Model) build(to common.Intent) (common.Pane, string) {
	c, be := m.common, m.be
	switch to := to.(type) {
	case common.OpenTopic:
		return partitions.New(c, be, to.Topic), ""
	case common.OpenTail:
		return tail.New(c, be, to.Topic), ""
	case common.OpenProduce:
		if c.ReadOnly {
			return nil, readOnlyProduce
		}
		if to.From != nil {
			return produce.NewFromRecord(c, be, *to.From), ""
		}
		return produce.New(c, be, to.Topic), ""
	case common.OpenInspector:
		p := inspector.New(c, to.Record, to.Nav).WithNote(to.Note)
		return p.WithReproduce(func(rec kafkaops.Record) tea.Cmd {
			return common.Push(common.OpenProduce{Topic: rec.Topic, From: &rec})
		}), ""
	case common.OpenGroups:
		return groups.New(c, be), ""
	case common.OpenGroup:
		return groupview.New(c, be, to.ID), ""
	case common.OpenBrokers:
		return brokers.New(c, be), ""
	case common.OpenMessages:
		return messages.New(c, m.status.Log()), ""
	case common.OpenClusters:
		if len(m.clusters) == 0 {
			return nil, noClusters
		}
		return clusters.New(c, clusterEntries(m.clusters), m.cluster), ""
	}
	return nil, ""
}

// defaultHome builds the home pane: the topics list.
func defaultHome(b Backend) func(*common.Common) common.Pane {
	return func(c *common.Common) common.Pane { return topics.New(c, b) }
}
