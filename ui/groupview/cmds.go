package groupview

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

// refreshEvery is the refresh period: a zero period would reload in a
// loop, so it means the default instead.
func refreshEvery(d time.Duration) time.Duration {
	if d <= 0 {
		return defaultRefresh
	}
	return d
}

// Every Kafka call of the pane is here, in a Cmd. Each closure captures
// copies of what it needs (context, backend, ids), never the model.

// load describes the group, then reads the lag in time of its lagging
// partitions: one small fetch each, except where the committed offset has
// not moved since the last refresh (known holds what was read then, by
// partition): the first record not yet consumed is the same record.
func load(ctx context.Context, b Backend, group string, known map[kafkaops.TopicPartition]recordTime) tea.Cmd {
	return func() tea.Msg {
		d, err := b.DescribeGroup(ctx, group)
		if err != nil {
			return loadedMsg{err: err}
		}
		times := make(map[kafkaops.TopicPartition]recordTime)
		var ask []kafkaops.PartitionLag
		for _, o := range d.Offsets {
			if !o.HasCommit || o.Lag <= 0 || o.Error != "" {
				continue
			}
			tp := kafkaops.TopicPartition{Topic: o.Topic, Partition: o.Partition}
			if k, ok := known[tp]; ok && k.offset == o.Committed {
				times[tp] = k
				continue
			}
			ask = append(ask, o)
		}
		got, terr := b.LagTimes(ctx, ask)
		for _, o := range ask {
			tp := kafkaops.TopicPartition{Topic: o.Topic, Partition: o.Partition}
			if ts, ok := got[tp]; ok {
				times[tp] = recordTime{offset: o.Committed, at: ts}
			}
		}
		return loadedMsg{detail: d, times: times, timesErr: terr}
	}
}

func plan(ctx context.Context, b kafkaops.GroupOffsetAdmin, req kafkaops.ResetRequest) tea.Cmd {
	return func() tea.Msg {
		p, err := b.PlanOffsetReset(ctx, req)
		return plannedMsg{plan: p, err: err}
	}
}

func execute(ctx context.Context, b kafkaops.GroupOffsetAdmin, p kafkaops.ResetPlan) tea.Cmd {
	return func() tea.Msg {
		return resetMsg{plan: p, err: b.ResetOffsets(ctx, p)}
	}
}

func deleteGroup(ctx context.Context, b kafkaops.GroupAdmin, group string) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{err: b.DeleteGroup(ctx, group)}
	}
}

func deleteOffsets(ctx context.Context, b kafkaops.GroupOffsetAdmin, group, topic string) tea.Cmd {
	return func() tea.Msg {
		return deletedMsg{topic: topic, err: b.DeleteGroupOffsets(ctx, group, topic)}
	}
}

// status shows text in the status line. Errors can quote what a broker
// sent, so the text goes through safe like everything else from Kafka.
func status(kind common.StatusKind, text string) tea.Cmd {
	return common.Status(kind, safe.String(text))
}
