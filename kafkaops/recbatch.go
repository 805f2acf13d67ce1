package kafkaops

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
	"unsafe"

	"github.com/segmentio/kafka-go/compress"
)

// Record batches (Kafka's message format v2, the only one Kafka 4 stores and
// the one 3.x returns to fetch v4+) are decoded here, straight from the fetch
// response's bytes: kafka-go's record reader costs more than the rest of a
// consume together, and it drops the batch header (the max timestamp that
// LogAppendTime topics stamp, the producer id of transactions).
//
// Layout of a batch (big-endian), offsets from its start:
//
//	 0 baseOffset int64       35 maxTimestamp int64
//	 8 batchLength int32      43 producerId int64
//	12 leaderEpoch int32      51 producerEpoch int16
//	16 magic int8             53 baseSequence int32
//	17 crc uint32 (CRC-32C of 21..end)
//	21 attributes int16       57 recordCount int32
//	23 lastOffsetDelta int32  61 records
//	27 baseTimestamp int64
const batchHeaderSize = 61

// Batch attribute bits.
const (
	attrCodec         = 0x07
	attrLogAppendTime = 0x08
	attrTransactional = 0x10
	attrControl       = 0x20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// batchHeader is the fixed part of a record batch.
type batchHeader struct {
	base       int64
	attrs      int16
	lastDelta  int32
	baseTime   int64
	maxTime    int64
	producerID int64
	count      int32
	// raw is the whole batch, header included.
	raw []byte
}

func (h *batchHeader) last() int64         { return h.base + int64(h.lastDelta) }
func (h *batchHeader) control() bool       { return h.attrs&attrControl != 0 }
func (h *batchHeader) transactional() bool { return h.attrs&attrTransactional != 0 }

// timeType is whose clock the batch's timestamps are.
func (h *batchHeader) timeType() TimestampType {
	if h.attrs&attrLogAppendTime != 0 {
		return LogAppendTime
	}
	return CreateTime
}

// nextBatch splits the first whole batch off b. ok is false when b holds no
// whole batch: the broker cuts a response at its size limit, possibly in the
// middle of a batch, and the rest comes with the next fetch.
func nextBatch(b []byte) (h batchHeader, rest []byte, ok bool, err error) {
	if len(b) < 17 {
		return h, nil, false, nil
	}
	size := int64(int32(binary.BigEndian.Uint32(b[8:]))) + 12
	if magic := int8(b[16]); magic != 2 {
		return h, nil, false, fmt.Errorf("record batch at offset %d has message format v%d; only v2 (Kafka 0.11 and later) is supported", int64(binary.BigEndian.Uint64(b)), magic)
	}
	if size < batchHeaderSize {
		return h, nil, false, fmt.Errorf("record batch at offset %d is %d bytes, shorter than its header", int64(binary.BigEndian.Uint64(b)), size)
	}
	if size > int64(len(b)) {
		return h, nil, false, nil
	}
	raw := b[:size:size]
	h = batchHeader{
		base:       int64(binary.BigEndian.Uint64(raw)),
		attrs:      int16(binary.BigEndian.Uint16(raw[21:])),
		lastDelta:  int32(binary.BigEndian.Uint32(raw[23:])),
		baseTime:   int64(binary.BigEndian.Uint64(raw[27:])),
		maxTime:    int64(binary.BigEndian.Uint64(raw[35:])),
		producerID: int64(binary.BigEndian.Uint64(raw[43:])),
		count:      int32(binary.BigEndian.Uint32(raw[57:])),
		raw:        raw,
	}
	return h, b[size:], true, nil
}

// check verifies the batch's CRC-32C.
func (h *batchHeader) check() error {
	want := binary.BigEndian.Uint32(h.raw[17:])
	if got := crc32.Checksum(h.raw[21:], castagnoli); got != want {
		return fmt.Errorf("record batch at offset %d is corrupt (CRC %08x, header says %08x)", h.base, got, want)
	}
	// An uncompressed batch cannot hold more records than its bytes allow
	// (7 bytes is the smallest record): a count beyond that is a hostile or
	// broken broker, refused before any record is read.
	if h.attrs&attrCodec == 0 {
		if room := (len(h.raw) - batchHeaderSize) / minRecordSize; h.count < 0 || int(h.count) > room {
			return fmt.Errorf("record batch at offset %d claims %d records in %d bytes", h.base, h.count, len(h.raw)-batchHeaderSize)
		}
	}
	return nil
}

// minRecordSize is the least a v2 record takes: one byte each for its
// length, attributes, timestamp and offset deltas, key and value lengths
// and header count.
const minRecordSize = 7

// controlType reads what a control batch marks: an abort (0) or a commit
// (1), from its first record's key. -1 when unreadable.
func (h *batchHeader) controlType() int16 {
	var d recordDecoder
	d.b = h.raw[batchHeaderSize:]
	if h.attrs&attrCodec != 0 || h.count < 1 {
		return -1 // Kafka writes markers uncompressed
	}
	d.varint() // length
	d.skip(1)  // attributes
	d.varint() // timestamp delta
	d.varint() // offset delta
	k := d.bytes()
	if d.err != nil || len(k) < 4 {
		return -1
	}
	return int16(binary.BigEndian.Uint16(k[2:]))
}

// Control record types (the key's second int16).
const (
	controlAbort  = 0
	controlCommit = 1
)

// decompressor inflates compressed batches into a buffer reused from batch
// to batch, so a compressed topic costs no allocation per batch either.
// maxInflated bounds what one compressed batch may inflate to. Kafka's
// largest batch is message.max.bytes (1 MiB by default, rarely over 100 MiB
// even where raised); 256 MiB leaves room for highly compressible data and
// caps what a hostile batch can make the reader allocate.
var maxInflated int64 = 256 << 20

type decompressor struct {
	out bytes.Buffer
	src bytes.Reader
}

// records returns the batch's record bytes, decompressed if needed. The
// result is valid until the next call.
func (d *decompressor) records(h *batchHeader) ([]byte, error) {
	body := h.raw[batchHeaderSize:]
	codec := compress.Compression(h.attrs & attrCodec)
	if codec == compress.None {
		return body, nil
	}
	c := codec.Codec()
	if c == nil {
		return nil, fmt.Errorf("record batch at offset %d: unknown compression codec %d", h.base, codec)
	}
	d.src.Reset(body)
	r := c.NewReader(&d.src)
	defer r.Close()
	d.out.Reset()
	// One byte past the bound tells a batch that inflates beyond it (a
	// decompression bomb from a broken or hostile broker) from one that
	// fills it exactly.
	if _, err := d.out.ReadFrom(io.LimitReader(r, maxInflated+1)); err != nil {
		return nil, fmt.Errorf("record batch at offset %d: %s: %w", h.base, c.Name(), err)
	}
	if int64(d.out.Len()) > maxInflated {
		return nil, fmt.Errorf("record batch at offset %d: %s: inflates to more than %d MiB", h.base, c.Name(), maxInflated>>20)
	}
	return d.out.Bytes(), nil
}

// recordDecoder reads the fields of records (zigzag varints and
// length-prefixed bytes) from b, remembering the first error.
type recordDecoder struct {
	b   []byte
	err error
}

var errRecordTruncated = errors.New("record truncated")

func (d *recordDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		if d.err == nil {
			d.err = errRecordTruncated
		}
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *recordDecoder) skip(n int) {
	if n > len(d.b) {
		if d.err == nil {
			d.err = errRecordTruncated
		}
		d.b = nil
		return
	}
	d.b = d.b[n:]
}

// bytes reads a varint length and that many bytes; nil for length -1.
func (d *recordDecoder) bytes() []byte {
	n := d.varint()
	if n < 0 || d.err != nil {
		return nil
	}
	if n > int64(len(d.b)) {
		if d.err == nil {
			d.err = errRecordTruncated
		}
		d.b = nil
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

// arena hands out the memory records' keys, values and headers are copied
// into: a chunk per few dozen records instead of an allocation each. A held
// record keeps its chunk alive, so chunks stay small (arenaChunk), a batch
// never gets a chunk larger than what is left of its records, and a record
// too large to share one gets memory of its own. Records delivered together
// share chunks; a consumer holding one record in many (the UI's ring keeps
// the newest N, a detail view keeps one) holds at most arenaChunk for it.
type arena struct {
	buf  []byte
	hdrs []Header
}

const (
	// arenaChunk is the size of a shared chunk: about 20 records of 200
	// bytes per allocation. Measured holding 10,000 of 200,000 such records
	// read: the newest 10,000 (the UI's ring) cost 6.7 MiB of heap with
	// 16 KiB chunks, one in 20 of them 42.5 MiB (a chunk per few held
	// records); 4 KiB chunks bound such sparse holding to 4 KiB a record.
	arenaChunk = 4 << 10
	// arenaAlone is the size from which a record's bytes are allocated for
	// it alone.
	arenaAlone = 1 << 10
	// headerChunk is how many headers share one allocation.
	headerChunk = 64
)

// emptyBytes is the value of empty, non-null keys and values.
var emptyBytes = []byte{}

// take returns n bytes; left bounds how many more bytes the batch's
// records can need, so a chunk is not larger than its batch needs.
func (a *arena) take(n, left int) []byte {
	if n == 0 {
		return emptyBytes
	}
	if n >= arenaAlone {
		return make([]byte, n)
	}
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(n, min(arenaChunk, left)))
	}
	l := len(a.buf)
	a.buf = a.buf[:l+n]
	return a.buf[l : l+n : l+n]
}

// headers returns room for n headers.
func (a *arena) headers(n int) []Header {
	if n > headerChunk/4 {
		return make([]Header, n)
	}
	if cap(a.hdrs)-len(a.hdrs) < n {
		a.hdrs = make([]Header, 0, headerChunk)
	}
	l := len(a.hdrs)
	a.hdrs = a.hdrs[:l+n]
	return a.hdrs[l : l+n : l+n]
}

// decodeRecord decodes the next record of a batch from d into out (whose
// Topic, Partition and Txn the caller set), copying its bytes into a. A
// record below from, or at or past until (when until >= 0), is stepped over
// without copying: kept is false. With borrow, keys, values and headers
// are left in d's bytes instead of copied (only the []Header comes from a).
func decodeRecord(d *recordDecoder, h *batchHeader, a *arena, out *Record, from, until int64, borrow bool) (kept bool) {
	length := d.varint()
	if d.err != nil || length < 0 || length > int64(len(d.b)) {
		if d.err == nil {
			d.err = errRecordTruncated
		}
		return false
	}
	left := len(d.b)
	rd := recordDecoder{b: d.b[:length]}
	d.b = d.b[length:]
	rd.skip(1) // attributes, unused
	tsDelta := rd.varint()
	off := h.base + rd.varint()
	if rd.err != nil {
		d.err = rd.err
		return false
	}
	if off < from || (until >= 0 && off >= until) {
		return false
	}
	out.Offset = off
	key := rd.bytes()
	keyNull := rd.err == nil && key == nil
	value := rd.bytes()
	valueNull := rd.err == nil && value == nil
	nh := rd.varint()
	if rd.err != nil {
		d.err = rd.err
		return false
	}
	// A header takes at least two bytes (the lengths of its key and value).
	if nh < 0 || nh > int64(len(rd.b)/2) {
		d.err = fmt.Errorf("record at offset %d claims %d headers in %d bytes", off, nh, len(rd.b))
		return false
	}
	out.TimeType = h.timeType()
	ms := h.baseTime + tsDelta
	if out.TimeType == LogAppendTime {
		// The broker stamps only the header: every record of the batch
		// was appended at its max timestamp (what Java clients show).
		ms = h.maxTime
	}
	out.Time = time.Time{}
	if ms >= 0 {
		out.Time = time.UnixMilli(ms)
	}
	if borrow {
		out.Key, out.Value, out.Headers = key, value, nil
		if nh > 0 {
			hs := a.headers(int(nh))
			for i := range hs {
				k := rd.bytes()
				hs[i].Key = unsafe.String(unsafe.SliceData(k), len(k))
				hs[i].Value = rd.bytes()
			}
			if rd.err != nil {
				d.err = rd.err
				return false
			}
			out.Headers = hs
		}
		return true
	}
	// Header bytes are measured first so that key, value and headers
	// share one piece of the arena.
	hstart := rd.b
	size := len(key) + len(value)
	for range nh {
		size += len(rd.bytes())
		size += len(rd.bytes())
	}
	if rd.err != nil {
		d.err = rd.err
		return false
	}
	buf := a.take(size, left)
	if keyNull {
		out.Key = nil
	} else {
		out.Key = buf[:len(key):len(key)]
		copy(out.Key, key)
		buf = buf[len(key):]
	}
	if valueNull {
		out.Value = nil
	} else {
		out.Value = buf[:len(value):len(value)]
		copy(out.Value, value)
		buf = buf[len(value):]
	}
	out.Headers = nil
	if nh > 0 {
		hs := a.headers(int(nh))
		rd.b = hstart
		for i := range hs {
			k := rd.bytes()
			v := rd.bytes()
			n := copy(buf, k)
			// The arena's bytes are never written again, so the
			// key can be a string over them.
			hs[i].Key = unsafe.String(unsafe.SliceData(buf), n)
			buf = buf[n:]
			if v == nil {
				hs[i].Value = nil
			} else {
				hs[i].Value = buf[:len(v):len(v)]
				copy(hs[i].Value, v)
				buf = buf[len(v):]
			}
		}
		out.Headers = hs
	}
	return true
}
