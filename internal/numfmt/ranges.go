package numfmt

import (
	"slices"
	"strconv"
)

// Ranges lists ids (partition numbers) compactly, runs of consecutive ids
// collapsed: [5 0 1 2] is "0-2,5", nothing is "". The ids are listed in
// increasing order whatever their order in ids, and an id given twice is
// listed once; ids itself is left as it was (a caller's slice may be its
// data). Partition ids are never negative, and a run of negative ids
// ("-3--1") would read badly: callers pass ids that are not.
func Ranges(ids []int32) string {
	if !slices.IsSorted(ids) {
		ids = slices.Sorted(slices.Values(ids))
	}
	b := make([]byte, 0, 4*len(ids))
	for i := 0; i < len(ids); {
		j := i // ids[i..j] is a run: each one more than the one before, or the same
		for j+1 < len(ids) && (ids[j+1] == ids[j] || ids[j+1] == ids[j]+1) {
			j++
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(ids[i]), 10)
		if ids[j] != ids[i] {
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(ids[j]), 10)
		}
		i = j + 1
	}
	return string(b)
}
