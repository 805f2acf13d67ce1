package cli

import (
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Runs of marked records become one stderr line each, after stdout was
// flushed; ordinary records make none.
func TestTxnReporterRuns(t *testing.T) {
	var errOut strings.Builder
	flushes := 0
	r := newTxnReporter("pay\x1b[2J", &errOut, func() error { flushes++; return nil })
	rec := func(p int32, off int64, txn kafkaops.TxnState) {
		r.observe(&kafkaops.Record{Partition: p, Offset: off, Txn: txn})
	}
	rec(0, 0, kafkaops.TxnNone)
	rec(0, 1, kafkaops.TxnNone)
	if errOut.Len() != 0 || flushes != 0 {
		t.Fatalf("ordinary records noted: %q", errOut.String())
	}
	rec(0, 3, kafkaops.TxnAborted)
	rec(0, 4, kafkaops.TxnAborted)
	rec(0, 5, kafkaops.TxnAborted)
	rec(1, 9, kafkaops.TxnOpen)
	rec(0, 7, kafkaops.TxnNone) // ends partition 0's run only
	rec(1, 10, kafkaops.TxnOpen)
	r.flush()
	want := "kafkatui: pay\\x1b[2J/0: offsets 3-5 (3 records): aborted transaction: rolled back, read_committed consumers never see it (--isolation committed leaves such records out)\n" +
		"kafkatui: pay\\x1b[2J/1: offsets 9-10 (2 records): transaction still open: read_committed consumers see it only if it commits\n"
	if errOut.String() != want {
		t.Errorf("stderr\n%s\nwant\n%s", errOut.String(), want)
	}
	if flushes != 2 {
		t.Errorf("stdout flushed %d times before notes, want 2", flushes)
	}
}
