package produce

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Every message reaches the form wrapped by its base (common.Result) with
// the form instance that asked: the root hands results to every pane on
// the stack, and each takes its own.

// topicsMsg is the cluster's topic names, for completion.
type topicsMsg struct {
	names []string
	err   error
}

// partsMsg is a topic's partition count.
type partsMsg struct {
	topic string
	n     int
	err   error
}

// historyMsg is the history file, read.
type historyMsg struct {
	hist history
	warn string
	err  error
}

// sentMsg is the answer to the send in flight.
type sentMsg struct {
	msg  kafkaops.Message
	res  kafkaops.ProduceResult
	err  error
	took time.Duration
}

// repeatMsg is the progress of the repeat run; done is the last.
type repeatMsg struct {
	st *runState
	progress
}

// editorReadyMsg says the value was written to path for $EDITOR.
type editorReadyMsg struct {
	path string
	err  error
}

// editedMsg is the value as the editor left it.
type editedMsg struct {
	data []byte
	err  error
}
