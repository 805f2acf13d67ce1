package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Helpers of the fault tests (faults_real_test.go): a consume run read
// while it runs, a paced producer that remembers what was acknowledged, and
// the comparison of the two.

// liveRecord is one JSON line of a running consume.
type liveRecord struct {
	Offset int64  `json:"offset"`
	Value  string `json:"value"`
}

// liveConsume is a `kafkatui consume` running in-process, its standard
// output read line by line as it is written.
type liveConsume struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once Run has returned and every line is read
	stderr syncBuffer

	mu   sync.Mutex
	recs []liveRecord
	bad  error // a line that did not decode
	code int   // valid once done is closed
}

func startLiveConsume(t *testing.T, args ...string) *liveConsume {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	c := &liveConsume{cancel: cancel, done: make(chan struct{})}
	pr, pw := io.Pipe()
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var r liveRecord
			err := json.Unmarshal(sc.Bytes(), &r)
			c.mu.Lock()
			if err != nil && c.bad == nil {
				c.bad = fmt.Errorf("line %q: %w", sc.Text(), err)
			}
			c.recs = append(c.recs, r)
			c.mu.Unlock()
		}
		_, _ = io.Copy(io.Discard, pr) // never block the writer
	}()
	go func() {
		code := Run(ctx, args, Env{Stdout: pw, Stderr: &c.stderr})
		_ = pw.Close()
		<-scanned
		c.mu.Lock()
		c.code = code
		c.mu.Unlock()
		close(c.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-c.done
	})
	return c
}

func (c *liveConsume) snapshot() []liveRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]liveRecord(nil), c.recs...)
}

// waitFor waits until the stream has delivered n records.
func (c *liveConsume) waitFor(t *testing.T, d time.Duration, n int) {
	t.Helper()
	c.waitUntil(t, d, fmt.Sprintf("%d records", n), func(recs []liveRecord) bool { return len(recs) >= n })
}

// waitForOffset waits until the stream has delivered offset off.
func (c *liveConsume) waitForOffset(t *testing.T, d time.Duration, off int64) {
	t.Helper()
	c.waitUntil(t, d, fmt.Sprintf("offset %d", off), func(recs []liveRecord) bool {
		return len(recs) > 0 && recs[len(recs)-1].Offset >= off
	})
}

func (c *liveConsume) waitUntil(t *testing.T, d time.Duration, what string, cond func([]liveRecord) bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		select {
		case <-c.done:
			t.Fatalf("consume ended (exit %d, stderr %q) before %s", c.code, c.stderr.String(), what)
		default:
		}
		c.mu.Lock()
		ok, n, bad := cond(c.recs), len(c.recs), c.bad
		c.mu.Unlock()
		if bad != nil {
			t.Fatalf("consume output: %v", bad)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; the stream has read %d records (stderr %q)", d, what, n, c.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop cancels the consume, as Ctrl-C does, and returns what it read, its
// exit status and its standard error.
func (c *liveConsume) stop(t *testing.T) ([]liveRecord, int, string) {
	t.Helper()
	c.cancel()
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("consume did not end within 30s of its cancel")
	}
	if c.bad != nil {
		t.Fatalf("consume output: %v", c.bad)
	}
	return c.snapshot(), c.code, c.stderr.String()
}

// seqProducer writes a numbered record to one partition at a steady pace
// with an idempotent, acks=all franz-go client, and remembers what each
// acknowledged offset holds.
type seqProducer struct {
	cl   *kgo.Client
	quit chan struct{}
	done chan struct{}

	mu    sync.Mutex
	acked map[int64]string
	errs  []error
}

func startSeqProducer(t *testing.T, brokers []string, topic string, part int32, every time.Duration) *seqProducer {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		t.Fatal(err)
	}
	p := &seqProducer{cl: cl, quit: make(chan struct{}), done: make(chan struct{}), acked: make(map[int64]string)}
	go func() {
		defer close(p.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-p.quit:
				return
			case <-tick.C:
			}
			v := fmt.Sprintf("seq-%07d", i)
			cl.Produce(context.Background(), &kgo.Record{Partition: part, Value: []byte(v)}, func(r *kgo.Record, err error) {
				p.mu.Lock()
				defer p.mu.Unlock()
				if err != nil {
					p.errs = append(p.errs, fmt.Errorf("%s: %w", v, err))
					return
				}
				p.acked[r.Offset] = v
			})
		}
	}()
	t.Cleanup(func() {
		select {
		case <-p.quit:
		default:
			close(p.quit)
		}
		<-p.done
		cl.Close()
	})
	return p
}

// stop ends production, waits for every record to be acknowledged and
// returns the values by offset; the offsets must be 0..n-1 and every record
// acknowledged.
func (p *seqProducer) stop(t *testing.T) []string {
	t.Helper()
	close(p.quit)
	<-p.done
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := p.cl.Flush(ctx); err != nil {
		t.Fatalf("flush the producer: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.errs) > 0 {
		t.Fatalf("%d records not acknowledged, first: %v", len(p.errs), p.errs[0])
	}
	vals := make([]string, len(p.acked))
	for off, v := range p.acked {
		if off < 0 || off >= int64(len(vals)) {
			t.Fatalf("acknowledged offsets are not 0..%d: got %d", len(vals)-1, off)
		}
		vals[off] = v
	}
	return vals
}

// checkRecords compares what a stream read with want, the values of
// offsets 0..len(want)-1, reporting each difference; it returns whether the
// offsets read were exactly 0..len(want)-1 in order.
func checkRecords(t *testing.T, got []liveRecord, want []string) bool {
	t.Helper()
	contiguous := len(got) == len(want)
	errs := 0
	for i, r := range got {
		if r.Offset != int64(i) {
			contiguous = false
			if errs++; errs <= 5 {
				prev := "none"
				if i > 0 {
					prev = fmt.Sprint(got[i-1].Offset)
				}
				t.Errorf("record %d has offset %d after offset %s: skipped or repeated", i, r.Offset, prev)
			}
			continue
		}
		if i < len(want) && r.Value != want[i] {
			if errs++; errs <= 5 {
				t.Errorf("offset %d holds %q, the producer was acknowledged %q", r.Offset, r.Value, want[i])
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %d records, the producer was acknowledged %d", len(got), len(want))
	}
	return contiguous && errs == 0
}

// offsetSpan describes the offsets of a run of records.
func offsetSpan(recs []liveRecord) string {
	if len(recs) == 0 {
		return "no records"
	}
	return fmt.Sprintf("offsets %d..%d (%d records)", recs[0].Offset, recs[len(recs)-1].Offset, len(recs))
}

// partitionLeader asks the cluster, through franz-go, which broker leads
// the partition; -1 while there is none or the answer failed.
func partitionLeader(t *testing.T, adm *kadm.Client, topic string, part int32) int32 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	md, err := adm.Metadata(ctx, topic)
	if err != nil {
		return -1
	}
	td, ok := md.Topics[topic]
	if !ok || td.Err != nil {
		return -1
	}
	pd, ok := td.Partitions[part]
	if !ok || pd.Err != nil {
		return -1
	}
	return pd.Leader
}
