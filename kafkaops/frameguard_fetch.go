package kafkaops

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// kmsg checks an array's count only against the bytes left, one byte per
// element, then allocates the count: a junk reply of n bytes can make it
// allocate n times an element's size (measured: 48 to 80 times for
// Metadata). Fetch replies are the largest a stream receives, so before
// kmsg decodes one, fetchSkeleton walks its topics and partitions and checks
// each count against the least bytes that many elements take: what kmsg
// then allocates stays within a small multiple of the reply's size.

// errSkeleton marks a Fetch reply whose arrays cannot fit its bytes.
var errSkeleton = errors.New("array longer than the reply")

type skelReader struct {
	b    []byte
	flex bool
	err  error
}

func (r *skelReader) skip(n int) {
	if r.err != nil {
		return
	}
	if n < 0 || n > len(r.b) {
		r.err = errSkeleton
		return
	}
	r.b = r.b[n:]
}

func (r *skelReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = errSkeleton
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *skelReader) int32() int32 {
	if r.err != nil || len(r.b) < 4 {
		r.err = errSkeleton
		return 0
	}
	v := int32(binary.BigEndian.Uint32(r.b))
	r.b = r.b[4:]
	return v
}

// count reads an array (or nullable bytes/string) length; -1 is null.
func (r *skelReader) count() int64 {
	if r.flex {
		return int64(r.uvarint()) - 1
	}
	return int64(r.int32())
}

// array reads an array's count and checks that count elements of at least
// minElem bytes fit in what is left.
func (r *skelReader) array(minElem int) int64 {
	n := r.count()
	if r.err == nil && n > 0 && n > int64(len(r.b)/minElem) {
		r.err = fmt.Errorf("%w: %d elements of at least %d bytes in %d bytes", errSkeleton, n, minElem, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return max(n, 0)
}

func (r *skelReader) bytes() {
	if r.flex {
		if n := r.uvarint(); n > 1 {
			r.skip(int(min(n-1, uint64(len(r.b))+1)))
		}
		return
	}
	if n := r.int32(); n > 0 {
		r.skip(int(n))
	}
}

func (r *skelReader) str() {
	if r.flex {
		if n := r.uvarint(); n > 1 {
			r.skip(int(min(n-1, uint64(len(r.b))+1)))
		}
		return
	}
	if len(r.b) < 2 {
		r.err = errSkeleton
		return
	}
	n := int16(binary.BigEndian.Uint16(r.b))
	r.b = r.b[2:]
	if n > 0 {
		r.skip(int(n))
	}
}

func (r *skelReader) tags() {
	if !r.flex || r.err != nil {
		return
	}
	var err error
	if r.b, err = skipTaggedFields(r.b); err != nil {
		r.err = errSkeleton
	}
}

// fetchSkeleton checks the array counts of a Fetch reply body (after the
// header) of the given version.
func fetchSkeleton(version int16, body []byte) error {
	r := &skelReader{b: body, flex: version >= 12}
	lenSize := 4 // an int32 length, or a compact one of at least a byte
	if r.flex {
		lenSize = 1
	}
	if version >= 1 {
		r.skip(4) // throttle
	}
	if version >= 7 {
		r.skip(2 + 4) // error code, session id
	}
	// A topic: its name (or id) and its partitions' count, at least.
	minTopic := 2 + lenSize
	if version >= 13 {
		minTopic = 16 + lenSize
	}
	// A partition: id, error, high watermark, then by version the last
	// stable offset, log start, aborted transactions' count, preferred
	// replica, the records' length and tags.
	minPart := 4 + 2 + 8 + lenSize
	if version >= 4 {
		minPart += 8 + lenSize
	}
	if version >= 5 {
		minPart += 8
	}
	if version >= 11 {
		minPart += 4
	}
	if r.flex {
		minPart++
	}
	minAborted := 16
	if r.flex {
		minAborted++
	}
	topics := r.array(minTopic)
	for range topics {
		if r.err != nil {
			break
		}
		if version >= 13 {
			r.skip(16)
		} else {
			r.str()
		}
		parts := r.array(minPart)
		for range parts {
			if r.err != nil {
				break
			}
			r.skip(4 + 2 + 8)
			if version >= 4 {
				r.skip(8)
			}
			if version >= 5 {
				r.skip(8)
			}
			if version >= 4 {
				aborted := r.array(minAborted)
				for range aborted {
					r.skip(16)
					r.tags()
				}
			}
			if version >= 11 {
				r.skip(4)
			}
			r.bytes()
			r.tags()
		}
		r.tags()
	}
	return r.err
}

// metadataSkeleton is fetchSkeleton for a Metadata reply, the one the UI
// asks for every few seconds and the largest after Fetch.
func metadataSkeleton(version int16, body []byte) error {
	r := &skelReader{b: body, flex: version >= 9}
	lenSize, tag := 4, 0
	if r.flex {
		lenSize, tag = 1, 1
	}
	strSize := 2 // an int16 length, or a compact one of at least a byte
	if r.flex {
		strSize = 1
	}
	if version >= 3 {
		r.skip(4) // throttle
	}
	minBroker := 4 + strSize + 4 + tag
	if version >= 1 {
		minBroker += strSize // rack
	}
	for range r.array(minBroker) {
		r.skip(4) // node id
		r.str()   // host
		r.skip(4) // port
		if version >= 1 {
			r.str() // rack
		}
		r.tags()
	}
	if version >= 2 {
		r.str() // cluster id
	}
	if version >= 1 {
		r.skip(4) // controller
	}
	minTopic := 2 + strSize + lenSize + tag
	if version >= 10 {
		minTopic += 16
	}
	if version >= 1 {
		minTopic++
	}
	if version >= 8 {
		minTopic += 4
	}
	minPart := 2 + 4 + 4 + 2*lenSize + tag
	if version >= 7 {
		minPart += 4
	}
	if version >= 5 {
		minPart += lenSize
	}
	ints := func() {
		for range r.array(4) {
			r.skip(4)
		}
	}
	for range r.array(minTopic) {
		if r.err != nil {
			break
		}
		r.skip(2) // error
		r.str()   // name
		if version >= 10 {
			r.skip(16)
		}
		if version >= 1 {
			r.skip(1) // internal
		}
		for range r.array(minPart) {
			if r.err != nil {
				break
			}
			r.skip(2 + 4 + 4) // error, partition, leader
			if version >= 7 {
				r.skip(4)
			}
			ints() // replicas
			ints() // isr
			if version >= 5 {
				ints() // offline
			}
			r.tags()
		}
		if version >= 8 {
			r.skip(4)
		}
		r.tags()
	}
	return r.err
}
