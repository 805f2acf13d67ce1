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
// The pane's base tags the result with the pane and its generation.
func load(ctx context.Context, d kafkaops.ClusterDescriber) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		info, err := d.DescribeCluster(ctx)
		return loadedMsg{info: info, err: err}
	}
}
