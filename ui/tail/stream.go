package tail

import (
	"sort"
	"time"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
	"github.com/kafkatui/kafkatui/ui/common"
)

// stream is the tail's data, a model of its own: the records held (the
// ring), which of them the filter lets through (the visible index), the jq
// columns and the column widths, the counters and rates, and the positions
// shown. It knows nothing of the cursor, the window on the rows or what is
// being typed: the pane keeps those and asks the stream (k9s keeps a log's
// lines apart from its view the same way, internal/model/log.go).
//
// Shown records are numbered 0..count()-1, oldest first: every held record
// while listAll, else those the filter lets through.
type stream struct {
	ring   ring
	filter *filter
	vis    []uint64 // seqs of held entries the filter lets through (with a filter)
	visAt  int      // vis[:visAt] were dropped from the ring
	// showHidden lists the records the filter hides too (H), dimmed.
	showHidden bool
	cols       []column

	received int64
	bytes    int64
	samples  []sample
	rate     float64 // messages/s over rateWindow
	byteRate float64

	wPart, wOff, wKey int // column widths, grown as records arrive
	// wTxn is the transaction column's width: 0 until a record of an
	// aborted or open transaction arrives, so topics without transactions
	// keep their columns.
	wTxn int
	// scratch is reused by add to measure keys without allocating.
	scratch []byte

	// isolation is the running stream's; aborted and open count the
	// marked records received (read_uncommitted only).
	isolation     kafkaops.Isolation
	aborted, open int64

	// pos is the position and lag per partition as the position line
	// shows them: never behind the records received (see setPositions).
	pos []kafkaops.PartitionPosition
	// readNext[p] is one past the newest offset of partition p received
	// (0: none yet), indexed by partition.
	readNext []int64
}

// sample is the counters at one rate tick.
type sample struct {
	at       time.Time
	received int64
	bytes    int64
}

// rateWindow is how far back the rates look.
const rateWindow = 5 * time.Second

func newStream(capacity int) stream {
	return stream{ring: newRing(capacity), wPart: 1, wOff: 6, wKey: 3}
}

// listAll says whether every held record is shown: with no filter, or
// with the hidden ones listed (H).
func (s *stream) listAll() bool { return s.filter == nil || s.showHidden }

// count is how many records are shown.
func (s *stream) count() int {
	if s.listAll() {
		return s.ring.n
	}
	return len(s.vis) - s.visAt
}

// seqAt is the seq of the i-th shown record.
func (s *stream) seqAt(i int) uint64 {
	if s.listAll() {
		return s.ring.first + uint64(i)
	}
	return s.vis[s.visAt+i]
}

// entryAt is the i-th shown record.
func (s *stream) entryAt(i int) *entry { return s.ring.get(s.seqAt(i)) }

// matches says whether the record with seq q passes the filter (a binary
// search of the matching seqs; for the few rows drawn).
func (s *stream) matches(q uint64) bool {
	if s.filter == nil {
		return true
	}
	v := s.vis[s.visAt:]
	i := sort.Search(len(v), func(i int) bool { return v[i] >= q })
	return i < len(v) && v[i] == q
}

// hidden is how many held records the filter hides.
func (s *stream) hidden() int {
	if s.filter == nil {
		return 0
	}
	return s.ring.n - (len(s.vis) - s.visAt)
}

// indexOf is the index of the shown record with seq q, or of the first
// shown after it.
func (s *stream) indexOf(q uint64) int {
	if s.listAll() {
		if q < s.ring.first {
			return 0
		}
		return int(q - s.ring.first)
	}
	v := s.vis[s.visAt:]
	return sort.Search(len(v), func(i int) bool { return v[i] >= q })
}

// add puts records into the ring with their filter match, jq columns and
// widths, and returns how many shown records the ring dropped to make
// room (the pane moves its cursor up by as many). decs, when not nil, is
// what the Schema Registry made of each record (decs[i] for recs[i]).
func (s *stream) add(recs []kafkaops.Record, decs []*common.Decoding) (gone int) {
	s.jqPass()
	for i := range recs {
		raw := &recs[i]
		r := raw
		var dec *common.Decoding
		if decs != nil {
			if dec = decs[i]; dec != nil {
				v := dec.Shown(*raw)
				r = &v
			}
		}
		s.received++
		s.bytes += recordSize(r)
		switch r.Txn {
		case kafkaops.TxnAborted:
			s.aborted++
		case kafkaops.TxnOpen:
			s.open++
		}
		e := entry{rec: *raw, dec: dec}
		var j *jsonValue // parsed once for the filter and the columns
		if len(s.cols) > 0 || s.filter != nil {
			j = new(jsonValue)
		}
		if len(s.cols) > 0 {
			e.cols = s.columnValues(r, j)
		}
		s.grow(&e)
		s.noteRead(r)
		if s.ring.n == s.ring.limit {
			// The oldest is about to go; is it shown?
			shownGone := s.listAll()
			if s.filter != nil && s.visAt < len(s.vis) && s.vis[s.visAt] == s.ring.first {
				s.visAt++
				shownGone = true
			}
			if shownGone {
				gone++
			}
		}
		seq, _ := s.ring.push(e)
		if s.filter != nil && s.filter.match(r, j) {
			s.vis = append(s.vis, seq)
		}
	}
	if s.visAt > 4096 && s.visAt > len(s.vis)/2 {
		s.vis = append(s.vis[:0], s.vis[s.visAt:]...)
		s.visAt = 0
	}
	return gone
}

// grow widens the partition, offset and key columns to fit e: widths only
// grow, so rows do not jitter as records scroll by.
func (s *stream) grow(e *entry) {
	s.wPart = max(s.wPart, digits(int64(e.rec.Partition)))
	s.wOff = max(s.wOff, digits(e.rec.Offset))
	if e.rec.Txn != kafkaops.TxnNone {
		s.wTxn = len("aborted")
	}
	if s.wKey < maxKeyWidth {
		key := e.rec.Key
		if e.dec != nil && e.dec.Key != nil {
			key = e.dec.Key.JSON
		}
		var w int
		w, s.scratch = keyWidth(key, s.scratch)
		s.wKey = min(max(s.wKey, w), maxKeyWidth)
	}
	for i := range e.cols {
		if c := &s.cols[i]; c.width < maxColumnWidth {
			c.width = min(max(c.width, textWidth(e.cols[i])), maxColumnWidth)
		}
	}
}

func recordSize(r *kafkaops.Record) int64 {
	n := len(r.Key) + len(r.Value)
	for _, h := range r.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return int64(n)
}

// applyFilter makes f (nil: none) the filter and rebuilds the visible
// index over the held records; the hidden ones are no longer listed.
func (s *stream) applyFilter(f *filter) {
	s.filter = f
	s.jqPass()
	s.showHidden = false
	s.vis, s.visAt = s.vis[:0], 0
	if f == nil {
		return
	}
	for i := 0; i < s.ring.n; i++ {
		e := s.ring.get(s.ring.first + uint64(i))
		var j jsonValue
		r := e.shown()
		if f.match(&r, &j) {
			s.vis = append(s.vis, e.seq)
		}
	}
}

// shown returns copies of the records the filter lets through, oldest
// first, for an export (hidden ones too only when there is no filter, even
// while H lists them), with what the Schema Registry made of each (decs[i]
// for recs[i]; decs is nil when nothing was framed).
func (s *stream) shown() (recs []kafkaops.Record, decs []*recordjson.Decoding) {
	add := func(i int, e *entry) {
		recs[i] = e.rec
		if e.dec == nil {
			return
		}
		if decs == nil {
			decs = make([]*recordjson.Decoding, len(recs))
		}
		decs[i] = &recordjson.Decoding{
			Key:   recordjson.FieldOf(orZero(e.dec.Key), e.dec.KeyErr),
			Value: recordjson.FieldOf(orZero(e.dec.Value), e.dec.ValueErr),
		}
	}
	if s.filter == nil {
		recs = make([]kafkaops.Record, s.ring.n)
		for i := range recs {
			add(i, s.ring.get(s.ring.first+uint64(i)))
		}
		return recs, decs
	}
	v := s.vis[s.visAt:]
	recs = make([]kafkaops.Record, len(v))
	for i, q := range v {
		add(i, s.ring.get(q))
	}
	return recs, decs
}

// orZero is *d, or the zero Decoded for a part that was not decoded
// (its error, or nothing framed, tells which).
func orZero(d *schemas.Decoded) schemas.Decoded {
	if d == nil {
		return schemas.Decoded{}
	}
	return *d
}

// startRates starts the rates afresh at at, when a stream opens.
func (s *stream) startRates(at time.Time) {
	s.samples = append(s.samples[:0], sample{at: at})
}

// sampleRates takes the counters at at and sets the rates over the last
// rateWindow.
func (s *stream) sampleRates(at time.Time) {
	s.samples = append(s.samples, sample{at: at, received: s.received, bytes: s.bytes})
	cut := 0
	for cut < len(s.samples)-2 && at.Sub(s.samples[cut+1].at) >= rateWindow {
		cut++
	}
	s.samples = s.samples[cut:]
	if f, l := s.samples[0], s.samples[len(s.samples)-1]; l.at.After(f.at) {
		secs := l.at.Sub(f.at).Seconds()
		s.rate = float64(l.received-f.received) / secs
		s.byteRate = float64(l.bytes-f.bytes) / secs
	}
}

// noteRead moves partition r.Partition's read position past r.
func (s *stream) noteRead(r *kafkaops.Record) {
	p := int(r.Partition)
	if p >= len(s.readNext) {
		s.readNext = append(s.readNext, make([]int64, p+1-len(s.readNext))...)
	}
	if next := r.Offset + 1; next > s.readNext[p] {
		s.readNext[p] = next
	}
}

// read is one past the newest offset of partition p received, 0 for none.
func (s *stream) read(p int32) int64 {
	if int(p) < len(s.readNext) {
		return s.readNext[p]
	}
	return 0
}

// setPositions takes the readers' positions (a copy: kafkaops.Stream's
// Positions) as the position line's. The readers run ahead of the screen
// by what waits in the stream's channel, so their Next is taken only when
// exact (nothing below it is still on its way); else the line's Next is
// what the records received say, and never less: the line describes the
// rows shown. The high watermark and the rest are the readers' latest.
func (s *stream) setPositions(pos []kafkaops.PartitionPosition, exact bool) {
	for i := range pos {
		p := &pos[i]
		read := s.read(p.Partition)
		if !exact {
			if prev, ok := s.shownNext(p.Partition, i); ok {
				p.Next = prev
			}
		}
		p.Next = max(p.Next, read)
	}
	s.pos = pos
}

// shownNext is the Next the line shows for partition p, looked up at i
// first (the readers list partitions in the same order every time).
func (s *stream) shownNext(p int32, i int) (int64, bool) {
	if i < len(s.pos) && s.pos[i].Partition == p {
		return s.pos[i].Next, true
	}
	for _, q := range s.pos {
		if q.Partition == p {
			return q.Next, true
		}
	}
	return 0, false
}
