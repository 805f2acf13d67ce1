package brokers

import "github.com/kafkatui/kafkatui/kafkaops"

// loadedMsg is the result of load number gen of pane origin.
type loadedMsg struct {
	origin int64
	gen    int
	info   kafkaops.ClusterInfo
	err    error
}

// tickMsg starts the periodic refresh of load chain gen of pane origin.
type tickMsg struct {
	origin int64
	gen    int
}
