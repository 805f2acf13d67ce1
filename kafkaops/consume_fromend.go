package kafkaops

import (
	"context"
	"fmt"
)

// "-N": the last N records of each partition.
//
// startOffsets puts "-N" at N offsets before the end, but offsets are not
// records: compaction removes records and leaves their offsets unused, every
// transaction ends with a control record (a marker, never delivered), and a
// read_committed stream leaves out the records of aborted transactions. The
// last N offsets of such a partition hold fewer than N records (4 for -10
// on a compacted topic). lastRecords counts back through the stream's own
// read path, so what is counted is exactly what the stream will deliver:
// the last N offsets first, then windows further back, each as large as
// everything looked at so far (so the look-back doubles), until N records
// are found, the log start is reached, or the bounds below are.
//
// The work is bounded: the records read number at most N plus one fetch
// response per window, the offsets looked at at most N + FromEndLookBack,
// and the whole look-back takes at most the request timeout. Reaching a
// bound starts the partition at what was found, with a note saying so.

// FromEndLookBack is how many offsets further back than N a "-N" start
// looks for records hidden by gaps, per partition.
const FromEndLookBack = 1_000_000

// fromEndLookBack is FromEndLookBack, lowered by a test to reach it.
var fromEndLookBack int64 = FromEndLookBack

// fromEnd is the look-back state of one partition.
type fromEnd struct {
	st *PartitionStart
	// found counts the records seen at or after prev.
	found int64
	// prev is where the offsets already counted begin.
	prev int64
	done bool
}

// lastRecords moves each "-N" start back until N records lie between it
// and the end (see above). starts comes from startOffsets; partitions whose
// last N offsets already hold N records keep their start. A failed count
// keeps startOffsets' start and says so in the note: a start a little late
// is better than no stream.
func (c *Cluster) lastRecords(ctx context.Context, req ConsumeRequest, starts []PartitionStart) []PartitionStart {
	n := req.Start.Offset
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	var open []*fromEnd
	for i := range starts {
		st := &starts[i]
		if n == 0 || st.LogEnd <= st.LogStart {
			continue // nothing asked for, or nothing held
		}
		open = append(open, &fromEnd{st: st, prev: st.LogEnd})
	}
	for len(open) > 0 {
		windows := make([]PartitionStart, 0, len(open))
		for _, f := range open {
			// The first window is the last N offsets; each later one
			// doubles what was looked at, but asks at least for the
			// records still missing and stops at the bounds.
			size := max(n-f.found, f.st.LogEnd-f.prev)
			from := max(f.prev-size, f.st.LogStart, f.st.LogEnd-n-fromEndLookBack)
			windows = append(windows, PartitionStart{Partition: f.st.Partition, Offset: from, LogStart: f.st.LogStart, LogEnd: f.prev})
		}
		tails, err := c.readWindows(ctx, req, windows, n)
		if err != nil {
			for _, f := range open {
				f.st.Offset = max(f.st.LogEnd-n, f.st.LogStart)
				f.st.Note = fmt.Sprintf("could not count the last %d records (%v); starting %d offsets before the end, at %d, which may hold fewer records", n, err, n, f.st.Offset)
			}
			return starts
		}
		next := open[:0]
		for i, f := range open {
			w := windows[i]
			f.settle(n, w.Offset, tails[w.Partition])
			if !f.done {
				next = append(next, f)
			}
		}
		open = next
	}
	return starts
}

// settle takes in the records read in [from, f.prev) and decides the
// start if it can: at the N-th record from the end, at the log start when
// fewer are held, or at from when the look-back limit is reached.
func (f *fromEnd) settle(n, from int64, tail windowTail) {
	st := f.st
	if missing := n - f.found; tail.count >= missing {
		// N records found: nothing to explain, -N means them.
		st.Offset, st.Note = tail.last[int64(len(tail.last))-missing], ""
		f.done = true
		return
	}
	f.found += tail.count
	f.prev = from
	switch {
	case from <= st.LogStart:
		st.Offset = st.LogStart
		st.Note = fmt.Sprintf("only %d records held; starting at the log start %d", f.found, st.LogStart)
		f.done = true
	case st.LogEnd-from >= n+fromEndLookBack:
		st.Offset = from
		st.Note = fmt.Sprintf("found %d of the last %d records within %d offsets of the end (the look-back limit); starting at %d", f.found, n, st.LogEnd-from, from)
		f.done = true
	}
}

// windowTail is what a window read yields for one partition: how many
// records it held and the offsets of the last of them (at most the number
// asked for), ascending.
type windowTail struct {
	count int64
	last  []int64
}

// readWindows reads each window [Offset, LogEnd) of windows in one stream
// with StopAtEnd, through the same path and isolation as the stream being
// opened, and returns per partition the count and last keep offsets of the
// records delivered.
func (c *Cluster) readWindows(ctx context.Context, req ConsumeRequest, windows []PartitionStart, keep int64) (map[int32]windowTail, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	inner := ConsumeRequest{Topic: req.Topic, Isolation: req.Isolation, StopAtEnd: true, Batched: true}
	s := c.openStream(ctx, inner, windows, func() {})
	out := make(map[int32]windowTail, len(windows))
	for batch := range s.Batches {
		for _, r := range batch {
			t := out[r.Partition]
			t.count++
			t.last = append(t.last, r.Offset)
			if int64(len(t.last)) > 2*keep {
				// Keep the newest keep offsets without growing: one
				// copy per keep records.
				t.last = append(t.last[:0], t.last[int64(len(t.last))-keep:]...)
			}
			out[r.Partition] = t
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("look-back: %w", err)
	}
	for p, t := range out {
		// A stream delivers each partition in offset order: the newest
		// are at the end.
		if int64(len(t.last)) > keep {
			t.last = t.last[int64(len(t.last))-keep:]
		}
		out[p] = t
	}
	return out, nil
}
