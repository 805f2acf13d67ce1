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
