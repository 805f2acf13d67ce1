package sparkline

import (
	"strconv"
	"testing"
)

func TestRender(t *testing.T) {
	cases := []struct {
		vals  []int64
		width int
		want  string
	}{
		{nil, 4, "    "},
		{[]int64{0, 0, 0}, 5, "  ▁▁▁"},
		{[]int64{4990, 4990}, 2, "▄▄"},
		{[]int64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{[]int64{1200, 1230, 1260, 1290}, 4, "▁▃▆█"},
		{[]int64{1000, 0}, 2, "█▁"},
		{[]int64{9, 9, 0, 7, 14}, 3, "▁▅█"},
		{[]int64{3}, 0, ""},
	}
	for _, c := range cases {
		if got := Render(c.vals, c.width); got != c.want {
			t.Errorf("Render(%v, %d) = %q, want %q", c.vals, c.width, got, c.want)
		}
	}
}

func TestSpan(t *testing.T) {
	if lo, hi, ok := Span([]int64{200000, 1, 2}, 2); !ok || lo != 1 || hi != 2 {
		t.Errorf("Span of the last 2 shown = %d, %d, %v; want 1, 2", lo, hi, ok)
	}
	itoa := func(v int64) string { return strconv.FormatInt(v, 10) }
	if got := Label([]int64{200000, 1, 2}, 2, itoa); got != "1–2" {
		t.Errorf("Label = %q, want 1–2", got)
	}
	if got := Label([]int64{7, 7}, 2, itoa); got != "" {
		t.Errorf("Label of a flat series = %q, want none", got)
	}
	if _, _, ok := Span(nil, 4); ok {
		t.Errorf("Span of nothing is ok")
	}
}
