package topics

import "github.com/kafkatui/kafkatui/kafkaops"

// Every message carries the origin (the pane instance that asked): the
// root hands results to every pane on the stack, and each takes its own.

// listedMsg is the answer to a list request of generation gen.
type listedMsg struct {
	origin int64
	gen    int
	topics []kafkaops.TopicSummary
	err    error
}

// tickMsg is the periodic refresh, scheduled after the answer of
// generation gen; a newer request since then makes it stale.
type tickMsg struct {
	origin int64
	gen    int
}

// createdMsg is the answer to a create request.
type createdMsg struct {
	origin int64
	name   string
	err    error
}

// deletedMsg is the answer to a delete request.
type deletedMsg struct {
	origin int64
	name   string
	err    error
}

// notedMsg is the answer to an offset-notes request.
type notedMsg struct {
	origin int64
	notes  map[string]kafkaops.OffsetNote
	err    error
}
