package kafkaops

import (
	"sync"
	"time"
)

// PositionKind says how a Position picks a start offset.
type PositionKind int

// Position kinds, following kcat's -o grammar.
const (
	// PosBeginning is the log start of each partition ("beginning").
	PosBeginning PositionKind = iota
	// PosEnd is the high watermark: only new messages ("end").
	PosEnd
	// PosOffset is an absolute offset ("N").
	PosOffset
	// PosFromEnd is N before the high watermark, per partition ("-N").
	PosFromEnd
	// PosTime is the first offset at or after a time ("s@ms", "@RFC3339", "@-15m").
	PosTime
)

// Position is a parsed start position. Build one with ParsePosition.
type Position struct {
	Kind PositionKind
	// Offset is the absolute offset (PosOffset) or the count back from the
	// end (PosFromEnd).
	Offset int64
	// Time is the instant for PosTime, already resolved for relative forms.
	Time time.Time
}

// ConsumeRequest says what to read.
type ConsumeRequest struct {
	Topic string
	// Partitions to read; empty means every partition of the topic.
	Partitions []int32
	Start      Position
	// StopAtEnd ends the stream once every partition has reached the high
	// watermark it had when the stream was opened (kcat -e).
	StopAtEnd bool
	// Buffer is the capacity of the Records channel (of Batches when
	// Batched); 0 means a default.
	Buffer int
	// Batched delivers records on Stream.Batches, one slice per fetch
	// response, instead of one by one on Records: a consumer taking
	// hundreds of thousands of records a second (the UI's live tail) then
	// pays one channel operation per response, not per record.
	Batched bool
	// Isolation is the stream's isolation level; the zero value is
	// ReadUncommitted, which delivers everything and marks Record.Txn.
	Isolation Isolation
}

// PartitionStart is how one partition's start position was resolved.
type PartitionStart struct {
	Partition int32
	// Offset is where reading starts.
	Offset int64
	// LogStart and LogEnd are the watermarks when the stream opened; for a
	// ReadCommitted stream LogEnd is the last stable offset, the end such
	// a stream reads to.
	LogStart int64
	LogEnd   int64
	// Note explains an adjustment, e.g. a requested offset below the log
	// start that was moved up to it. Empty when nothing was adjusted.
	Note string
}

// PartitionPosition is a stream's progress on one partition.
type PartitionPosition struct {
	Partition int32
	// Next is the offset of the next record the stream will deliver.
	Next int64
	// HighWatermark is the latest high watermark seen by the reader.
	HighWatermark int64
	// LastStable is the latest last stable offset seen by the reader: the
	// first offset of the oldest transaction still open, or the high
	// watermark when none is. A ReadCommitted stream never delivers past
	// it. Before the first fetch answers it is LogEnd for a ReadCommitted
	// stream and 0 otherwise.
	LastStable int64
	// Retrying is the error the reader is retrying after (leader moved,
	// broker restarting); nil once a fetch succeeds again. It lets a UI say
	// "reconnecting" while the stream recovers by itself.
	Retrying error
	// Skipped counts the offsets this stream wanted but never delivered
	// because retention (or DeleteRecords) removed them first: the stream
	// fell behind, was refused as out of range and went on at the new log
	// start. It only grows; a UI compares it with an earlier value to warn.
	Skipped int64
	// ResumedAt is the offset reading went on from after the latest skip:
	// by the time a reader looks, Next may be well past it.
	ResumedAt int64
}

// Lag is how far the stream is behind the end of this partition.
func (p PartitionPosition) Lag() int64 {
	if l := p.HighWatermark - p.Next; l > 0 {
		return l
	}
	return 0
}

// Stream is a running read of one topic. Records (or Batches) is closed by
// the reader goroutines when the stream ends: context cancelled, StopAtEnd
// reached, or a fatal error (then Err says which).
type Stream struct {
	// Records delivers records in offset order per partition; nil for a
	// Batched request.
	Records <-chan Record
	// Batches delivers the records of one partition's fetch response at a
	// time, in offset order per partition, for a Batched request (nil
	// otherwise). Each slice belongs to the receiver.
	Batches <-chan []Record
	// Starts says where each partition started, in partition order.
	Starts []PartitionStart

	mu  sync.Mutex
	err error
	pos map[int32]*PartitionPosition
}

// Err is the error that ended the stream, nil for a normal end. Read it after
// Records (or Batches) is closed.
func (s *Stream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Positions reports where each partition stands, in partition order.
func (s *Stream) Positions() []PartitionPosition {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PartitionPosition, 0, len(s.Starts))
	for _, st := range s.Starts {
		if p, ok := s.pos[st.Partition]; ok {
			out = append(out, *p)
		}
	}
	return out
}
