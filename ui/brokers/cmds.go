package brokers

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// loadTimeout bounds one load, so a stuck request cannot stop the refresh.
const loadTimeout = 30 * time.Second

// load describes the cluster. It captures copies, never the model.
func load(ctx context.Context, d kafkaops.ClusterDescriber, origin int64, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		info, err := d.DescribeCluster(ctx)
		return loadedMsg{origin: origin, gen: gen, info: info, err: err}
	}
}

// tick schedules the next refresh of chain gen.
func tick(every time.Duration, origin int64, gen int) tea.Cmd {
	return tea.Tick(every, func(time.Time) tea.Msg { return tickMsg{origin: origin, gen: gen} })
}
