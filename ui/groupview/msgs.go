package groupview

import (
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Every result reaches the pane wrapped by its base with the pane and the
// generation that asked (common.Result): loads of an older generation are
// dropped, the answers to actions are taken whatever the generation.

// loadedMsg is the group described, with the lag in time of its lagging
// partitions, for the load generation that asked. timesErr is a problem with lag in
// time only: the rest stays valid.
type loadedMsg struct {
	detail   kafkaops.GroupDetail
	times    map[kafkaops.TopicPartition]recordTime
	err      error
	timesErr error
}

// plannedMsg is a reset preview, or why there is none.
type plannedMsg struct {
	plan kafkaops.ResetPlan
	err  error
}

// resetMsg is the answer to writing a reset plan.
type resetMsg struct {
	plan kafkaops.ResetPlan
	err  error
}

// deletedMsg is the answer to deleting the group (topic "") or its
// offsets for a topic.
type deletedMsg struct {
	topic string
	err   error
}

// recordTime is the time of the first record not yet consumed on a
// partition, and the committed offset it was read at.
type recordTime struct {
	offset int64
	at     time.Time
}
