package kafkaops

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestPositionsReportRetrying breaks every fetch for a while (the broker
// drops the connection, as during a restart): Positions must say the reader
// is retrying, and clear it once fetches work again, with no record lost.
func TestPositionsReportRetrying(t *testing.T) {
	skipOnReal(t)
	const topic = "flaky"
	kc := testkafka.NewCluster(t, kfake.NumBrokers(1), kfake.SeedTopics(1, topic))
	var failing atomic.Bool
	kc.ControlKey(int16(kmsg.Fetch), func(kmsg.Request) (kmsg.Response, error, bool) {
		kc.KeepControl()
		if failing.Load() {
			return nil, errors.New("injected: connection dropped"), true
		}
		return nil, nil, false
	})
	brokers := kc.ListenAddrs()
	c := consumeCluster(t, brokers)
	ctx := consumeCtx(t)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Value: []byte("0")})
	s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Start: Position{Kind: PosBeginning}})
	consumeTake(t, s, 1, 10*time.Second)

	failing.Store(true)
	waitPos := func(what string, ok func(PartitionPosition) bool) {
		t.Helper()
		deadline := time.Now().Add(minWait)
		for {
			if p := s.Positions(); len(p) == 1 && ok(p[0]) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: positions %+v", what, s.Positions())
			}
			time.Sleep(20 * time.Millisecond) // polling another goroutine's state
		}
	}
	waitPos("retrying while fetches fail", func(p PartitionPosition) bool { return p.Retrying != nil })

	failing.Store(false)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Value: []byte("1")})
	if r := consumeTake(t, s, 1, 15*time.Second); r[0].Offset != 1 {
		t.Fatalf("after recovery got offset %d, want 1", r[0].Offset)
	}
	waitPos("cleared after a good fetch", func(p PartitionPosition) bool { return p.Retrying == nil && p.Next == 2 })
}
