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
// copies of what it needs (context, backend, topic, ids), never the model.

func describe(ctx context.Context, b kafkaops.TopicDescriber, topic string, origin int64, gen int) tea.Cmd {
	return func() tea.Msg {
		d, err := b.DescribeTopic(ctx, topic)
		return describedMsg{origin: origin, gen: gen, detail: d, err: err}
	}
}

func configs(ctx context.Context, b kafkaops.TopicDescriber, topic string, origin int64, gen int) tea.Cmd {
	return func() tea.Msg {
		e, err := b.TopicConfigs(ctx, topic)
		return configsMsg{origin: origin, gen: gen, entries: e, err: err}
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

func back() tea.Msg { return common.BackMsg{} }
