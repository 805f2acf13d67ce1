package tail

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// The pane's results reach it wrapped by its base (common.Result) with the
// pane and the stream generation that asked: the root hands results to
// every pane on the stack, and a reopened stream drops the old one's
// batches.

// openedMsg is the stream opened, or the error that prevented it.
type openedMsg struct {
	src *source
	err error
}

// batchMsg is the records read since the last batch. closed says the
// stream has ended; err is why, nil for a normal end. pos is the readers'
// positions taken once the batch was gathered, so the position line moves
// with the rows it describes; exact says no record below them was left
// behind (the stream's channel was empty after they were taken).
type batchMsg struct {
	recs []kafkaops.Record
	// decs is what the Schema Registry made of recs (decs[i] of recs[i]);
	// nil when nothing in the batch was framed or there is no registry.
	decs   []*common.Decoding
	closed bool
	err    error
	pos    []kafkaops.PartitionPosition
	exact  bool
}

// tickMsg updates the rates and positions once a second.
type tickMsg struct {
	at time.Time
}

// exportedMsg is the end of an export.
type exportedMsg struct {
	path string
	n    int
	err  error
}
