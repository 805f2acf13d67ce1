package table

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

func TestOrder(t *testing.T) {
	type row struct {
		name string
		n    int
	}
	rows := []row{{"b", 2}, {"A", 1}, {"a", 1}, {"c", 1}, {"B", 3}, {"d", 2}}
	sorted := func(byName, desc bool) []string {
		rs := slices.Clone(rows)
		slices.SortFunc(rs, func(a, b row) int {
			key := 0
			if !byName {
				key = cmp.Compare(a.n, b.n)
			}
			la, lb := strings.ToLower(a.name), strings.ToLower(b.name)
			return Order(key, desc, byName, &la, &lb, &a.name, &b.name)
		})
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.name
		}
		return out
	}
	for _, tc := range []struct {
		byName, desc bool
		want         []string
	}{
		// Case does not split names; the exact name decides between "A" and "a".
		{true, false, []string{"A", "a", "B", "b", "c", "d"}},
		{true, true, []string{"d", "c", "b", "B", "a", "A"}},
		// Ties on the key go A to Z whichever way the key goes.
		{false, false, []string{"A", "a", "c", "b", "d", "B"}},
		{false, true, []string{"B", "b", "d", "A", "a", "c"}},
	} {
		if got := sorted(tc.byName, tc.desc); !slices.Equal(got, tc.want) {
			t.Errorf("by name %v desc %v: %v, want %v", tc.byName, tc.desc, got, tc.want)
		}
	}
}
