package kafkaops

import (
	"context"
	"testing"
	"time"
)

// opWatchdog bounds an operation that a test expects its own timeout (or
// a context the test gave it) to end. It is far beyond the timeouts tests
// set (1-2 s) and what a machine many times slower than usual adds to
// them, so an operation it ends is one that nothing else would have ended.
const opWatchdog = 2 * time.Minute

// endsItself runs op under the watchdog and fails the test if the
// watchdog had to end it. Tests check this instead of "took less than the
// timeout plus N", which measures the machine's speed and fails on a
// loaded one.
func endsItself(t *testing.T, what string, op func(context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opWatchdog)
	defer cancel()
	start := time.Now()
	err := op(ctx)
	if ctx.Err() != nil {
		t.Errorf("%s: still running after %s: its own timeout did not end it", what, time.Since(start).Round(time.Millisecond))
	}
	return err
}
