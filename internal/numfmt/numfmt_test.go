package numfmt

import (
	"math"
	"slices"
	"testing"
)

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", -1000: "-1,000", -999: "-999",
		1234567: "1,234,567", 1001234567: "1,001,234,567", -12345: "-12,345",
		math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := Group(n); got != want {
			t.Errorf("Group(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Group(int32(12000)); got != "12,000" {
		t.Errorf("Group(int32 12000) = %q", got)
	}
}

func TestRanges(t *testing.T) {
	for _, tc := range []struct {
		ids  []int32
		want string
	}{
		{nil, ""},
		{[]int32{}, ""},
		{[]int32{0}, "0"},
		{[]int32{7}, "7"},
		{[]int32{0, 1}, "0-1"},
		{[]int32{0, 1, 2}, "0-2"},
		{[]int32{0, 2}, "0,2"},
		{[]int32{0, 1, 2, 5}, "0-2,5"},
		{[]int32{0, 1, 3, 5, 6, 7}, "0-1,3,5-7"},
		{[]int32{5, 2, 0, 1}, "0-2,5"},       // unsorted
		{[]int32{0, 1, 1, 2, 5, 5}, "0-2,5"}, // duplicates listed once
		{[]int32{3, 3}, "3"},                 // a duplicate is not a run
		{[]int32{9, 10, 11, 99, 100}, "9-11,99-100"},
		{[]int32{math.MaxInt32 - 1, math.MaxInt32}, "2147483646-2147483647"},
	} {
		in := slices.Clone(tc.ids)
		if got := Ranges(in); got != tc.want {
			t.Errorf("Ranges(%v) = %q, want %q", tc.ids, got, tc.want)
		}
		if !slices.Equal(in, tc.ids) {
			t.Errorf("Ranges(%v) changed its argument to %v", tc.ids, in)
		}
	}
}

// TestGroupAllocations: Group runs for every cell of every refresh; it
// allocates nothing for small numbers and only the result otherwise.
func TestGroupAllocations(t *testing.T) {
	for n, want := range map[int64]float64{7: 0, 999: 1, 1234567: 1, math.MinInt64: 1} {
		if got := testing.AllocsPerRun(100, func() { _ = Group(n) }); got > want {
			t.Errorf("Group(%d): %.0f allocations, want at most %.0f", n, got, want)
		}
	}
}
