package groupview

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Every message carries the origin (the pane instance that asked): the
// root hands results to every pane on the stack, and each takes its own.

// loadedMsg is the group described, with the lag in time of its lagging
// partitions, for load generation gen. timesErr is a problem with lag in
// time only: the rest stays valid.
type loadedMsg struct {
	origin   int64
	gen      int
	detail   kafkaops.GroupDetail
	times    map[kafkaops.TopicPartition]recordTime
	err      error
	timesErr error
}

// tickMsg is the periodic refresh scheduled after generation gen.
type tickMsg struct {
	origin int64
	gen    int
}

// plannedMsg is a reset preview, or why there is none.
type plannedMsg struct {
	origin int64
	plan   kafkaops.ResetPlan
	err    error
}

// resetMsg is the answer to writing a reset plan.
type resetMsg struct {
	origin int64
	plan   kafkaops.ResetPlan
	err    error
}

// deletedMsg is the answer to deleting the group (topic "") or its
// offsets for a topic.
type deletedMsg struct {
	origin int64
	topic  string
	err    error
}

// recordTime is the time of the first record not yet consumed on a
// partition, and the committed offset it was read at.
type recordTime struct {
	offset int64
	at     time.Time
}
