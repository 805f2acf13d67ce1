package table

import "testing"

func TestCounted(t *testing.T) {
	for n, want := range map[int]string{0: "0 partitions", 1: "1 partition", 2: "2 partitions", 10000: "10000 partitions"} {
		if got := Counted(n, "partition"); got != want {
			t.Errorf("Counted(%d) = %q, want %q", n, got, want)
		}
	}
}
