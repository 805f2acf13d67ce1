package groupview

import (
	"strings"
	"testing"
)

// TestPartitionTitleAsCLI is defect 9: the lag table says PARTITION, as
// `kafkatui group describe` does, and PART only where the names need the
// room: the 80-column table of a group that lost records (EXPIRED).
func TestPartitionTitleAsCLI(t *testing.T) {
	for _, c := range []struct {
		group string
		w, h  int
		want  string
	}{
		{"analytics", 80, 24, " TOPIC        PARTITION  COMMITTED "},
		{"analytics", 100, 30, " PARTITION  COMMITTED "},
		{"archiver", 100, 30, " PARTITION  COMMITTED "},
		{"archiver", 80, 24, " TOPIC        PART  COMMITTED "},
	} {
		m := opened(t, sampleFake(), c.group, false, 2)
		m.SetSize(c.w, c.h)
		rows := tableRows(m)
		if !strings.Contains(rows[0], c.want) {
			t.Errorf("%s at %dx%d: header %q, want %q", c.group, c.w, c.h, rows[0], c.want)
		}
		if strings.Contains(rows[1], "…") {
			t.Errorf("%s at %dx%d: a name is cut: %q", c.group, c.w, c.h, rows[1])
		}
	}
}
