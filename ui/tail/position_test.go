package tail

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

// readerPositions is what a fake stream's readers report, set by the test
// as a real reader publishes after each fetch.
type readerPositions struct {
	mu  sync.Mutex
	pos []kafkaops.PartitionPosition
}

func (r *readerPositions) set(pos ...kafkaops.PartitionPosition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pos = append([]kafkaops.PartitionPosition(nil), pos...)
}

func (r *readerPositions) get() []kafkaops.PartitionPosition {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]kafkaops.PartitionPosition(nil), r.pos...)
}

var posOffset = regexp.MustCompile(`p0 @(\d+)`)

// lastRowOffset is the offset in the newest row on screen (follow mode:
// the last row of the table).
func lastRowOffset(t *testing.T, m *Model) int64 {
	t.Helper()
	e, ok := m.selected()
	if !ok {
		t.Fatal("no row shown")
	}
	if !strings.Contains(view(m), strconv.FormatInt(e.rec.Offset, 10)) {
		t.Fatalf("the newest row (offset %d) is not on screen:\n%s", e.rec.Offset, view(m))
	}
	return e.rec.Offset
}

// TestPositionLineAgreesWithRows: following, each batch that puts offset N
// on screen moves the position line to @N+1 in the same frame, with the
// lag from the same batch, not from the last rate tick a second ago.
func TestPositionLineAgreesWithRows(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	rp := &readerPositions{}
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 0, HighWatermark: 100})
	m.src.positions = rp.get
	m.pos = rp.get() // as the stream opened
	for round := range 3 {
		var recs []kafkaops.Record
		for i := range 10 {
			recs = append(recs, order(0, int64(round*10+i)))
		}
		// The reader publishes after handing the records over, as
		// kafkaops does; by the time the UI has them it says where it is.
		rp.set(kafkaops.PartitionPosition{Partition: 0, Next: int64(round*10 + 10), HighWatermark: 100})
		feed(t, m, f, recs...)
		last := lastRowOffset(t, m)
		pl := posOffset.FindStringSubmatch(m.positionLine())
		if pl == nil {
			t.Fatalf("round %d: no p0 position in %q", round, m.positionLine())
		}
		if next, _ := strconv.ParseInt(pl[1], 10, 64); next != last+1 {
			t.Errorf("round %d: rows show offset %d, the position line says @%d:\n%s", round, last, next, view(m))
		}
		if want := "lag " + strconv.FormatInt(100-(last+1), 10); !strings.Contains(m.positionLine(), want) {
			t.Errorf("round %d: position line %q lacks %q", round, m.positionLine(), want)
		}
	}
}

// TestPositionLineNeverBehindRows: even when the reader has not published
// yet (its Next still below what arrived), the position line is not behind
// the rows: the batch itself says how far the tail has read.
func TestPositionLineNeverBehindRows(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	rp := &readerPositions{}
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 0, HighWatermark: 5})
	m.src.positions = rp.get
	m.pos = rp.get() // as the stream opened
	feed(t, m, f, order(0, 0), order(0, 1), order(0, 2), order(0, 3), order(0, 4))
	if !strings.Contains(m.positionLine(), "p0 @5") || !strings.Contains(m.positionLine(), "lag 0") {
		t.Errorf("rows show offset 4, the position line is %q", m.positionLine())
	}
}

// TestPausedPositionStaysWithRows: paused, the rows stop; the readers go on
// until the stream's buffer is full and report positions past what is
// shown. The position line keeps the figures of what is on screen (which
// its "as of" says), and moves on after resume.
func TestPausedPositionStaysWithRows(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.tickEvery = time.Hour // the ticks are the test's
	rp := &readerPositions{}
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 0, HighWatermark: 3})
	m.src.positions = rp.get
	m.pos = rp.get() // as the stream opened
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 3, HighWatermark: 3})
	feed(t, m, f, order(0, 0), order(0, 1), order(0, 2))
	m.Update(own(m, tickMsg{at: fixedNow.Add(time.Second / 2)}))
	press(t, m, " ")
	before := m.positionLine()
	if !strings.Contains(before, "p0 @3") {
		t.Fatalf("position line before the pause: %q", before)
	}
	// Read on while paused, into the stream's buffer.
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 500, HighWatermark: 900})
	m.Update(own(m, tickMsg{at: fixedNow.Add(time.Second)}))
	if got := m.positionLine(); got != before {
		t.Errorf("paused, the rows still end at offset 2 but the position line moved:\nbefore %q\nafter  %q", before, got)
	}
	press(t, m, " ")
	m.Update(own(m, tickMsg{at: fixedNow.Add(2 * time.Second)}))
	if got := m.positionLine(); !strings.Contains(got, "lag ") || got == before {
		t.Errorf("resumed, the position line did not move on: %q", got)
	}
}

// TestPositionLineNotAheadOfRows: the readers run ahead of the screen by
// what waits in the stream's channel; a tick then keeps the line with the
// rows (lag counts what is not shown yet), and the batch that shows the
// rest moves it.
func TestPositionLineNotAheadOfRows(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.tickEvery = time.Hour // the ticks are the test's
	rp := &readerPositions{}
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 0, HighWatermark: 8})
	m.src.positions = rp.get
	m.pos = rp.get() // as the stream opened
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 3, HighWatermark: 8})
	feed(t, m, f, order(0, 0), order(0, 1), order(0, 2))
	// Five more read, still in the channel.
	for off := int64(3); off < 8; off++ {
		f.ch <- []kafkaops.Record{order(0, off)}
	}
	rp.set(kafkaops.PartitionPosition{Partition: 0, Next: 8, HighWatermark: 8})
	m.Update(own(m, tickMsg{at: fixedNow.Add(time.Second)}))
	if last := lastRowOffset(t, m); last != 2 || !strings.Contains(m.positionLine(), "p0 @3 lag 5") {
		t.Errorf("rows end at offset %d; position line %q, want p0 @3 lag 5", last, m.positionLine())
	}
	for _, msg := range uitest.RunCmd(t, waitOnly(m)) {
		m.Update(msg)
	}
	if last := lastRowOffset(t, m); last != 7 || !strings.Contains(m.positionLine(), "p0 @8") {
		t.Errorf("rows end at offset %d; position line %q, want p0 @8", last, m.positionLine())
	}
}
