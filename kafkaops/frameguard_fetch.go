package kafkaops

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kmsg"
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

// Record batch (magic 2) layout: base offset 8, length 4, leader epoch 4,
// magic 1, crc 4, attributes 2, last offset delta 4, first and max
// timestamps 16, producer id 8, epoch 2, base sequence 4, record count 4.
const (
	batchMagicAt   = 16
	batchAttrAt    = 21
	batchCountAt   = 57
	batchHeaderLen = 61
	minRecordBytes = 7 // length, attributes, 2 deltas, key and value lengths, header count: a byte each
	// maxCompression bounds the records a compressed batch may claim per
	// compressed byte: 16 records of at least 7 bytes per byte is beyond
	// what record data compresses to, and kafka-go allocates 32 bytes per
	// claimed record before inflating the batch.
	maxCompression = 16
)

// checkFetchBatches checks each record batch's record count against its
// length (kafka-go allocates the claimed count before reading a record),
// and walks the records of an uncompressed batch as kafka-go will read
// them (it allocates a record's claimed header count, too). The records of
// a compressed batch are not walked: that would mean inflating every batch
// twice. What a compressed batch inflates to is not bounded here.
func checkFetchBatches(f *kmsg.FetchResponse) error {
	for _, t := range f.Topics {
		for _, p := range t.Partitions {
			b := p.RecordBatches
			for len(b) >= 17 {
				length := int64(int32(binary.BigEndian.Uint32(b[8:])))
				if length <= 0 {
					return fmt.Errorf("partition %d: record batch of %d bytes", p.Partition, length)
				}
				end := 12 + length
				if end > int64(len(b)) {
					break // a partial batch at the end, as brokers send: skipped by readers
				}
				if b[batchMagicAt] == 2 && end >= batchHeaderLen {
					count := int64(int32(binary.BigEndian.Uint32(b[batchCountAt:])))
					room := (end - batchHeaderLen) / minRecordBytes
					if binary.BigEndian.Uint16(b[batchAttrAt:])&0x7 != 0 {
						room = (end - batchHeaderLen + 1) * maxCompression
					}
					if count < 0 || count > room {
						return fmt.Errorf("partition %d: a record batch of %d bytes claims %d records", p.Partition, length, count)
					}
					if binary.BigEndian.Uint16(b[batchAttrAt:])&0x7 == 0 {
						if err := checkRecords(b[batchHeaderLen:end], count); err != nil {
							return fmt.Errorf("partition %d: record batch at offset %d: %w", p.Partition, int64(binary.BigEndian.Uint64(b)), err)
						}
					}
				}
				b = b[end:]
			}
		}
	}
	return nil
}

// checkRecords reads count records from b the way kafka-go's decoder does
// (field after field, the record length unused) and checks every length and
// count against the bytes left. It runs for every record a stream reads, so
// it is a flat loop over an index with a fast path for one-byte varints.
func checkRecords(b []byte, count int64) error {
	i := 0
	var v int64
	for r := range count {
		// record length (unused), attributes, timestamp and offset deltas
		if v, i = varintAt(b, i); i < 0 || i >= len(b) {
			return fmt.Errorf("record %d: truncated", r)
		}
		i++
		if v, i = varintAt(b, i); i < 0 {
			return fmt.Errorf("record %d: truncated", r)
		}
		if v, i = varintAt(b, i); i < 0 {
			return fmt.Errorf("record %d: truncated", r)
		}
		// key, value, then headers: each length within what is left;
		// negative ones (null) read as nothing, as in kafka-go.
		for f := 0; f < 2; f++ {
			if v, i = varintAt(b, i); i < 0 || v > int64(len(b)-i) {
				return fmt.Errorf("record %d: a length beyond the batch", r)
			}
			if v > 0 {
				i += int(v)
			}
		}
		if v, i = varintAt(b, i); i < 0 || v > int64((len(b)-i)/2) {
			return fmt.Errorf("record %d: claims %d headers", r, v)
		}
		for h := 2 * max(v, 0); h > 0; h-- {
			if v, i = varintAt(b, i); i < 0 || v > int64(len(b)-i) {
				return fmt.Errorf("record %d: a header length beyond the batch", r)
			}
			if v > 0 {
				i += int(v)
			}
		}
	}
	return nil
}

// varintAt reads the zigzag varint at b[i:] and returns it with the index
// after it, or -1 when it does not fit.
func varintAt(b []byte, i int) (int64, int) {
	if i < len(b) && b[i] < 0x80 {
		u := int64(b[i])
		return u>>1 ^ -(u & 1), i + 1
	}
	if i >= len(b) {
		return 0, -1
	}
	v, k := binary.Varint(b[i:])
	if k <= 0 {
		return 0, -1
	}
	return v, i + k
}
