package kafkaops

import (
	"context"
	"sort"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Transactions. A transactional producer's batches carry its producer id and
// the transactional bit; the transaction ends with a control batch (a
// marker) saying commit or abort. The last stable offset (LSO) is the first
// offset of the oldest transaction still open.
//
// read_committed: the broker returns records up to the LSO only, with the
// list of aborted transactions (producer id, first offset) overlapping them;
// the batches of those are left out, as Kafka's Java consumer does
// (CompletedFetch: a producer is aborted from its first offset until its
// abort marker).
//
// read_uncommitted: everything is delivered and marked. A transactional
// batch's fate is the next marker of its producer: within the same response
// it is read there; a batch past the LSO without one is still open; and for
// a batch below the LSO whose marker lies beyond the response, the aborted
// list is asked for with a read_committed fetch of the same range (brokers
// send the list to read_committed fetches only).

// txnUnknown stands, during txnFates, for a batch whose fate the response
// alone does not tell.
const txnUnknown TxnState = 0xff

// txnFates sets r.fates[i] to the transaction state of r.hdrs[i].
func (r *partitionReader) txnFates(ctx context.Context, resp *fetched, anyTxn bool) error {
	r.fates = r.fates[:0]
	for range r.hdrs {
		r.fates = append(r.fates, TxnNone)
	}
	if !anyTxn {
		return nil
	}
	if r.iso == ReadCommitted {
		markAborted(r.hdrs, resp.aborted, r.fates)
		return nil
	}
	next := make(map[int64]int16) // producer id -> its next marker's type
	unknown := false
	for i := len(r.hdrs) - 1; i >= 0; i-- {
		h := &r.hdrs[i]
		if h.control() {
			next[h.producerID] = h.controlType()
			continue
		}
		if !h.transactional() || h.last() < r.fetchAt {
			continue
		}
		t, ok := next[h.producerID]
		switch {
		case ok && t == controlAbort:
			r.fates[i] = TxnAborted
		case ok:
			// committed
		case resp.lso >= 0 && h.base >= resp.lso:
			r.fates[i] = TxnOpen
		default:
			r.fates[i] = txnUnknown
			unknown = true
		}
	}
	if !unknown {
		return nil
	}
	res := r.fetchFrom(ctx, r.fetchAt, ReadCommitted, fetchMaxBytes, 0, &r.probe)
	if res.err != nil {
		return res.err
	}
	decided := make([]TxnState, len(r.hdrs))
	markAborted(r.hdrs, res.resp.aborted, decided)
	for i, f := range r.fates {
		if f == txnUnknown {
			r.fates[i] = decided[i]
		}
	}
	return nil
}

// markAborted sets out[i] to TxnAborted for the batches of hs that belong to
// a transaction of the aborted list.
func markAborted(hs []batchHeader, aborted []kmsg.FetchResponseTopicPartitionAbortedTransaction, out []TxnState) {
	if len(aborted) == 0 {
		return
	}
	sort.Slice(aborted, func(i, j int) bool { return aborted[i].FirstOffset < aborted[j].FirstOffset })
	open := make(map[int64]bool)
	j := 0
	for i := range hs {
		h := &hs[i]
		if h.producerID < 0 {
			continue
		}
		for ; j < len(aborted) && aborted[j].FirstOffset <= h.last(); j++ {
			open[aborted[j].ProducerID] = true
		}
		switch {
		case h.control():
			if h.controlType() == controlAbort {
				delete(open, h.producerID)
			}
		case h.transactional() && open[h.producerID]:
			out[i] = TxnAborted
		}
	}
}
