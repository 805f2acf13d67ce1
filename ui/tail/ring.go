package tail

import (
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// DefaultBuffer is how many records a tail holds when --tail-buffer is not
// given: enough to scroll back through a burst, small enough that a tail of
// a busy topic stays well under a hundred MiB.
const DefaultBuffer = 10_000

// entry is one held record. Its line is formatted by View, for the rows on
// screen only: a busy topic pushes most records through the ring without
// any of them ever being drawn (tens of thousands between two frames), so
// formatting on arrival cost a third of the tail's CPU for lines nobody saw.
// What must be computed for every record (filter matches, jq columns,
// column widths) still is, on arrival.
type entry struct {
	rec  kafkaops.Record
	seq  uint64   // arrival number, unique for the life of the tail
	cols []string // jq column values, safe to show
	// dec is what the Schema Registry made of rec (nil: nothing framed,
	// or no registry); the row, the filter and the columns read the
	// decoded JSON (shown), the inspector both.
	dec *common.Decoding
}

// shown is the record as the row, the filter and the jq columns read it:
// decoded parts replaced by their JSON.
func (e *entry) shown() kafkaops.Record { return e.dec.Shown(e.rec) }

// ring holds the newest records up to a fixed capacity, dropping the
// oldest and counting what it dropped (k9s internal/model/log.go).
type ring struct {
	buf     []entry
	head    int    // index of the oldest entry
	n       int    // entries held
	first   uint64 // seq of the oldest entry
	next    uint64 // seq the next entry gets
	dropped int64
	limit   int // capacity
}

func newRing(capacity int) ring {
	if capacity <= 0 {
		capacity = DefaultBuffer
	}
	// Grown on demand: a tail of a quiet topic should not reserve the
	// whole buffer up front.
	return ring{buf: make([]entry, 0, min(capacity, 1024)), limit: capacity}
}

// push adds e as the newest entry and returns its seq, and whether the
// oldest entry was dropped to make room.
func (r *ring) push(e entry) (uint64, bool) {
	e.seq = r.next
	r.next++
	if r.n < r.limit {
		if r.n == len(r.buf) { // still growing: head is 0
			r.buf = append(r.buf, e)
		} else {
			r.buf[(r.head+r.n)%len(r.buf)] = e
		}
		if r.n == 0 {
			r.first = e.seq
		}
		r.n++
		return e.seq, false
	}
	r.buf[r.head] = e // overwrites the oldest, freeing its bytes
	r.head = (r.head + 1) % len(r.buf)
	r.first++
	r.dropped++
	return e.seq, true
}

// get returns the entry with seq s, which must be held.
func (r *ring) get(s uint64) *entry {
	return &r.buf[(r.head+int(s-r.first))%len(r.buf)]
}

// holds reports whether the entry with seq s is still held.
func (r *ring) holds(s uint64) bool { return r.n > 0 && s >= r.first && s < r.first+uint64(r.n) }
