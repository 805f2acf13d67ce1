package tail

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// TestHeaderShowsRecordsSkippedByRetention: once the stream reports records
// deleted before it read them, the header says how many, summed over
// partitions, as a warning; before that it says nothing about skips.
func TestHeaderShowsRecordsSkippedByRetention(t *testing.T) {
	f := newFake()
	m, _ := started(t, f, 0)
	m.src.positions = func() []kafkaops.PartitionPosition {
		return []kafkaops.PartitionPosition{{Partition: 0, Next: 4, HighWatermark: 4}, {Partition: 1, Next: 9, HighWatermark: 9}}
	}
	m.Update(own(m, tickMsg{at: fixedNow.Add(time.Second)}))
	if v := view(m); strings.Contains(v, "skipped") {
		t.Fatalf("nothing skipped, yet the view says so:\n%s", v)
	}

	m.src.positions = func() []kafkaops.PartitionPosition {
		return []kafkaops.PartitionPosition{
			{Partition: 0, Next: 5000, HighWatermark: 5000, Skipped: 1204},
			{Partition: 1, Next: 9, HighWatermark: 9, Skipped: 1},
		}
	}
	m.Update(own(m, tickMsg{at: fixedNow.Add(2 * time.Second)}))
	mustContain(t, view(m), "lag 0 · skipped 1,205")

	// Colour on, to see the warning style (no test here runs in parallel).
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	want := m.c.Styles.Warning.Render("skipped 1,205")
	if want == "skipped 1,205" {
		t.Fatal("the test needs a warning style that renders")
	}
	if !strings.Contains(m.View(), want) {
		t.Errorf("skipped count not styled as a warning: want %q in the view", want)
	}
}
