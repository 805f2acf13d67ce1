package partitions

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
// copies of what it needs (context, backend, topic), never the model; the
// pane's base tags the result with the pane and generation that asked.

func describe(ctx context.Context, b kafkaops.TopicDescriber, topic string) tea.Cmd {
	return func() tea.Msg {
		d, err := b.DescribeTopic(ctx, topic)
		return describedMsg{detail: d, err: err}
	}
}

func configs(ctx context.Context, b kafkaops.TopicDescriber, topic string) tea.Cmd {
	return func() tea.Msg {
		e, err := b.TopicConfigs(ctx, topic)
		return configsMsg{entries: e, err: err}
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

func back() tea.Msg { return common.BackMsg{} }
