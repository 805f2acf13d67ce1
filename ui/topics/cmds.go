package topics

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// defaultRefresh is the refresh period when Common.Refresh is not set.
const defaultRefresh = 5 * time.Second

// Every Kafka call of the pane is here, in a Cmd. Each closure captures
// copies of what it needs (context, backend, ids), never the model.

func listTopics(ctx context.Context, b kafkaops.TopicLister, origin int64, gen int) tea.Cmd {
	return func() tea.Msg {
		topics, err := b.ListTopics(ctx)
		return listedMsg{origin: origin, gen: gen, topics: topics, err: err}
	}
}

// offsetNotes asks which topics hold fewer records than offsets.
func offsetNotes(ctx context.Context, n kafkaops.TopicNoter, origin int64, names []string) tea.Cmd {
	names = append([]string(nil), names...)
	return func() tea.Msg {
		notes, err := n.TopicOffsetNotes(ctx, names)
		return notedMsg{origin: origin, notes: notes, err: err}
	}
}

func createTopic(ctx context.Context, b kafkaops.TopicAdmin, origin int64, spec kafkaops.TopicSpec) tea.Cmd {
	return func() tea.Msg {
		return createdMsg{origin: origin, name: spec.Name, err: b.CreateTopic(ctx, spec)}
	}
}

func deleteTopic(ctx context.Context, b kafkaops.TopicAdmin, origin int64, name string) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{origin: origin, name: name, err: b.DeleteTopic(ctx, name)}
	}
}

// tick schedules the next refresh. A zero period would reload in a loop;
// it means the default instead.
func tick(d time.Duration, origin int64, gen int) tea.Cmd {
	if d <= 0 {
		d = defaultRefresh
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{origin: origin, gen: gen} })
}

func busy(owner string, on bool) tea.Cmd {
	return func() tea.Msg { return common.BusyMsg{Owner: owner, Busy: on} }
}

// status shows text in the status line. Errors can quote what a broker
// sent, so the text goes through safe like everything else from Kafka.
func status(kind common.StatusKind, text string) tea.Cmd {
	text = safe.String(text)
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}

func topicNames(names []string) tea.Cmd {
	return func() tea.Msg { return common.TopicNamesMsg{Names: names} }
}
