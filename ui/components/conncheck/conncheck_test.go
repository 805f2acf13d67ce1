package conncheck

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

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
	old := New(describer{err: errors.New("down")}, time.Hour, lg)
	cur := New(describer{}, time.Hour, lg)
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

// blocker answers only when its request is cancelled.
type blocker struct{}

func (blocker) DescribeCluster(ctx context.Context) (kafkaops.ClusterInfo, error) {
	<-ctx.Done()
	return kafkaops.ClusterInfo{}, ctx.Err()
}

// Stop cancels the request in flight: a check of a cluster the UI left
// must not hold a connection to it until its timeout.
func TestStopCancelsTheRequestInFlight(t *testing.T) {
	c := New(blocker{}, time.Hour, log.New(io.Discard, "", 0))
	done := make(chan tea.Msg, 1)
	go func() { done <- c.Start()() }()
	c.Stop()
	select {
	case msg := <-done:
		if r, ok := msg.(resultMsg); !ok || !errors.Is(r.err, context.Canceled) {
			t.Errorf("after Stop the request returned %+v", msg)
		}
	case <-time.After(time.Minute):
		t.Fatal("Stop did not cancel the request in flight")
	}
}
