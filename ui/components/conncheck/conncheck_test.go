package conncheck

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

type describer struct{ err error }

func (d describer) DescribeCluster(context.Context) (kafkaops.ClusterInfo, error) {
	return kafkaops.ClusterInfo{Brokers: make([]kafkaops.Broker, 2)}, d.err
}

// A check of a cluster switched away from leaves the new one's state
// alone: its results carry the check they belong to.
func TestResultsOfAnotherCheckAreDropped(t *testing.T) {
	lg := log.New(io.Discard, "", 0)
	old := New(context.Background(), describer{err: errors.New("down")}, time.Hour, lg)
	cur := New(context.Background(), describer{}, time.Hour, lg)
	for _, msg := range uitest.RunCmd(t, old.Start()) {
		if _, own := cur.Update(msg); !own {
			t.Fatalf("%T not recognised as a check's message", msg)
		}
	}
	if cur.State != common.ConnConnecting || cur.Brokers != -1 {
		t.Errorf("the old check's failure reached the new one: %s, %d brokers", cur.State, cur.Brokers)
	}
	for _, msg := range uitest.RunCmd(t, cur.Start()) {
		cur.Update(msg)
	}
	if cur.State != common.ConnConnected || cur.Brokers != 2 {
		t.Errorf("state %s, %d brokers after its own check", cur.State, cur.Brokers)
	}
}
