package schemas

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The Confluent wire format frames a key or value as: the magic byte 0, the schema id as a
// 4-byte big-endian integer, for Protobuf only the message indexes, then the encoded payload.
// https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format
const (
	magicByte   = 0
	headerBytes = 5
)

// maxIndexes bounds the message-index list of a Protobuf record: it is a path of nested
// message declarations, never deep in a real schema, and a hostile count must not make the
// decoder allocate.
const maxIndexes = 64

// ErrNotFramed is returned by Decoder.Decode for bytes without the Confluent framing. It is not
// a failure: the caller shows such bytes as it always has.
var ErrNotFramed = errors.New("not in the Confluent wire format")

// Framed reports whether b starts with the Confluent framing (magic byte 0 and a 4-byte schema
// id) and returns the schema id and the bytes after the 5-byte header. Whether the id is known
// is for the registry to say.
func Framed(b []byte) (id int, rest []byte, ok bool) {
	if len(b) < headerBytes || b[0] != magicByte {
		return 0, nil, false
	}
	return int(binary.BigEndian.Uint32(b[1:headerBytes])), b[headerBytes:], true
}

// messageIndexes reads the Protobuf message-index list that follows the header: a zig-zag varint
// count then that many zig-zag varint indexes, each the position of a message among its
// siblings, outermost first. A count of 0 (the single byte 0) is the shortcut for [0], the first
// message of the file. It returns the indexes and the payload after them.
func messageIndexes(b []byte) ([]int, []byte, error) {
	n, used := binary.Varint(b)
	if used <= 0 {
		return nil, nil, errors.New("the message-index list is cut short")
	}
	b = b[used:]
	if n == 0 {
		return firstMessage, b, nil
	}
	if n < 0 || n > maxIndexes {
		return nil, nil, fmt.Errorf("the message-index list claims %d entries", n)
	}
	idx := make([]int, n)
	for i := range idx {
		v, used := binary.Varint(b)
		if used <= 0 {
			return nil, nil, errors.New("the message-index list is cut short")
		}
		if v < 0 || v > 1<<20 {
			return nil, nil, fmt.Errorf("message index %d is out of range", v)
		}
		idx[i] = int(v)
		b = b[used:]
	}
	return idx, b, nil
}

// firstMessage is the index list of the shortcut byte 0, shared because it is never modified.
var firstMessage = []int{0}
