package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// TestFaultBootstrapKill gives kafkatui one bootstrap address, that of the
// broker leading the partition it reads, and crashes that broker (SIGKILL)
// while an acks=all producer writes to the partition. Both a `kafkatui
// consume` and a UI-style batched stream must go on, with the broker still
// down, as soon as the cluster has elected a new leader, with every offset
// once and in order; topics, groups and describe on the UI's connection
// must keep working meanwhile. Before, kafka-go asked only the bootstrap
// address for metadata: the streams stalled until the broker came back.
func TestFaultBootstrapKill(t *testing.T) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	const part = 1
	topic := testkafka.TopicWithReplicas(t, brokers, 2, 3, map[string]string{"min.insync.replicas": "2"})
	adm, _ := testkafka.Admin(t, brokers)
	leader := partitionLeader(t, adm, topic, part)
	if leader < 1 {
		t.Fatalf("partition %d has no leader (%d)", part, leader)
	}
	boot := brokerAddr(t, adm, leader)

	prod := startSeqProducer(t, brokers, topic, part, 5*time.Millisecond)
	cons := startLiveConsume(t, "-b", boot, "consume", topic, "-p", strconv.Itoa(part), "-o", "beginning", "--json")

	c, err := kafkaops.Open(kafkaops.Config{Brokers: []string{boot}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ui := startBatchedTail(t, ctx, c, topic, part)

	cons.waitFor(t, time.Minute, 300)
	ui.waitFor(t, time.Minute, "300 records", func(recs []liveRecord) bool { return len(recs) >= 300 })
	// The UI lists topics and groups from the start: its connection is
	// established before the broker dies.
	ops := uiOps(c, topic)
	for name, op := range ops {
		if err := op(ctx, -1); err != nil {
			t.Fatalf("%s before the kill: %v", name, err)
		}
	}
	beforeCons, beforeUI := len(cons.snapshot()), len(ui.snapshot())

	killed := time.Now()
	testkafka.KillNode(t, int(leader))

	// While the broker is down: the UI's connection keeps answering,
	// and the streams go on.
	var newLeader int32
	var moved time.Duration
	var opsRun, opsFailed int
	var firstFail []string
	resumed := map[string]time.Duration{}
	deadline := time.Now().Add(2 * time.Minute)
	for len(resumed) < 2 || newLeader < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("after %s with broker %d down: new leader %d, resumed %v; consume read %d records (stderr %q), tail %d (retrying: %v)",
				time.Since(killed).Round(time.Second), leader, newLeader, resumed, len(cons.snapshot()), cons.stderr.String(), len(ui.snapshot()), ui.retried())
		}
		if newLeader < 1 {
			if l := partitionLeader(t, adm, topic, part); l > 0 && l != leader {
				newLeader, moved = l, time.Since(killed)
			}
		}
		// Resumed: records the new leader accepted reached the stream.
		if _, ok := resumed["consume"]; !ok && len(cons.snapshot()) >= beforeCons+500 {
			resumed["consume"] = time.Since(killed)
		}
		if _, ok := resumed["tail"]; !ok && len(ui.snapshot()) >= beforeUI+500 {
			resumed["tail"] = time.Since(killed)
		}
		for name, op := range ops {
			opsRun++
			if err := op(ctx, leader); err != nil {
				opsFailed++
				if len(firstFail) < 5 {
					firstFail = append(firstFail, fmt.Sprintf("%s after %s: %v", name, time.Since(killed).Round(100*time.Millisecond), err))
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if opsFailed > 0 {
		t.Errorf("%d of %d topic, group and describe calls failed with broker %d down: %s", opsFailed, opsRun, leader, strings.Join(firstFail, "; "))
	}
	for _, r := range ui.retried() {
		if strings.Contains(r, "any broker") {
			t.Errorf("the tail said %q while two brokers answered", r)
		}
	}

	testkafka.StartNode(t, int(leader))
	acked := prod.stop(t)
	last := int64(len(acked) - 1)
	cons.waitForOffset(t, time.Minute, last)
	ui.waitFor(t, time.Minute, fmt.Sprintf("offset %d", last), func(recs []liveRecord) bool {
		return len(recs) > 0 && recs[len(recs)-1].Offset >= last
	})
	got, code, stderr := cons.stop(t)
	if code != ExitOK || stderr != "" {
		t.Errorf("consume exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	tail := ui.stop(t)

	for _, s := range []struct {
		name   string
		recs   []liveRecord
		before int
	}{{"consume", got, beforeCons}, {"tail", tail, beforeUI}} {
		ok := checkRecords(t, s.recs, acked)
		t.Logf("%s -b %s (broker %d only): before kill: %s; broker %d killed, new leader %d after %s, stream resumed after %s with broker %d still down; after: %s; contiguous: %s",
			s.name, boot, leader, offsetSpan(s.recs[:s.before]), leader, newLeader, moved.Round(100*time.Millisecond),
			resumed[s.name].Round(100*time.Millisecond), leader, offsetSpan(s.recs[s.before:]), yesNo(ok))
	}
	t.Logf("while broker %d was down: %d topic, group and describe calls, %d failed; the tail said: %q", leader, opsRun, opsFailed, ui.retried())
}

// uiOps are what the UI's panes ask while a tail runs. A group listing
// that names only the dead broker as incomplete is what the groups pane
// shows as a partial list, so it counts as working.
func uiOps(c *kafkaops.Cluster, topic string) map[string]func(context.Context, int32) error {
	return map[string]func(context.Context, int32) error{
		"topics": func(ctx context.Context, _ int32) error { _, err := c.ListTopics(ctx); return err },
		"describe": func(ctx context.Context, _ int32) error {
			d, err := c.DescribeTopic(ctx, topic)
			if err == nil && len(d.Partitions) != 2 {
				err = fmt.Errorf("%d partitions, want 2", len(d.Partitions))
			}
			return err
		},
		"brokers": func(ctx context.Context, _ int32) error { _, err := c.DescribeCluster(ctx); return err },
		"groups": func(ctx context.Context, dead int32) error {
			_, err := c.ListGroups(ctx)
			var pe *kafkaops.PartialError
			if errors.As(err, &pe) && len(pe.Failures) == 1 && pe.Failures[0].Broker == dead {
				return nil
			}
			return err
		},
	}
}

// brokerAddr is the host:port broker id advertises.
func brokerAddr(t *testing.T, adm *kadm.Client, id int32) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	md, err := adm.Metadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range md.Brokers {
		if b.NodeID == id {
			return net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port)))
		}
	}
	t.Fatalf("broker %d is not in the metadata", id)
	return ""
}

// batchedTail is a Batched stream read as the UI's tail reads it.
type batchedTail struct {
	s      *kafkaops.Stream
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	recs    []liveRecord
	retries []string // distinct Retrying messages seen in Positions
}

func startBatchedTail(t *testing.T, ctx context.Context, c *kafkaops.Cluster, topic string, part int32) *batchedTail {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	s, err := c.Consume(ctx, kafkaops.ConsumeRequest{Topic: topic, Partitions: []int32{part}, Batched: true})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	b := &batchedTail{s: s, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case batch, ok := <-s.Batches:
				if !ok {
					return
				}
				b.mu.Lock()
				for _, r := range batch {
					b.recs = append(b.recs, liveRecord{Offset: r.Offset, Value: string(r.Value)})
				}
				b.mu.Unlock()
			case <-tick.C:
				for _, p := range s.Positions() {
					if p.Retrying != nil {
						b.noteRetry(p.Retrying.Error())
					}
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-b.done })
	return b
}

func (b *batchedTail) noteRetry(msg string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.retries {
		if m == msg {
			return
		}
	}
	b.retries = append(b.retries, msg)
}

func (b *batchedTail) retried() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.retries...)
}

func (b *batchedTail) snapshot() []liveRecord {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]liveRecord(nil), b.recs...)
}

func (b *batchedTail) waitFor(t *testing.T, d time.Duration, what string, cond func([]liveRecord) bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond(b.snapshot()) {
		select {
		case <-b.done:
			t.Fatalf("tail stream ended (err %v) before %s", b.s.Err(), what)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; the tail has read %d records (retrying: %v)", d, what, len(b.snapshot()), b.retried())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop cancels the stream and returns what it read.
func (b *batchedTail) stop(t *testing.T) []liveRecord {
	t.Helper()
	b.cancel()
	<-b.done
	if err := b.s.Err(); err != nil {
		t.Errorf("tail stream: %v", err)
	}
	return b.snapshot()
}
