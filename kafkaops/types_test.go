package kafkaops

import (
	"slices"
	"testing"
)

func TestFormatAssignment(t *testing.T) {
	tp := func(topic string, ps ...int32) []TopicPartition {
		var out []TopicPartition
		for _, p := range ps {
			out = append(out, TopicPartition{Topic: topic, Partition: p})
		}
		return out
	}
	for _, tc := range []struct {
		in   []TopicPartition
		want string
	}{
		{nil, ""},
		{tp("orders", 0), "orders[0]"},
		{append(tp("audit", 3), tp("orders", 0, 1, 2, 5, 7, 8)...), "audit[3] orders[0-2,5,7-8]"},
		// Out of order, as a hand-made or decoded list may be: topics in
		// name order, each topic once.
		{append(tp("orders", 5, 0, 1), append(tp("audit", 3), tp("orders", 2)...)...), "audit[3] orders[0-2,5]"},
		{append(tp("b", 1, 1), tp("a", 0)...), "a[0] b[1]"},
	} {
		in := slices.Clone(tc.in)
		if got := FormatAssignment(in); got != tc.want {
			t.Errorf("FormatAssignment(%v) = %q, want %q", tc.in, got, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("FormatAssignment(%v) reordered its argument to %v", tc.in, in)
		}
	}
}
