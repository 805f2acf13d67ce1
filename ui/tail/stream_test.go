package tail

import (
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// shownOffsets is the offsets of the shown records, oldest first.
func shownOffsets(s *stream) []int64 {
	out := make([]int64, s.count())
	for i := range out {
		out[i] = s.entryAt(i).rec.Offset
	}
	return out
}

func equalOffsets(t *testing.T, what string, got []int64, want ...int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
	}
}

// TestStreamRingDropsOldestAndCounts: a full ring drops the oldest record
// per new one, counts them, and add says how many shown ones went.
func TestStreamRingDropsOldestAndCounts(t *testing.T) {
	s := newStream(4)
	if gone := s.add([]kafkaops.Record{order(0, 0), order(0, 1), order(0, 2)}, nil); gone != 0 {
		t.Fatalf("gone %d before the ring is full", gone)
	}
	if gone := s.add([]kafkaops.Record{order(0, 3), order(0, 4), order(0, 5)}, nil); gone != 2 {
		t.Errorf("gone %d, want 2", gone)
	}
	equalOffsets(t, "held", shownOffsets(&s), 2, 3, 4, 5)
	if s.ring.dropped != 2 || s.received != 6 {
		t.Errorf("dropped %d received %d", s.ring.dropped, s.received)
	}
}

// TestStreamVisibleIndex: with a filter only matching records are shown,
// in arrival order; dropping a hidden record from the ring does not count
// as a shown one gone; H lists every held record again.
func TestStreamVisibleIndex(t *testing.T) {
	s := newStream(4)
	f, err := compileFilter("key:C-1")
	if err != nil {
		t.Fatal(err)
	}
	s.applyFilter(f)
	// Keys are C-(off%7): offsets 1 and 8 match.
	s.add([]kafkaops.Record{order(0, 0), order(0, 1), order(0, 2), order(0, 3)}, nil)
	equalOffsets(t, "shown", shownOffsets(&s), 1)
	if s.hidden() != 3 {
		t.Errorf("hidden %d, want 3", s.hidden())
	}
	if gone := s.add([]kafkaops.Record{order(0, 4)}, nil); gone != 0 {
		t.Errorf("dropping hidden offset 0 counted %d shown gone", gone)
	}
	if gone := s.add([]kafkaops.Record{order(0, 5)}, nil); gone != 1 {
		t.Errorf("dropping shown offset 1 counted %d shown gone, want 1", gone)
	}
	if s.count() != 0 || s.hidden() != 4 {
		t.Errorf("count %d hidden %d after the match left the ring", s.count(), s.hidden())
	}
	s.add([]kafkaops.Record{order(0, 8)}, nil)
	equalOffsets(t, "shown", shownOffsets(&s), 8)
	if !s.matches(s.seqAt(0)) || s.matches(s.ring.first) {
		t.Error("matches disagrees with the visible index")
	}
	s.showHidden = true
	equalOffsets(t, "listed with H", shownOffsets(&s), 3, 4, 5, 8)
	if i := s.indexOf(s.ring.first + 3); i != 3 {
		t.Errorf("indexOf the newest with H = %d", i)
	}
	s.applyFilter(nil)
	if s.showHidden || s.hidden() != 0 || s.count() != 4 {
		t.Errorf("no filter: showHidden %v hidden %d count %d", s.showHidden, s.hidden(), s.count())
	}
}

// TestStreamFilterOverHeldRecords: a filter applied later is applied to
// what is held, and the export takes what it lets through.
func TestStreamFilterOverHeldRecords(t *testing.T) {
	s := newStream(100)
	for i := range 20 {
		s.add([]kafkaops.Record{order(int32(i%2), int64(i))}, nil)
	}
	f, err := compileFilter(`jq:.amount >= 150`)
	if err != nil {
		t.Fatal(err)
	}
	s.applyFilter(f)
	equalOffsets(t, "shown", shownOffsets(&s), 15, 16, 17, 18, 19)
	var exported []int64
	recs, _ := s.shown()
	for _, r := range recs {
		exported = append(exported, r.Offset)
	}
	equalOffsets(t, "exported", exported, 15, 16, 17, 18, 19)
}

// TestStreamWidthsOnlyGrow: the partition, offset and key columns widen to
// the widest record seen and never narrow; the key column is capped; the
// transaction column appears with the first marked record.
func TestStreamWidthsOnlyGrow(t *testing.T) {
	s := newStream(2)
	s.add([]kafkaops.Record{rec(12, 1234567, "a-rather-long-key", "{}")}, nil)
	if s.wPart != 2 || s.wOff != 7 || s.wKey != len("a-rather-long-key") || s.wTxn != 0 {
		t.Fatalf("widths p%d o%d k%d t%d", s.wPart, s.wOff, s.wKey, s.wTxn)
	}
	s.add([]kafkaops.Record{rec(1, 1, "k", "{}"), rec(1, 2, "k", "{}")}, nil) // the wide one is dropped
	if s.wPart != 2 || s.wOff != 7 || s.wKey != len("a-rather-long-key") {
		t.Errorf("widths shrank: p%d o%d k%d", s.wPart, s.wOff, s.wKey)
	}
	long := rec(1, 3, string(make([]byte, 200)), "{}")
	long.Txn = kafkaops.TxnAborted
	s.add([]kafkaops.Record{long}, nil)
	if s.wKey != maxKeyWidth || s.wTxn != len("aborted") || s.aborted != 1 {
		t.Errorf("key width %d (cap %d), txn width %d, aborted %d", s.wKey, maxKeyWidth, s.wTxn, s.aborted)
	}
}

// TestStreamColumns: a jq column is filled for the held records when
// added, for new ones on arrival, widens to its values, and goes from
// every row when removed.
func TestStreamColumns(t *testing.T) {
	s := newStream(10)
	s.add([]kafkaops.Record{order(0, 1)}, nil)
	c, err := newColumn(".customer.id")
	if err != nil {
		t.Fatal(err)
	}
	s.addColumn(c)
	s.add([]kafkaops.Record{rec(0, 2, "k", `{"customer":{"id":"a-longer-customer-id"}}`)}, nil)
	if got := s.entryAt(0).cols; len(got) != 1 || got[0] != "C-1" {
		t.Errorf("held record's column %q", got)
	}
	if got := s.entryAt(1).cols; len(got) != 1 || got[0] != "a-longer-customer-id" {
		t.Errorf("new record's column %q", got)
	}
	if s.cols[0].width != len("a-longer-customer-id") {
		t.Errorf("column width %d", s.cols[0].width)
	}
	s.removeColumn(0)
	if len(s.cols) != 0 || len(s.entryAt(0).cols) != 0 || len(s.entryAt(1).cols) != 0 {
		t.Error("the column stayed somewhere")
	}
}

// TestStreamRates: the rates are over the samples of the last rateWindow.
func TestStreamRates(t *testing.T) {
	s := newStream(1000)
	s.startRates(fixedNow)
	var recs []kafkaops.Record
	for i := range 100 {
		recs = append(recs, rec(0, int64(i), "", "0123456789")) // 10 bytes each
	}
	s.add(recs, nil)
	s.sampleRates(fixedNow.Add(2 * time.Second))
	if s.rate != 50 || s.byteRate != 500 {
		t.Errorf("rate %.1f/s %.1f B/s, want 50 and 500", s.rate, s.byteRate)
	}
	// Ten quiet seconds later the burst is out of the window.
	for k := 3; k <= 12; k++ {
		s.sampleRates(fixedNow.Add(time.Duration(k) * time.Second))
	}
	if s.rate != 0 {
		t.Errorf("rate %.1f/s after the burst left the window", s.rate)
	}
}

// TestStreamPositionsFollowRecords: the positions shown take the readers'
// Next only when exact, else what the records received say; never less
// than those, whatever the readers say.
func TestStreamPositionsFollowRecords(t *testing.T) {
	s := newStream(100)
	pp := func(next, hw int64) []kafkaops.PartitionPosition {
		return []kafkaops.PartitionPosition{{Partition: 3, Next: next, HighWatermark: hw}}
	}
	s.setPositions(pp(10, 20), true)
	s.add([]kafkaops.Record{order(3, 10), order(3, 11)}, nil)
	s.setPositions(pp(10, 20), true) // the readers have not published yet
	if p := s.pos[0]; p.Next != 12 || p.Lag() != 8 {
		t.Errorf("behind the records: next %d lag %d, want 12 and 8", p.Next, p.Lag())
	}
	s.setPositions(pp(18, 25), false) // 6 more on their way
	if p := s.pos[0]; p.Next != 12 || p.HighWatermark != 25 {
		t.Errorf("not exact: next %d hw %d, want 12 and 25", p.Next, p.HighWatermark)
	}
	s.setPositions(pp(18, 25), true) // a transaction marker at 17: nothing to show, all read
	if p := s.pos[0]; p.Next != 18 || p.Lag() != 7 {
		t.Errorf("exact: next %d lag %d, want 18 and 7", p.Next, p.Lag())
	}
}
