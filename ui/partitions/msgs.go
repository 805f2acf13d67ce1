package partitions

import "github.com/kafkatui/kafkatui/kafkaops"

// Every message carries the origin (the pane instance that asked) and the
// generation of the loads it answers: the root hands results to every pane
// on the stack, and each takes its own, current ones.

type describedMsg struct {
	origin int64
	gen    int
	detail kafkaops.TopicDetail
	err    error
}

type configsMsg struct {
	origin  int64
	gen     int
	entries []kafkaops.ConfigEntry
	err     error
}

// tickMsg is the periodic refresh scheduled once generation gen is done.
type tickMsg struct {
	origin int64
	gen    int
}
