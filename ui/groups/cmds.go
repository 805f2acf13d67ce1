package groups

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
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

// load lists the groups, then reads the lag of all of them in one batch
// (one offsets request per group, one list-offsets request per broker).
func load(ctx context.Context, b Backend) tea.Cmd {
	return func() tea.Msg {
		groups, err := b.ListGroups(ctx)
		if err != nil && len(groups) == 0 {
			return loadedMsg{err: err}
		}
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = g.ID
		}
		lags, lerr := b.GroupsLag(ctx, ids)
		return loadedMsg{groups: groups, lags: lags, err: errors.Join(err, lerr)}
	}
}

// status shows text in the status line. Errors can quote what a broker
// sent, so the text goes through safe like everything else from Kafka.
func status(kind common.StatusKind, text string) tea.Cmd {
	return common.Status(kind, safe.String(text))
}
