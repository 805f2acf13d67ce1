package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	meta "github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// These tests give kafkatui one bootstrap address: a TCP proxy in front of
// one kfake broker. Stopping the proxy is that broker dying for kafkatui
// (its listener refuses, its connections break), while the metadata still
// names the broker's real address, which kafkatui must not need.

// tcpProxy forwards connections to target until stopped.
type tcpProxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	conns   []net.Conn
	stopped bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target}
	t.Cleanup(p.stop)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			if !p.track(in, out) {
				return
			}
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	p.conns = append(p.conns, cs...)
	return true
}

// stop closes the listener and every connection through it.
func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestBootstrapDownRequestsMoveOn: with the only bootstrap address gone,
// metadata and every request not bound to a leader go to the brokers the
// cluster told us about. Before, each failed with "cannot connect to broker
// <bootstrap>: connection refused".
func TestBootstrapDownRequestsMoveOn(t *testing.T) {
	skipOnReal(t)
	const topic = "moving-on"
	kc := testkafka.NewCluster(t, kfake.NumBrokers(3), kfake.SeedTopics(3, topic))
	proxy := startProxy(t, kc.ListenAddrs()[0])
	c := topicsCluster(t, []string{proxy.addr()}, func(cfg *Config) { cfg.Timeout = 5 * time.Second })
	ctx := topicsCtx(t)
	testkafka.Produce(t, kc.ListenAddrs(), topicsRecords(topic, 1, 3)...)
	if _, err := c.ListTopics(ctx); err != nil {
		t.Fatalf("ListTopics through the bootstrap address: %v", err)
	}

	proxy.stop()
	ops := map[string]func(context.Context) error{
		"ListTopics":      func(ctx context.Context) error { _, err := c.ListTopics(ctx); return err },
		"DescribeCluster": func(ctx context.Context) error { _, err := c.DescribeCluster(ctx); return err },
		"DescribeTopic": func(ctx context.Context) error {
			d, err := c.DescribeTopic(ctx, topic)
			if err == nil && len(d.Partitions) != 3 {
				err = fmt.Errorf("%d partitions, want 3", len(d.Partitions))
			}
			return err
		},
		"TopicConfigs": func(ctx context.Context) error { _, err := c.TopicConfigs(ctx, topic); return err },
		"ListGroups":   func(ctx context.Context) error { _, err := c.ListGroups(ctx); return err },
	}
	for range 3 {
		for name, op := range ops {
			if err := op(ctx); err != nil {
				t.Errorf("%s with the bootstrap broker gone: %v", name, err)
			}
		}
	}
	// A stream opened now finds the brokers the same way.
	s := consumeOpen(t, c, consumeCtx(t), ConsumeRequest{Topic: topic, Partitions: []int32{1}, StopAtEnd: true})
	if got := consumeDrain(t, s, 30*time.Second); len(got) != 3 || s.Err() != nil {
		t.Errorf("stream opened after the bootstrap broker left read %d records (err %v), want 3", len(got), s.Err())
	}
}

// TestBootstrapDownStreamFollowsLeader kills, for kafkatui, the bootstrap
// broker leading the partition a stream reads (its proxy stops and kfake
// removes it, moving its partitions): the stream must learn the new leader
// from another broker and go on with every offset once, in order, plain and
// batched. Before, its metadata was never refreshed and it stalled.
func TestBootstrapDownStreamFollowsLeader(t *testing.T) {
	skipOnReal(t)
	for _, batched := range []bool{false, true} {
		t.Run(fmt.Sprintf("batched=%v", batched), func(t *testing.T) {
			const topic, perRound = "follow", 100
			kc := testkafka.NewCluster(t, kfake.NumBrokers(3), kfake.SeedTopics(1, topic))
			if err := kc.MoveTopicPartition(topic, 0, 0); err != nil {
				t.Fatal(err)
			}
			brokers := kc.ListenAddrs()
			proxy := startProxy(t, brokers[0])
			c := consumeCluster(t, []string{proxy.addr()})
			ctx := consumeCtx(t)
			s := consumeOpen(t, c, ctx, ConsumeRequest{Topic: topic, Batched: batched})
			cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic),
				kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			next := 0
			round := func(what string) {
				t.Helper()
				var recs []*kgo.Record
				for i := next; i < next+perRound; i++ {
					recs = append(recs, &kgo.Record{Partition: 0, Value: fmt.Appendf(nil, "%d", i)})
				}
				if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
					t.Fatalf("%s: produce: %v", what, err)
				}
				for _, r := range takeAny(t, s, perRound, 30*time.Second) {
					if r.Offset != int64(next) || string(r.Value) != fmt.Sprint(next) {
						t.Fatalf("%s: record at offset %d value %q, want offset %d", what, r.Offset, r.Value, next)
					}
					next++
				}
			}
			round("before")
			proxy.stop()
			if err := kc.RemoveNode(0); err != nil {
				t.Fatal(err)
			}
			if kc.LeaderFor(topic, 0) == 0 {
				t.Fatal("kfake left the partition on the removed broker")
			}
			round("after the bootstrap broker left")
			round("later")
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// takeAny reads n records from a plain or a batched stream.
func takeAny(t *testing.T, s *Stream, n int, within time.Duration) []Record {
	t.Helper()
	if s.Batches == nil {
		return consumeTake(t, s, n, within)
	}
	var out []Record
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for len(out) < n {
		select {
		case b, ok := <-s.Batches:
			if !ok {
				t.Fatalf("stream closed after %d of %d records (err %v)", len(out), n, s.Err())
			}
			out = append(out, b...)
		case <-deadline.C:
			t.Fatalf("got %d of %d records within %s; positions %+v", len(out), n, within, s.Positions())
		}
	}
	return out
}

// TestBrokerDownNamed: a request to a broker that is gone, while the others
// answer, names that broker and counts the others, rather than claiming no
// broker answers; when every broker is gone, the message says so.
func TestBrokerDownNamed(t *testing.T) {
	skipOnReal(t)
	kc := testkafka.NewCluster(t, kfake.NumBrokers(3))
	addrs := kc.ListenAddrs()
	c := topicsCluster(t, addrs[:1], func(cfg *Config) { cfg.Timeout = 5 * time.Second })
	// The Transport's cached metadata must still name broker 2 when the
	// request is routed, as it would right after a crash.
	c.transport.MetadataTTL = time.Hour
	ctx := topicsCtx(t)
	if _, err := c.DescribeCluster(ctx); err != nil {
		t.Fatal(err)
	}
	if err := kc.RemoveNode(2); err != nil {
		t.Fatal(err)
	}
	_, err := c.listGroupsOn(ctx, 2)
	err = c.connErr(ctx, err)
	want := fmt.Sprintf("broker 2 (%s) is unreachable: connection refused; 2 of 3 brokers answer", addrs[2])
	if err == nil || err.Error() != want {
		t.Errorf("request to a removed broker: %v\nwant: %s", err, want)
	}
	if strings.Contains(fmt.Sprint(err), "any broker") {
		t.Errorf("says no broker answers while two do: %v", err)
	}

	kc.Close()
	// The first request may meet a connection that broke with the
	// cluster; the next ones dial, and find no broker.
	var last error
	for range 3 {
		_, last = c.ListTopics(ctx)
	}
	if last == nil || !strings.Contains(last.Error(), "cannot connect to any broker (tried ") {
		t.Errorf("every broker gone: %v, want \"cannot connect to any broker (tried ...)\"", last)
	}
	for _, a := range addrs[:2] {
		if !strings.Contains(fmt.Sprint(last), a) {
			t.Errorf("every broker gone: %v does not name %s", last, a)
		}
	}
}

// TestBootstrapListUnreachableWording keeps the first-contact wording: no
// metadata yet, so the bootstrap addresses are all kafkatui knows.
func TestBootstrapListUnreachableWording(t *testing.T) {
	var lc net.ListenConfig
	var addrs []string
	for range 2 {
		ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, ln.Addr().String())
		ln.Close() // a port nobody listens on: refused
	}
	c := topicsCluster(t, addrs, func(cfg *Config) { cfg.Timeout = 2 * time.Second })
	_, err := c.ListTopics(context.Background())
	want := fmt.Sprintf("cannot connect to any broker (tried %s); last error: cannot connect to broker ", strings.Join(addrs, ","))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ListTopics: %v\nwant it to contain %q", err, want)
	}
	var cf *connFailure
	if !errors.As(err, &cf) || !cf.unreachable {
		t.Errorf("%v is not an unreachable connFailure", err)
	}
}

// TestLiveBrokersRotation: control connections stay on the broker that
// answers, move on past one that fails, try a failed one only after the
// others until its backoff ends, and report every address tried when none
// answers.
func TestLiveBrokersRotation(t *testing.T) {
	r := newLiveBrokers([]string{"boot:9092"}, nil)
	r.retryMin = time.Hour // no backoff ends during the test, however slow
	var mu sync.Mutex
	down := map[string]bool{}
	var dialled []string
	r.dial = func(_ context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		defer mu.Unlock()
		dialled = append(dialled, addr)
		if down[addr] {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		a, b := net.Pipe()
		b.Close()
		return a, nil
	}
	dial := func() (string, error) {
		t.Helper()
		mu.Lock()
		dialled = nil
		mu.Unlock()
		conn, err := r.Dial(context.Background(), bootstrapNetwork, "boot:9092")
		if conn != nil {
			conn.Close()
		}
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(dialled, " "), err
	}
	setDown := func(addrs ...string) {
		mu.Lock()
		defer mu.Unlock()
		clear(down)
		for _, a := range addrs {
			down[a] = true
		}
	}

	if got, err := dial(); got != "boot:9092" || err != nil {
		t.Fatalf("first contact dialled %q (%v), want the bootstrap address", got, err)
	}
	r.learn([]meta.ResponseBroker{{NodeID: 1, Host: "a", Port: 1}, {NodeID: 2, Host: "b", Port: 2}, {NodeID: 3, Host: "c", Port: 3}})
	if got, _ := dial(); got != "boot:9092" {
		t.Fatalf("after metadata dialled %q, want boot:9092 again while it answers", got)
	}
	setDown("boot:9092")
	if got, _ := dial(); got != "boot:9092 a:1" {
		t.Fatalf("with the bootstrap broker down dialled %q, want boot:9092 then a:1", got)
	}
	if got, _ := dial(); got != "a:1" {
		t.Fatalf("dialled %q, want a:1, where the last connection went", got)
	}
	setDown("boot:9092", "a:1")
	if got, _ := dial(); got != "a:1 b:2" {
		t.Fatalf("with a:1 down too dialled %q, want a:1 then b:2", got)
	}
	setDown("a:1", "b:2", "c:3", "boot:9092")
	got, err := dial()
	if got != "b:2 c:3 boot:9092 a:1" {
		t.Errorf("with every broker down dialled %q, want the ones that failed before last, the first failed first", got)
	}
	var nb *noBrokerAnswered
	if !errors.As(err, &nb) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("every broker down: %v, want a noBrokerAnswered wrapping the refusal", err)
	}
	if want := "b:2,c:3,boot:9092,a:1"; strings.Join(nb.tried, ",") != want {
		t.Errorf("tried %v, want %s", nb.tried, want)
	}
	setDown()
	if got, _ := dial(); got != "b:2" {
		t.Errorf("after the outage dialled %q, want b:2, the first whose backoff ends", got)
	}
}
