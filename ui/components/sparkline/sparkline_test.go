package sparkline

import "testing"

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
