package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestSkipReporterPrintsGrowthOnly(t *testing.T) {
	var b strings.Builder
	r := newSkipReporter("orders", &b)
	r.check([]kafkaops.PartitionPosition{{Partition: 0, Next: 10}, {Partition: 3, Next: 4000}})
	if b.String() != "" {
		t.Fatalf("nothing skipped, yet printed %q", b.String())
	}
	r.check([]kafkaops.PartitionPosition{{Partition: 0, Next: 10}, {Partition: 3, Next: 5600, Skipped: 1204, ResumedAt: 5000}})
	want := "kafkatui: orders/3: 1,204 records deleted by retention before they were read; continuing at offset 5,000\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	r.check([]kafkaops.PartitionPosition{{Partition: 0, Next: 12}, {Partition: 3, Next: 5700, Skipped: 1204, ResumedAt: 5000}})
	if b.String() != "" {
		t.Fatalf("same count reported again: %q", b.String())
	}
	r.check([]kafkaops.PartitionPosition{{Partition: 0, Next: 2_000_500, Skipped: 1, ResumedAt: 2_000_000}, {Partition: 3, Next: 9400, Skipped: 3204, ResumedAt: 9000}})
	want = "kafkatui: orders/0: 1 record deleted by retention before they were read; continuing at offset 2,000,000\n" +
		"kafkatui: orders/3: 2,000 records deleted by retention before they were read; continuing at offset 9,000\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1204: "1,204", 123456: "123,456", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// gateWriter blocks every write until open is closed: a stdout pipe whose
// reader has stalled, so that consume falls behind the log.
type gateWriter struct {
	open    chan struct{}
	started sync.Once
	blocked chan struct{}
	mu      sync.Mutex
	buf     strings.Builder
}

func (g *gateWriter) Write(p []byte) (int, error) {
	g.started.Do(func() { close(g.blocked) })
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.Write(p)
}

// TestConsumeReportsRecordsDeletedBeforeRead stalls consume's output, deletes
// records the stream has not read yet, and checks the stderr line and that
// the output goes on at the new log start.
//
// consume reads Batched: the stream holds DefaultBatchBuffer fetch responses
// in its channel, one more it is sending, one being fetched and the one
// being printed, each at most 1 MiB (the fetch limit); with the 256 KiB
// output buffer that is under 8 MiB, about 8,100 records of 1 KiB. With the
// deletion at 16,000 (16 MiB in) the stream always meets the gap, however
// the fetches are timed. (At 200-byte records the bound was 40,000 records,
// more than the whole topic, and a 3-node run once read to the end first.)
func TestConsumeReportsRecordsDeletedBeforeRead(t *testing.T) {
	t.Parallel()
	const total, deleteTo = 20_000, 16_000
	const recordBytes = 1024 // value size; see the bound above
	if held := (kafkaops.DefaultBatchBuffer + 3) * (1 << 20) / recordBytes; held+256 >= deleteTo {
		t.Fatalf("the stream can hold %d records before it blocks; the deletion at %d must lie beyond", held, deleteTo)
	}
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 1)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchCompression(kgo.NoCompression()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	// A watchdog, not a speed: producing and reading 30,000 records with
	// the race detector on a loaded machine takes minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	recs := make([]*kgo.Record, total)
	pad := make([]byte, (recordBytes-7)/2) // "%06d " + hex: recordBytes-1 bytes
	_, _ = rand.Read(pad)
	for i := range recs {
		recs[i] = &kgo.Record{Partition: 0, Value: fmt.Appendf(nil, "%06d %s", i, hex.EncodeToString(pad))}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}

	out := &gateWriter{open: make(chan struct{}), blocked: make(chan struct{})}
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"-b", cluster(t), "consume", topic, "-e"}, Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &stderr})
	}()
	select {
	case <-out.blocked:
	case <-ctx.Done():
		t.Fatal("consume wrote nothing")
	}
	adm, _ := testkafka.Admin(t, brokers)
	offs := make(kadm.Offsets)
	offs.Add(kadm.Offset{Topic: topic, Partition: 0, At: deleteTo})
	resp, err := adm.DeleteRecords(ctx, offs)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("delete records: %v", err)
	}
	close(out.open)
	if code := <-done; code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}

	lines := strings.Split(strings.TrimSuffix(out.buf.String(), "\n"), "\n")
	k := 0
	for k < len(lines) && strings.HasPrefix(lines[k], fmt.Sprintf("%06d ", k)) {
		k++
	}
	if k == 0 || k >= deleteTo {
		t.Fatalf("%d lines before the gap, want 1..%d (test premise broken)", k, deleteTo-1)
	}
	if len(lines)-k != total-deleteTo || !strings.HasPrefix(lines[k], fmt.Sprintf("%06d ", deleteTo)) {
		t.Fatalf("after the gap: %d lines starting %.7q, want %d from %d", len(lines)-k, lines[k], total-deleteTo, deleteTo)
	}
	want := fmt.Sprintf("kafkatui: %s/0: %s records deleted by retention before they were read; continuing at offset %s\n",
		topic, groupDigits(int64(deleteTo-k)), groupDigits(deleteTo))
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q\nwant it to hold %q", stderr.String(), want)
	}
	if c := strings.Count(stderr.String(), "deleted by retention"); c != 1 {
		t.Errorf("skip reported %d times, want once: %q", c, stderr.String())
	}
}
