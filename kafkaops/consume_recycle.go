package kafkaops

import "sync"

// A recycling stream (ConsumeRequest.Recycle) leaves each record's key,
// value and headers in the fetch response they arrived in, and lends the
// response and the batch's slice to the receiver until it hands the batch
// back with Stream.Recycle. Nothing is copied or allocated per response
// once the buffers circulate: for `kafkatui consume`, which prints each
// record and forgets it, copying every byte and collecting the copies was
// a third of its CPU.

// recycleKeep bounds how many free buffers of each kind a stream keeps: a
// few per partition in flight is all a steady stream uses.
const recycleKeep = 16

// recycler holds a recycling stream's free buffers and its lent ones.
type recycler struct {
	mu     sync.Mutex
	leases map[*Record][]byte // first record of a lent batch -> its response
	bodies [][]byte
	recs   [][]Record
}

func newRecycler() *recycler { return &recycler{leases: make(map[*Record][]byte)} }

// body returns a free response buffer, or nil (the fetch allocates one).
func (f *recycler) body() []byte {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.bodies); n > 0 {
		b := f.bodies[n-1]
		f.bodies = f.bodies[:n-1]
		return b
	}
	return nil
}

// putBody makes b free again.
func (f *recycler) putBody(b []byte) {
	if f == nil || b == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bodies) < recycleKeep {
		f.bodies = append(f.bodies, b)
	}
}

// records returns an empty slice for the next batch.
func (f *recycler) records() []Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.recs); n > 0 {
		r := f.recs[n-1]
		f.recs = f.recs[:n-1]
		return r
	}
	return nil
}

// lease notes that batch, about to be delivered, lives in body.
func (f *recycler) lease(batch []Record, body []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.leases[&batch[0]] = body
}

// Recycle hands back a batch received from a stream opened with
// ConsumeRequest.Recycle, once neither the slice nor anything its records
// point to (keys, values, headers) is used any more: the stream reads its
// next responses into them. Other slices, and calls on a stream that does
// not recycle, are ignored; a batch never handed back is simply collected.
func (s *Stream) Recycle(batch []Record) {
	f := s.recycle
	if f == nil || len(batch) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	body, ok := f.leases[&batch[0]]
	if !ok {
		return
	}
	delete(f.leases, &batch[0])
	if len(f.bodies) < recycleKeep {
		f.bodies = append(f.bodies, body)
	}
	if len(f.recs) < recycleKeep {
		f.recs = append(f.recs, batch[:0])
	}
}
