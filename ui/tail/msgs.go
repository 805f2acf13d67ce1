package tail

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Every message carries the origin (the pane instance that asked) and the
// generation of the stream it belongs to: the root hands results to every
// pane on the stack, and a reopened stream drops the old one's batches.

// openedMsg is the stream opened, or the error that prevented it.
type openedMsg struct {
	origin int64
	gen    int
	src    *source
	err    error
}

// batchMsg is the records read since the last batch. closed says the
// stream has ended; err is why, nil for a normal end.
type batchMsg struct {
	origin int64
	gen    int
	recs   []kafkaops.Record
	closed bool
	err    error
}

// tickMsg updates the rates and positions once a second.
type tickMsg struct {
	origin int64
	gen    int
	at     time.Time
}

// exportedMsg is the end of an export.
type exportedMsg struct {
	origin int64
	path   string
	n      int
	err    error
}
