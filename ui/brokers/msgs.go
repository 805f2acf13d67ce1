package brokers

import "github.com/kafkatui/kafkatui/kafkaops"

// loadedMsg is the result of a load; it reaches the pane wrapped by its
// base with the pane and generation that asked (common.Result).
type loadedMsg struct {
	info kafkaops.ClusterInfo
	err  error
}
