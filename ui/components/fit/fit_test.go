package fit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func TestBox(t *testing.T) {
	got := Box("short\na line that is far too long\nthree\nfour", 10, 3)
	want := "short\na line th…\nthree"
	if got != want {
		t.Errorf("Box = %q, want %q", got, want)
	}
	if got := Box("x", 5, 3); got != "x\n\n" {
		t.Errorf("Box pads to h lines: %q", got)
	}
	if got := Box("日本語の名前", 5, 1); ansi.StringWidth(got) > 5 {
		t.Errorf("wide text over the width: %q", got)
	}
}

func TestSpread(t *testing.T) {
	if got := Spread("left", "right", 12); got != "left   right" {
		t.Errorf("Spread = %q", got)
	}
	got := Spread("a long left part", "right", 12)
	if ansi.StringWidth(got) != 12 || !strings.HasSuffix(got, " right") || !strings.Contains(got, "…") {
		t.Errorf("Spread cut = %q", got)
	}
	if got := Spread("left", "a right part too wide", 8); ansi.StringWidth(got) > 8 {
		t.Errorf("Spread overflow = %q", got)
	}
}

func TestWrap(t *testing.T) {
	lines := Wrap("invalid replication factor: Replication factor: 5 larger than available brokers: 3.", 30)
	if len(lines) != 3 {
		t.Errorf("Wrap = %q", lines)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 30 {
			t.Errorf("line over 30 cells: %q", l)
		}
	}
	long := Wrap(strings.Repeat("word ", 100), 20)
	if len(long) != MaxWrap || !strings.HasSuffix(long[MaxWrap-1], "…") {
		t.Errorf("Wrap should stop at %d lines with an ellipsis: %q", MaxWrap, long)
	}
	if got := Indent([]string{"a", "b"}, "  ", lipgloss.NewStyle()); strings.Join(got, "|") != "  a|  b" {
		t.Errorf("Indent = %q", got)
	}
}

func TestHang(t *testing.T) {
	label := " billing-replay  STOP  "
	text := "payments/0: no commit for 4 refreshes and no consumer in the group"
	got := Hang(label, text, lipgloss.NewStyle(), 70, 2)
	if len(got) != 2 || !strings.HasPrefix(got[0], label+"payments/0:") {
		t.Fatalf("Hang = %q", got)
	}
	pad := strings.Repeat(" ", len(label))
	if !strings.HasPrefix(got[1], pad) || strings.HasPrefix(got[1], pad+" ") {
		t.Errorf("the second line should start under the text: %q", got)
	}
	if joined := strings.Join(strings.Fields(strings.Join(got, " ")), " "); !strings.Contains(joined, text) {
		t.Errorf("text not whole: %q", got)
	}
	for _, l := range got {
		if ansi.StringWidth(l) > 70 {
			t.Errorf("line over 70 cells: %q", l)
		}
	}
	if got := Hang(label, strings.Repeat("word ", 40), lipgloss.NewStyle(), 60, 2); len(got) != 2 || !strings.HasSuffix(got[1], "…") || ansi.StringWidth(got[1]) > 60 {
		t.Errorf("Hang should stop at 2 lines with an ellipsis: %q", got)
	}
	if got := Hang(label, "short", lipgloss.NewStyle(), 60, 2); len(got) != 1 || got[0] != label+"short" {
		t.Errorf("a short text stays on one line: %q", got)
	}
	// A label wider than the room has a line of its own.
	got = Hang(strings.Repeat("x", 30)+" ", "some words to wrap here", lipgloss.NewStyle(), 40, 3)
	if len(got) != 2 || got[1] != " some words to wrap here" {
		t.Errorf("wide label: %q", got)
	}
}

func TestRanked(t *testing.T) {
	parts := []Part{{"4 partitions", 3}, {"1,326,067 offsets", 1}, {"2 under-replicated", 3}, {"0 offline", 0}, {"internal", 2}}
	if got := Ranked(parts, " · ", 100); got != "4 partitions · 1,326,067 offsets · 2 under-replicated · 0 offline · internal" {
		t.Errorf("Ranked with room = %q", got)
	}
	got := Ranked(parts, " · ", 50)
	if got != "4 partitions · 2 under-replicated · internal" {
		t.Errorf("Ranked at 50 = %q", got)
	}
	// Exactly the width of all parts: nothing left out.
	all := "4 partitions · 1,326,067 offsets · 2 under-replicated · 0 offline · internal"
	if got := Ranked(parts, " · ", ansi.StringWidth(all)); got != all {
		t.Errorf("Ranked at its own width = %q", got)
	}
	if got := Ranked(parts, " · ", 5); got != "" {
		t.Errorf("Ranked at 5 = %q", got)
	}
}
