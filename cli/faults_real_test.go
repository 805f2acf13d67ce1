package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// These tests stop and kill brokers of the real 3-node cluster that
// scripts/integration.sh starts (node ids 1-3 are the broker ids), and skip
// elsewhere. Nodes a test stops are restarted at its cleanup.

// TestFaultLeaderKill crashes (SIGKILL) the broker leading the partition a
// `kafkatui consume` reads while an idempotent acks=all producer writes a
// numbered record every 5 ms: once leadership has moved, the stream must go
// on with every offset exactly once, in order, holding what the producer
// had acknowledged at that offset.
func TestFaultLeaderKill(t *testing.T) { leaderFault(t, true) }

// TestFaultLeaderStop is TestFaultLeaderKill with a controlled shutdown of
// the leader: leadership moves at once, and the stream meets "not leader"
// answers rather than refused connections.
func TestFaultLeaderStop(t *testing.T) { leaderFault(t, false) }

func leaderFault(t *testing.T, kill bool) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	const part = 1
	what, done := "kill", "killed"
	if !kill {
		what, done = "stop", "stopped"
	}
	topic := testkafka.TopicWithReplicas(t, brokers, 2, 3, map[string]string{"min.insync.replicas": "2"})
	adm, _ := testkafka.Admin(t, brokers)

	prod := startSeqProducer(t, brokers, topic, part, 5*time.Millisecond)
	cons := startLiveConsume(t, "-b", cluster(t), "consume", topic, "-p", fmt.Sprint(part), "-o", "beginning", "--json")
	cons.waitFor(t, time.Minute, 300)

	leader := partitionLeader(t, adm, topic, part)
	if leader < 1 {
		t.Fatalf("partition %d has no leader before the %s (%d)", part, what, leader)
	}
	before := len(cons.snapshot())
	killed := time.Now()
	if kill {
		testkafka.KillNode(t, int(leader))
	} else {
		testkafka.StopNode(t, int(leader))
	}

	var newLeader int32
	waitFor(t, 90*time.Second, "a new leader after the "+what, func() bool {
		newLeader = partitionLeader(t, adm, topic, part)
		return newLeader > 0 && newLeader != leader
	})
	moved := time.Since(killed)
	// Keep reading well past the move: records the new leader accepted.
	atMove := len(cons.snapshot())
	cons.waitFor(t, time.Minute, atMove+500)

	testkafka.StartNode(t, int(leader))
	acked := prod.stop(t)
	last := int64(len(acked) - 1)
	cons.waitForOffset(t, time.Minute, last)
	got, code, stderr := cons.stop(t)
	if code != ExitOK || stderr != "" {
		t.Errorf("consume exit %d, stderr %q; want 0 and nothing", code, stderr)
	}

	contiguous := checkRecords(t, got, acked)
	t.Logf("before %s: %s; leader %d %s; new leader %d after %s; after: %s; contiguous: %s",
		what, offsetSpan(got[:before]), leader, done, newLeader, moved.Round(100*time.Millisecond), offsetSpan(got[before:]), yesNo(contiguous))
	if before == 0 || before == len(got) {
		t.Errorf("read %d records before the %s and %d after; want some on each side", before, what, len(got)-before)
	}
}

// TestFaultAllBrokersDown stops the whole cluster: every headless command
// must fail with exit 1 and one clear line within its --timeout (plus a
// margin for the process), never hang.
func TestFaultAllBrokersDown(t *testing.T) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.TopicWithReplicas(t, brokers, 1, 3, nil)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Value: []byte("x")})

	testkafka.StopNode(t, testkafka.AllNodes)
	commandsFail(t, b, topic, 2*time.Second)
}

// TestFaultAllBrokersFrozen freezes every broker process (SIGSTOP): their
// sockets still accept connections but nothing answers, as with a hung
// cluster or a network that drops packets. Every headless command must
// still fail within its --timeout plus a margin, with one clear line.
func TestFaultAllBrokersFrozen(t *testing.T) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	b := cluster(t)
	topic := testkafka.TopicWithReplicas(t, brokers, 1, 3, nil)
	testkafka.Produce(t, brokers, &kgo.Record{Topic: topic, Value: []byte("x")})

	freezeAllNodes(t, brokers)
	commandsFail(t, b, topic, 3*time.Second)
}

// commandsFail runs every headless command against the unavailable cluster
// b with --timeout 3s: each must exit 1 within the timeout plus margin with
// one line on stderr that names the brokers it tried, and write nothing on
// stdout.
func commandsFail(t *testing.T, b, topic string, margin time.Duration) {
	t.Helper()
	const timeout = 3 * time.Second
	cmds := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"topics", "", []string{"topics"}},
		{"topic describe", "", []string{"topic", "describe", topic}},
		{"consume -e", "", []string{"consume", topic, "-e"}},
		{"consume", "", []string{"consume", topic}},
		{"produce", "v1\nv2\n", []string{"produce", topic}},
		{"groups", "", []string{"groups"}},
		{"group describe", "", []string{"group", "describe", "some-group"}},
		{"brokers", "", []string{"brokers"}},
	}
	for _, c := range cmds {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			// A hang must fail this test, not the whole suite's -timeout.
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			args := append([]string{"-b", b, "--timeout", timeout.String()}, c.args...)
			r := runWith(t, runOpts{ctx: ctx, stdin: c.stdin}, args...)
			if ctx.Err() != nil {
				t.Fatalf("still running after %s: hangs", time.Minute)
			}
			t.Logf("%s: exit %d after %s: %s", c.name, r.code, r.elapsed.Round(time.Millisecond), strings.TrimSpace(r.stderr))
			r.failed(t, b)
			if r.elapsed > timeout+margin {
				t.Errorf("failed after %s, want within %s + %s", r.elapsed.Round(time.Millisecond), timeout, margin)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
		})
	}
}

// freezeAllNodes stops every broker process with SIGSTOP and, at cleanup,
// resumes them and waits until the cluster serves metadata with every broker.
func freezeAllNodes(t *testing.T, brokers []string) {
	t.Helper()
	dir := os.Getenv(testkafka.EnvDir)
	var pids []int
	t.Cleanup(func() {
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
		adm, _ := testkafka.Admin(t, brokers)
		deadline := time.Now().Add(2 * time.Minute)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			md, err := adm.Metadata(ctx)
			cancel()
			if err == nil && len(md.Brokers) == testkafka.Nodes() {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("the cluster did not serve every broker within 2m of SIGCONT: %v", err)
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
	for id := 1; id <= testkafka.Nodes(); id++ {
		nd := filepath.Join(dir, fmt.Sprintf("node-%d", id))
		raw, err := os.ReadFile(filepath.Join(nd, "pid"))
		if err != nil {
			t.Fatalf("node %d pid: %v", id, err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil {
			t.Fatalf("node %d pid file: %v", id, err)
		}
		// Only our broker: a recycled pid names another program.
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil || !strings.Contains(string(cmdline), filepath.Join(nd, "server.properties")) {
			t.Fatalf("node %d: pid %d is not its broker (%v)", id, pid, err)
		}
		if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
			t.Fatalf("freeze node %d (pid %d): %v", id, pid, err)
		}
		pids = append(pids, pid)
	}
}

// TestFaultStreamResumesAfterRestart stops and restarts the whole cluster
// under a consume stream waiting at the end of its partitions: records
// produced after the restart must reach it, continuing from where it waited
// with nothing skipped or repeated.
func TestFaultStreamResumesAfterRestart(t *testing.T) {
	testkafka.RequireRealNodes(t, 3)
	brokers := testkafka.Brokers(t)
	topic := testkafka.TopicWithReplicas(t, brokers, 1, 3, map[string]string{"min.insync.replicas": "2"})
	const n = 50
	var first []*kgo.Record
	for i := range n {
		first = append(first, &kgo.Record{Topic: topic, Value: fmt.Appendf(nil, "before-%03d", i)})
	}
	testkafka.Produce(t, brokers, first...)

	cons := startLiveConsume(t, "-b", cluster(t), "consume", topic, "--json")
	cons.waitFor(t, time.Minute, n)

	testkafka.StopNode(t, testkafka.AllNodes)
	testkafka.StartNode(t, testkafka.AllNodes)
	restarted := time.Now()

	// The producer retries until the partition has a leader again.
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var second []*kgo.Record
	for i := range n {
		second = append(second, &kgo.Record{Value: fmt.Appendf(nil, "after-%03d", i)})
	}
	if err := cl.ProduceSync(ctx, second...).FirstErr(); err != nil {
		t.Fatalf("produce after the restart: %v", err)
	}
	produced := time.Since(restarted)

	cons.waitForOffset(t, time.Minute, 2*n-1)
	resumed := time.Since(restarted)
	got, code, stderr := cons.stop(t)
	if code != ExitOK || stderr != "" {
		t.Errorf("consume exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	want := make([]string, 0, 2*n)
	for _, r := range append(first, second...) {
		want = append(want, string(r.Value))
	}
	ok := checkRecords(t, got, want)
	t.Logf("waited at offset %d; cluster restarted; produced %d more in %s; stream read %s by %s after the restart; contiguous: %s",
		n, n, produced.Round(100*time.Millisecond), offsetSpan(got[n:]), resumed.Round(100*time.Millisecond), yesNo(ok))
}
