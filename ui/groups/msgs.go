package groups

import "github.com/kafkatui/kafkatui/kafkaops"

// loadedMsg is the group list with lag, for load generation gen. err may
// come with groups: some brokers did not answer (kafkaops.PartialError).
type loadedMsg struct {
	origin int64
	gen    int
	groups []kafkaops.GroupSummary
	lags   map[string]kafkaops.GroupLag
	err    error
}

// tickMsg is the periodic refresh scheduled after generation gen.
type tickMsg struct {
	origin int64
	gen    int
}
