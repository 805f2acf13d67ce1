package kafkaops

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// This file decodes the "consumer" embedded protocol: the member metadata
// (ConsumerProtocolSubscription) and member assignment
// (ConsumerProtocolAssignment) that DescribeGroups returns as opaque bytes.
// kafka-go's own decoder rejects the subscription v2/v3 that Java consumers
// send since 3.4, so the group pane would fail on real groups.
//
// The rules follow Java's ConsumerProtocol: a version above the newest known
// one is read as the newest known one, and bytes after the known fields are
// ignored, so that members of newer clients still describe.

// Newest versions of the consumer protocol structures this file knows.
const (
	subscriptionMaxKnownVersion = 3
	assignmentMaxKnownVersion   = 3
)

// consumerSubscription is a consumer group member's metadata.
type consumerSubscription struct {
	Version int16
	Topics  []string
	// UserData is assignor-specific (for example the sticky assignor's state).
	UserData []byte
	// OwnedPartitions are the partitions the member held when it joined (v1+).
	OwnedPartitions []TopicPartition
	// Generation is the generation the member last saw, -1 when not sent (v2+).
	Generation int32
	// Rack is the member's client.rack, empty when not sent (v3+).
	Rack string
}

// consumerAssignment is what the group leader assigned to one member.
type consumerAssignment struct {
	Version    int16
	Partitions []TopicPartition
	UserData   []byte
}

// decodeSubscription decodes ConsumerProtocolSubscription bytes. Empty input
// (a member that has not joined with metadata) is an empty subscription.
func decodeSubscription(b []byte) (consumerSubscription, error) {
	s := consumerSubscription{Generation: -1}
	if len(b) == 0 {
		return s, nil
	}
	r := &groupProtoReader{b: b}
	s.Version = r.int16()
	if r.err == nil && s.Version < 0 {
		return s, fmt.Errorf("subscription metadata: invalid version %d", s.Version)
	}
	v := min(s.Version, subscriptionMaxKnownVersion)
	n := r.arrayLen(2, false)
	for i := 0; i < n && r.err == nil; i++ {
		s.Topics = append(s.Topics, r.string())
	}
	s.UserData = r.nullableBytes()
	if v >= 1 {
		s.OwnedPartitions = r.topicPartitions()
	}
	if v >= 2 {
		s.Generation = r.int32()
	}
	if v >= 3 {
		s.Rack = r.nullableString()
	}
	if r.err != nil {
		return s, fmt.Errorf("subscription metadata v%d: %w", s.Version, r.err)
	}
	return s, nil
}

// decodeAssignment decodes ConsumerProtocolAssignment bytes. Empty input (a
// member waiting for its assignment during a rebalance) is no assignment.
func decodeAssignment(b []byte) (consumerAssignment, error) {
	var a consumerAssignment
	if len(b) == 0 {
		return a, nil
	}
	r := &groupProtoReader{b: b}
	a.Version = r.int16()
	if r.err == nil && a.Version < 0 {
		return a, fmt.Errorf("assignment: invalid version %d", a.Version)
	}
	// Versions 0 to 3 share one layout (later versions only changed what
	// the assignors may do); newer ones are read as the newest known.
	a.Partitions = r.topicPartitions()
	a.UserData = r.nullableBytes()
	if r.err != nil {
		return a, fmt.Errorf("assignment v%d: %w", a.Version, r.err)
	}
	return a, nil
}

// errGroupProtoTruncated says the bytes ended inside a field.
var errGroupProtoTruncated = errors.New("truncated")

// groupProtoReader reads Kafka's classic (non-flexible) encoding. The first error
// sticks and every later read returns a zero value, so decoders can read
// field after field and check once.
type groupProtoReader struct {
	b   []byte
	off int
	err error
}

func (r *groupProtoReader) remaining() int { return len(r.b) - r.off }

func (r *groupProtoReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: "+format, append([]any{r.off}, args...)...)
	}
}

func (r *groupProtoReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > r.remaining() {
		r.fail("%w: want %d bytes, have %d", errGroupProtoTruncated, n, r.remaining())
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *groupProtoReader) int16() int16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return int16(binary.BigEndian.Uint16(b))
}

func (r *groupProtoReader) int32() int32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return int32(binary.BigEndian.Uint32(b))
}

// arrayLen reads an array length and checks it against the bytes left, given
// the smallest encoded size of one element, so that garbage cannot make the
// decoder allocate gigabytes. A null array (-1) is allowed only if nullable.
func (r *groupProtoReader) arrayLen(minElem int, nullable bool) int {
	n := r.int32()
	if r.err != nil {
		return 0
	}
	switch {
	case n == -1 && nullable:
		return 0
	case n < 0:
		r.fail("invalid array length %d", n)
		return 0
	case int64(n)*int64(minElem) > int64(r.remaining()):
		r.fail("%w: array of %d elements in %d bytes", errGroupProtoTruncated, n, r.remaining())
		return 0
	}
	return int(n)
}

func (r *groupProtoReader) string() string {
	n := r.int16()
	if r.err != nil {
		return ""
	}
	if n < 0 {
		r.fail("invalid string length %d", n)
		return ""
	}
	return string(r.take(int(n)))
}

func (r *groupProtoReader) nullableString() string {
	n := r.int16()
	if r.err != nil || n == -1 {
		return ""
	}
	if n < 0 {
		r.fail("invalid string length %d", n)
		return ""
	}
	return string(r.take(int(n)))
}

func (r *groupProtoReader) nullableBytes() []byte {
	n := r.int32()
	if r.err != nil || n == -1 {
		return nil
	}
	if n < 0 {
		r.fail("invalid bytes length %d", n)
		return nil
	}
	b := r.take(int(n))
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// topicPartitions reads [topic string, partitions [int32]], the layout shared
// by owned partitions and assignments, flattened.
func (r *groupProtoReader) topicPartitions() []TopicPartition {
	var out []TopicPartition
	topics := r.arrayLen(2+4, false)
	for i := 0; i < topics && r.err == nil; i++ {
		topic := r.string()
		n := r.arrayLen(4, false)
		for j := 0; j < n && r.err == nil; j++ {
			out = append(out, TopicPartition{Topic: topic, Partition: r.int32()})
		}
	}
	return out
}
