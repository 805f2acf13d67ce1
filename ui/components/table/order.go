package table

import "strings"

// Order finishes the comparison of two rows a and b of a table of named
// rows (topics, groups) sorted on one column, for slices.SortFunc. key is
// how the rows' values in the sort column compare (cmp.Compare; 0 when the
// sort column is the name column, nameCol), and desc reverses it. Rows that
// tie go by name A to Z whichever way the column goes, as people read them
// (lowerA, lowerB: the names lowercased), then by exact name (exactA,
// exactB), so no two rows tie and the order is the same from one refresh to
// the next; on the name column, descending is Z to A. The column keys stay
// with each pane; only this part is shared, so every sortable table breaks
// ties and reverses alike.
//
// The names are passed by pointer, and Order is small enough to inline, so
// that a comparison the key settles (most of them) reads no name from the
// rows: sorting 10,000 topics compares some 130,000 times.
func Order(key int, desc, nameCol bool, lowerA, lowerB, exactA, exactB *string) int {
	if key != 0 {
		if desc {
			return -key
		}
		return key
	}
	return byName(nameCol && desc, lowerA, lowerB, exactA, exactB)
}

// byName orders two rows by name (see Order), Z to A when reverse.
func byName(reverse bool, lowerA, lowerB, exactA, exactB *string) int {
	c := strings.Compare(*lowerA, *lowerB)
	if c == 0 {
		c = strings.Compare(*exactA, *exactB)
	}
	if reverse {
		return -c
	}
	return c
}
