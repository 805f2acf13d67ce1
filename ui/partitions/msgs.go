package partitions

import "github.com/kafkatui/kafkatui/kafkaops"

// The pane's results reach it wrapped by its base (common.Result) with the
// pane instance and generation that asked; the messages themselves carry
// only the answer.

type describedMsg struct {
	detail kafkaops.TopicDetail
	err    error
}

type configsMsg struct {
	entries []kafkaops.ConfigEntry
	err     error
}
