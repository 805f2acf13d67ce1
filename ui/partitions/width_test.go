package partitions

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestColumnsGiveWayAt80 is defects 7 and 5 in the partitions tab: at 80
// columns the replica lists were cut to "1,2…", the error to "lead…" and
// the summary to "1 with err…", while LOW and HIGH kept their wide room.
// Now LOW and HIGH give way first (OFFSETS stays), so the leader, the
// replicas, the ISR and the error are whole, and the summary leaves out
// the offsets total rather than cut the problems. At 120 all is there.
func TestColumnsGiveWayAt80(t *testing.T) {
	m := loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	m.SetSize(80, 24)
	v := ansi.Strip(m.View())
	checkSize(t, m.View(), 80, 24)
	if strings.Contains(v, "…") {
		t.Errorf("something is cut at 80:\n%s", v)
	}
	lines := strings.Split(v, "\n")
	if want := " 4 partitions · 2 under-replicated · 1 offline · 1 with errors"; strings.TrimRight(lines[0], " ") != want {
		t.Errorf("summary at 80 %q, want %q", lines[0], want)
	}
	head := strings.Fields(lines[1])
	if strings.Join(head, " ") != "PARTITION LEADER REPLICAS ISR OFFSETS ERROR" {
		t.Errorf("columns at 80: %q", head)
	}
	if got := strings.Fields(lines[4]); strings.Join(got, " ") != "2 none 3,1,2 none ? leader not available" {
		t.Errorf("partition 2 at 80: %q", lines[4])
	}

	// Replica ids of four digits: the lists stay whole, PARTITION takes
	// its short title.
	d := sampleDetail()
	for i := range d.Partitions {
		p := &d.Partitions[i]
		p.Replicas = []int32{1001, 1002, 1003}
		if len(p.ISR) > 0 {
			p.ISR = []int32{1001, 1002, 1003}
		}
	}
	m = loaded(t, &fakeDescriber{detail: d, configs: sampleConfigs()})
	m.SetSize(80, 24)
	v = ansi.Strip(m.View())
	if strings.Contains(v, "…") || !strings.Contains(v, " 1001,1002,1003  1001,1002,1003 ") || !strings.Contains(v, " PART ") {
		t.Errorf("four-digit replica lists at 80:\n%s", v)
	}

	m = loaded(t, &fakeDescriber{detail: sampleDetail(), configs: sampleConfigs()})
	m.SetSize(120, 30)
	v = ansi.Strip(m.View())
	for _, want := range []string{" PARTITION ", " LOW ", " HIGH ", " 1,001,234,567 ", "1,326,067 offsets", " leader not available "} {
		if !strings.Contains(v, want) {
			t.Errorf("at 120 %q is missing:\n%s", want, v)
		}
	}
}
