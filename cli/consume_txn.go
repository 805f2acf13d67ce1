package cli

import (
	"fmt"
	"io"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// txnReporter marks, on stderr, the records of plain consume output that
// belong to an aborted transaction or to one still open. stdout keeps only
// the values, so it stays what a script expects; the notes name the
// offsets, one line per run of such records in a partition rather than one
// per record (an aborted transaction is often thousands of records).
type txnReporter struct {
	topic string
	w     io.Writer
	// flushOut writes what stdout holds first, so that on a terminal a
	// note follows the values it is about.
	flushOut func() error
	runs     map[int32]*txnRun
	// order keeps the notes in the order the runs began.
	order []int32
}

// txnRun is consecutive marked records of one partition in the same state.
type txnRun struct {
	state       kafkaops.TxnState
	first, last int64
	n           int64
}

func newTxnReporter(topic string, w io.Writer, flushOut func() error) *txnReporter {
	return &txnReporter{topic: topic, w: w, flushOut: flushOut, runs: map[int32]*txnRun{}}
}

// observe takes each record written to stdout, in order.
func (r *txnReporter) observe(rec *kafkaops.Record) {
	run := r.runs[rec.Partition]
	if run != nil && run.state == rec.Txn {
		run.last = rec.Offset
		run.n++
		return
	}
	if run != nil {
		r.end(rec.Partition)
	}
	if rec.Txn == kafkaops.TxnNone {
		return
	}
	r.runs[rec.Partition] = &txnRun{state: rec.Txn, first: rec.Offset, last: rec.Offset, n: 1}
	r.order = append(r.order, rec.Partition)
}

// end prints partition p's run, which a record of another state ended.
func (r *txnReporter) end(p int32) {
	_ = r.flushOut()
	r.note(p, r.runs[p])
	delete(r.runs, p)
	for i, q := range r.order {
		if q == p {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
}

// flush prints every run still going: when the stream waits for more
// records, and at the end.
func (r *txnReporter) flush() {
	if len(r.order) == 0 {
		return
	}
	_ = r.flushOut()
	for _, p := range r.order {
		r.note(p, r.runs[p])
	}
	clear(r.runs)
	r.order = r.order[:0]
}

func (r *txnReporter) note(p int32, run *txnRun) {
	what := fmt.Sprintf("offset %d", run.first)
	if run.n > 1 {
		what = fmt.Sprintf("offsets %d-%d (%s records)", run.first, run.last, groupDigits(run.n))
	}
	var why string
	switch run.state {
	case kafkaops.TxnAborted:
		why = "aborted transaction: rolled back, read_committed consumers never see it (--isolation committed leaves such records out)"
	case kafkaops.TxnOpen:
		why = "transaction still open: read_committed consumers see it only if it commits"
	}
	fmt.Fprintf(r.w, "kafkatui: %s/%d: %s: %s\n", oneLine(r.topic), p, what, why)
}

// noteHeldBack tells, after a read_committed consume -e, which partitions
// ended at a transaction still open: the records past it exist, and a user
// comparing with another tool would otherwise wonder where they are.
func noteHeldBack(w io.Writer, topic string, ps []kafkaops.PartitionPosition) {
	for _, p := range ps {
		if p.LastStable >= p.HighWatermark || p.Next < p.LastStable {
			continue
		}
		fmt.Fprintf(w, "kafkatui: %s/%d: stopped at offset %d, where a transaction is still open; %s more offsets up to %d wait for it to end (--isolation uncommitted shows them)\n",
			oneLine(topic), p.Partition, p.LastStable, groupDigits(p.HighWatermark-p.LastStable), p.HighWatermark)
	}
}
