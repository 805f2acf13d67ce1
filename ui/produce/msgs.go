package produce

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Every message carries the origin (the form instance that asked): the
// root hands results to every pane on the stack, and each takes its own.

// topicsMsg is the cluster's topic names, for completion.
type topicsMsg struct {
	origin int64
	names  []string
	err    error
}

// partsMsg is a topic's partition count.
type partsMsg struct {
	origin int64
	topic  string
	n      int
	err    error
}

// historyMsg is the history file, read.
type historyMsg struct {
	origin int64
	hist   history
	warn   string
	err    error
}

// sentMsg is the answer to send number seq.
type sentMsg struct {
	origin int64
	seq    int
	msg    kafkaops.Message
	res    kafkaops.ProduceResult
	err    error
	took   time.Duration
}

// repeatMsg is the progress of repeat run number run; done is the last.
type repeatMsg struct {
	origin int64
	run    int
	st     *runState
	progress
}

// editorReadyMsg says the value was written to path for $EDITOR.
type editorReadyMsg struct {
	origin int64
	path   string
	err    error
}

// editedMsg is the value as the editor left it.
type editedMsg struct {
	origin int64
	text   string
	err    error
}
