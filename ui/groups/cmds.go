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

// Every Kafka call of the pane is here, in a Cmd. Each closure captures
// copies of what it needs (context, backend, ids), never the model.

// load lists the groups, then reads the lag of all of them in one batch
// (one offsets request per group, one list-offsets request per broker).
func load(ctx context.Context, b Backend, origin int64, gen int) tea.Cmd {
	return func() tea.Msg {
		groups, err := b.ListGroups(ctx)
		if err != nil && len(groups) == 0 {
			return loadedMsg{origin: origin, gen: gen, err: err}
		}
		ids := make([]string, len(groups))
		for i, g := range groups {
			ids[i] = g.ID
		}
		lags, lerr := b.GroupsLag(ctx, ids)
		return loadedMsg{origin: origin, gen: gen, groups: groups, lags: lags, err: errors.Join(err, lerr)}
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

// status shows text in the status line. Errors can quote what a broker
// sent, so the text goes through safe like everything else from Kafka.
func status(kind common.StatusKind, text string) tea.Cmd {
	text = safe.String(text)
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}
