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
// copies of what it needs (context, backend, names), never the model; the
// pane's base tags the result with the pane and generation that asked.

func listTopics(ctx context.Context, b kafkaops.TopicLister) tea.Cmd {
	return func() tea.Msg {
		topics, err := b.ListTopics(ctx)
		return listedMsg{topics: topics, err: err}
	}
}

// offsetNotes asks which topics hold fewer records than offsets.
func offsetNotes(ctx context.Context, n kafkaops.TopicNoter, names []string) tea.Cmd {
	names = append([]string(nil), names...)
	return func() tea.Msg {
		notes, err := n.TopicOffsetNotes(ctx, names)
		return notedMsg{notes: notes, err: err}
	}
}

func createTopic(ctx context.Context, b kafkaops.TopicAdmin, spec kafkaops.TopicSpec) tea.Cmd {
	return func() tea.Msg {
		return createdMsg{name: spec.Name, err: b.CreateTopic(ctx, spec)}
	}
}

func deleteTopic(ctx context.Context, b kafkaops.TopicAdmin, name string) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{name: name, err: b.DeleteTopic(ctx, name)}
	}
}

// refreshEvery is the refresh period. A zero period would reload in a
// loop; it means the default instead.
func refreshEvery(d time.Duration) time.Duration {
	if d <= 0 {
		return defaultRefresh
	}
	return d
}

// status shows text in the status line. Errors can quote what a broker
// sent, so the text goes through safe like everything else from Kafka.
func status(kind common.StatusKind, text string) tea.Cmd {
	return common.Status(kind, safe.String(text))
}

func topicNames(names []string) tea.Cmd {
	return func() tea.Msg { return common.TopicNamesMsg{Names: names} }
}
