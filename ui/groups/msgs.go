package groups

import "github.com/kafkatui/kafkatui/kafkaops"

// loadedMsg is the group list with lag; it reaches the pane wrapped by its
// base with the pane and generation that asked (common.Result). err may
// come with groups: some brokers did not answer (kafkaops.PartialError).
type loadedMsg struct {
	groups []kafkaops.GroupSummary
	lags   map[string]kafkaops.GroupLag
	err    error
}
