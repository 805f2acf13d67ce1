package topics

import "github.com/kafkatui/kafkatui/kafkaops"

// The pane's results reach it wrapped by its base (common.Result) with the
// pane instance and generation that asked; the messages themselves carry
// only the answer.

// listedMsg is the answer to a list request.
type listedMsg struct {
	topics []kafkaops.TopicSummary
	err    error
}

// createdMsg is the answer to a create request.
type createdMsg struct {
	name string
	err  error
}

// deletedMsg is the answer to a delete request.
type deletedMsg struct {
	name string
	err  error
}

// notedMsg is the answer to an offset-notes request.
type notedMsg struct {
	notes map[string]kafkaops.OffsetNote
	err   error
}
