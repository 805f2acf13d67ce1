package kafkaops

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
)

// What a consume and a reset plan share: both name a topic and partitions
// that must exist, and a place in each partition's log (where reading
// starts, where the commit moves to) that is resolved against the log's
// offsets. One resolver serves both, so the tail's start position and the
// reset's target never disagree, and refusals of what the user named are
// one error type the UI and CLI can put next to the input they concern.

// RequestField is the part of a request an error is about.
type RequestField int

// The parts of a consume or reset request an error can concern.
const (
	// FieldTopic: the topic named does not exist, or may not be read.
	FieldTopic RequestField = iota + 1
	// FieldPartitions: a partition named does not exist.
	FieldPartitions
	// FieldTarget: where to start or move to cannot be resolved on the
	// log (a time Kafka cannot look up, a shift with nothing to shift
	// from).
	FieldTarget
)

// RequestError is the cluster's refusal of something a request named: a
// topic or partition it does not have, a target it cannot resolve. Msg
// says it in the words of whoever typed the request, without the
// operation's prefix, so that a form shows it under Field's input and the
// CLI after Field's flag. Errors wrapping one are found with errors.As.
type RequestError struct {
	Field RequestField
	Msg   string
	// Err is the cause, for errors.Is (ErrTopicNotFound, a kafka-go code).
	Err error
}

// Error is Msg.
func (e *RequestError) Error() string { return e.Msg }

// Unwrap gives the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// topicRefusal explains a topic-level error of a metadata answer, err
// (nil for a topic missing from the answer), as a refusal of the topic
// named; any other error is the cluster's problem, not the name's.
func topicRefusal(topic string, err error) error {
	switch {
	case err == nil || errors.Is(err, kafka.UnknownTopicOrPartition):
		return &RequestError{Field: FieldTopic, Msg: fmt.Sprintf("topic %s does not exist", topic), Err: ErrTopicNotFound}
	case errors.Is(err, kafka.TopicAuthorizationFailed):
		return &RequestError{Field: FieldTopic, Msg: fmt.Sprintf("not authorized to read topic %s", topic), Err: err}
	}
	return fmt.Errorf("read metadata: %w", err)
}

// pickPartitions checks that the partitions wanted of topic are among
// those it has, and returns them sorted without repeats; all of them
// (sorted) when none are named.
func pickPartitions(topic string, have, want []int32) ([]int32, error) {
	all := append([]int32(nil), have...)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if len(want) == 0 {
		if len(all) == 0 {
			return nil, fmt.Errorf("topic %s has no partitions", topic)
		}
		return all, nil
	}
	exists := make(map[int32]bool, len(all))
	for _, p := range all {
		exists[p] = true
	}
	seen := make(map[int32]bool, len(want))
	out := make([]int32, 0, len(want))
	for _, p := range want {
		if !exists[p] {
			return nil, &RequestError{Field: FieldPartitions, Err: kafka.UnknownTopicOrPartition,
				Msg: fmt.Sprintf("partition %d does not exist (topic has %s)", p, describePartitionIDs(all))}
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// startAt resolves pos on partition p of topic, whose log is w, to an
// offset: where a stream starts reading, or where a reset moves a commit.
// atTime holds the offsets Kafka looked up for a PosTime. Note says when
// the log made the offset differ from what was asked; an offset past the
// end is kept (a stream waits for it) unless stopAtEnd.
func startAt(topic string, p int32, pos Position, w Watermarks, atTime map[int32]int64, stopAtEnd bool) (PartitionStart, error) {
	if w.Err != nil {
		return PartitionStart{}, fmt.Errorf("list offsets for %s/%d: %w", topic, p, w.Err)
	}
	st := PartitionStart{Partition: p, LogStart: w.Low, LogEnd: w.High}
	switch pos.Kind {
	case PosBeginning:
		st.Offset = w.Low
	case PosEnd:
		st.Offset = w.High
	case PosOffset:
		switch {
		case pos.Offset < w.Low:
			st.Offset = w.Low
			st.Note = fmt.Sprintf("offset %d is below the log start %d (older records were deleted); starting at %d", pos.Offset, w.Low, w.Low)
		case pos.Offset > w.High:
			st.Offset = pos.Offset
			st.Note = fmt.Sprintf("offset %d is past the end %d; waiting for new records to reach it", pos.Offset, w.High)
			if stopAtEnd {
				st.Note = fmt.Sprintf("offset %d is past the end %d; nothing to read", pos.Offset, w.High)
			}
		default:
			st.Offset = pos.Offset
		}
	case PosFromEnd:
		st.Offset = w.High - pos.Offset
		if held := w.High - w.Low; pos.Offset > held {
			st.Offset = w.Low
			if held > 0 {
				st.Note = fmt.Sprintf("only %d records held; starting at the log start %d", held, w.Low)
			}
		}
	case PosTime:
		off, ok := atTime[p]
		switch {
		case !ok:
			return PartitionStart{}, &RequestError{Field: FieldTarget,
				Msg: fmt.Sprintf("list offsets for %s/%d at %s: no answer for the partition", topic, p, pos.Time.Format(time.RFC3339))}
		case off < 0:
			// No record at or after the time yet: everything is older.
			st.Offset = w.High
			st.Note = fmt.Sprintf("no record at or after %s; starting at the end %d", pos.Time.Format(time.RFC3339Nano), w.High)
		default:
			st.Offset = max(off, w.Low)
		}
	}
	return st, nil
}
