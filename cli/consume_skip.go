package cli

import (
	"fmt"
	"github.com/kafkatui/kafkatui/internal/numfmt"
	"io"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// skipCheckEvery is how many records may pass between two looks at the
// stream's positions while the channel never runs dry (a long backlog).
// Positions takes the stream's mutex and copies a slice: cheap, but not per
// record.
const skipCheckEvery = 8192

// skipReporter tells the user, on stderr, when a partition lost records to
// retention before the stream read them. Without it the output would simply
// jump over them and a reader of the output could not tell.
type skipReporter struct {
	topic string
	w     io.Writer
	// seen is the Skipped count already reported, per partition.
	seen map[int32]int64
}

func newSkipReporter(topic string, w io.Writer) *skipReporter {
	return &skipReporter{topic: topic, w: w, seen: map[int32]int64{}}
}

// check prints one line per partition whose Skipped count grew since the
// last check.
func (r *skipReporter) check(ps []kafkaops.PartitionPosition) {
	for _, p := range ps {
		n := p.Skipped - r.seen[p.Partition]
		if n <= 0 {
			continue
		}
		r.seen[p.Partition] = p.Skipped
		noun := "records"
		if n == 1 {
			noun = "record"
		}
		fmt.Fprintf(r.w, "kafkatui: %s/%d: %s %s deleted by retention before they were read; continuing at offset %s\n",
			oneLine(r.topic), p.Partition, groupDigits(n), noun, groupDigits(p.ResumedAt))
	}
}

// groupDigits writes n with comma thousands separators: skips are often
// large and "1204000" is hard to read at a glance.
func groupDigits(n int64) string { return numfmt.Group(n) }
