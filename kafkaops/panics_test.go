package kafkaops

import (
	"strings"
	"testing"
)

func TestRecoverAsTurnsAPanicIntoAnError(t *testing.T) {
	run := func() (err error) {
		defer recoverAs(&err, "read partition")
		var m map[string]int
		m["x"] = 1 // a bug: assignment to a nil map
		return nil
	}
	err := run()
	if err == nil || !strings.HasPrefix(err.Error(), "read partition: internal error") {
		t.Fatalf("err = %v", err)
	}
}
