package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The tests check the demo from the outside, through franz-go clients of
// their own, as the UI or kcat would see it.

// startDemo starts a demo cluster on ctx, which is its lifetime, and closes
// it at cleanup.
func startDemo(t *testing.T, ctx context.Context, opts Options) *Cluster {
	t.Helper()
	if opts.Logf == nil {
		opts.Logf = func(format string, args ...any) { t.Logf("demo: "+format, args...) }
	}
	began := time.Now()
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	// How long Start takes is a speed target (BenchmarkStart), not a
	// condition: a loaded machine with the race detector takes many times
	// longer than an idle one.
	t.Logf("demo cluster started in %v on %v", time.Since(began).Round(time.Millisecond), c.Bootstrap())
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func newAdmin(t *testing.T, brokers []string) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

func reqCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // generous: a loaded machine is slow, not broken
	t.Cleanup(cancel)
	return ctx
}

// minWait is the least waitFor waits: the demo's groups form and its
// feeds produce on the machine's time, and a loaded machine (5-10 times
// slower with the race detector) is slow, not broken. A condition that
// holds ends the wait at once, so this costs nothing on an idle machine.
const minWait = 2 * time.Minute

// waitFor polls cond until it holds or timeout (at least minWait) passes,
// then fails with the last reason cond gave.
func waitFor(t *testing.T, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	timeout = max(timeout, minWait)
	deadline := time.Now().Add(timeout)
	tk := time.NewTicker(100 * time.Millisecond)
	defer tk.Stop()
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", timeout, why)
		}
		<-tk.C
	}
}

func endOffsets(t *testing.T, adm *kadm.Client, topics ...string) kadm.ListedOffsets {
	t.Helper()
	ends, err := adm.ListEndOffsets(reqCtx(t), topics...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		t.Fatalf("list end offsets: %v", err)
	}
	return ends
}

func sum(l kadm.ListedOffsets, topic string) int64 {
	var n int64
	for _, o := range l[topic] {
		n += o.Offset
	}
	return n
}

// readAll reads topic from the start up to the end offsets it has now (at
// most limit records a partition), with an independent consumer.
func readAll(t *testing.T, brokers []string, adm *kadm.Client, topic string, limit int64) []*kgo.Record {
	t.Helper()
	starts, err := adm.ListStartOffsets(reqCtx(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	ends := endOffsets(t, adm, topic)
	want := map[int32]int64{}
	from := map[string]map[int32]kgo.Offset{topic: {}}
	for p, e := range ends[topic] {
		s := starts[topic][p].Offset
		if s < e.Offset {
			want[p] = min(e.Offset, s+limit)
			from[topic][p] = kgo.NewOffset().At(s)
		}
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumePartitions(from))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out []*kgo.Record
	for len(want) > 0 {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("read %s: %v (still waiting for %v)", topic, err, want)
		}
		fs.EachError(func(_ string, p int32, err error) { t.Fatalf("read %s/%d: %v", topic, p, err) })
		fs.EachRecord(func(r *kgo.Record) {
			end, ok := want[r.Partition]
			if !ok || r.Offset >= end {
				return
			}
			out = append(out, r)
			if r.Offset == end-1 {
				delete(want, r.Partition)
			}
		})
	}
	return out
}

func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

func TestDemoCluster(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := startDemo(t, ctx, Options{})
	brokers := c.Bootstrap()
	if len(brokers) != NumBrokers {
		t.Fatalf("Bootstrap() = %v, want %d brokers", brokers, NumBrokers)
	}
	adm := newAdmin(t, brokers)

	t.Run("topics", func(t *testing.T) { checkTopics(t, adm) })
	t.Run("history", func(t *testing.T) { checkHistory(t, brokers, adm) })
	t.Run("schemas", func(t *testing.T) { checkSchemaTopics(t, brokers, adm, c.RegistryURL()) })
	t.Run("traffic", func(t *testing.T) {
		all := []string{TopicOrders, TopicPayments, TopicClickstream, TopicAppLogs, TopicSensorReadings, TopicCustomerProfiles,
			TopicPaymentsAvro, TopicShipmentsProto, TopicAuditJSONSchema}
		before := endOffsets(t, adm, all...)
		waitFor(t, 2*time.Second, func() (bool, string) {
			now := endOffsets(t, adm, TopicClickstream)
			grown := sum(now, TopicClickstream) - sum(before, TopicClickstream)
			return grown >= 100, fmt.Sprintf("clickstream grew by %d, want >= 100", grown)
		})
		// The slower feeds (about one profile update every two seconds).
		waitFor(t, 10*time.Second, func() (bool, string) {
			now := endOffsets(t, adm, all...)
			var still []string
			for _, topic := range all {
				if sum(now, topic) == sum(before, topic) {
					still = append(still, topic)
				}
			}
			return len(still) == 0, fmt.Sprintf("no new records in %v", still)
		})
	})
	t.Run("groups", func(t *testing.T) { checkGroups(t, adm) })

	// Cancelling Start's context stops everything, as Close does. (Not in a
	// subtest, whose own goroutine would count.)
	adm.Close()
	cancel()
	registry := strings.TrimPrefix(c.RegistryURL(), "http://")
	waitFor(t, 5*time.Second, func() (bool, string) {
		for _, a := range append(brokers, registry) {
			ln, err := net.Listen("tcp", a)
			if err != nil {
				return false, fmt.Sprintf("%s still taken after cancel: %v", a, err)
			}
			ln.Close()
		}
		return true, ""
	})
	if err := c.Close(); err != nil {
		t.Errorf("Close after cancel: %v", err)
	}
	checkGoroutines(t, goroutines)
}

func goroutineDump() string {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	return b.String()
}

func checkPortsFree(t *testing.T, addrs []string) {
	t.Helper()
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			t.Errorf("port of %s still taken after Close: %v", a, err)
			continue
		}
		ln.Close()
	}
}

// checkGoroutines waits until no more goroutines run than before.
func checkGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(minWait)
	tk := time.NewTicker(50 * time.Millisecond)
	defer tk.Stop()
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines before Start, %d after it stopped:\n%s", before, runtime.NumGoroutine(), goroutineDump())
		}
		<-tk.C
	}
}

// freePorts finds NumBrokers consecutive free ports on loopback.
func freePorts(t *testing.T) int {
	t.Helper()
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if base+NumBrokers > 65535 {
			continue
		}
		ok := true
		for i := range NumBrokers {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", base+i))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no three consecutive free ports")
	return 0
}

func TestFixedAddrAndClose(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	base := freePorts(t)
	addr := fmt.Sprintf("localhost:%d", base)
	c := startDemo(t, context.Background(), Options{Addr: addr, Rate: 0.5})
	want := []string{fmt.Sprintf("127.0.0.1:%d", base), fmt.Sprintf("127.0.0.1:%d", base+1), fmt.Sprintf("127.0.0.1:%d", base+2)}
	if got := c.Bootstrap(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Bootstrap() = %v, want %v", got, want)
	}

	// A second demo on the same address fails and says why.
	_, err := Start(context.Background(), Options{Addr: addr})
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) || !strings.Contains(err.Error(), fmt.Sprint(base)) || !strings.Contains(err.Error(), "broker 0") {
		t.Fatalf("Start on a taken address: %v; want an address-in-use error naming broker 0 and port %d", err, base)
	}

	// Close while traffic flows and the groups are still forming.
	adm := newAdmin(t, c.Bootstrap())
	first := sum(endOffsets(t, adm, TopicClickstream), TopicClickstream)
	waitFor(t, 5*time.Second, func() (bool, string) {
		return sum(endOffsets(t, adm, TopicClickstream), TopicClickstream) > first, "no traffic"
	})
	adm.Close()
	// Close returning at all shows it stops what runs (a Close that waited
	// on a stuck goroutine would never return); how fast is the machine's.
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	checkPortsFree(t, want)
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	checkGoroutines(t, goroutines)

	// Only a later port taken: the error names that broker, and the ports
	// taken before failing are released.
	ln, err := net.Listen("tcp", want[1])
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Start(context.Background(), Options{Addr: addr})
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) || !strings.Contains(err.Error(), "broker 1") {
		t.Fatalf("Start with the second port taken: %v; want an address-in-use error naming broker 1", err)
	}
	checkPortsFree(t, want[:1])
}

func TestStartWithCancelledContext(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := Start(ctx, Options{})
	if err == nil {
		c.Close()
		t.Fatal("Start with a cancelled context succeeded")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Start with a cancelled context: %v, want context.Canceled", err)
	}
	checkGoroutines(t, goroutines)
}

func TestOptionsErrors(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Addr: "0.0.0.0:9092"}, "dial"},
		{Options{Addr: "kafka.example.com:9092"}, "IP address or localhost"},
		{Options{Addr: "127.0.0.1:banana"}, "port"},
		{Options{Addr: "127.0.0.1:70000"}, "port"},
		{Options{Addr: "127.0.0.1:65534"}, "65535"},
		{Options{Addr: "not an address"}, "host:port"},
		{Options{Rate: -1}, "rate"},
	} {
		_, err := Start(context.Background(), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Start(%+v) = %v, want an error mentioning %q", tc.opts, err, tc.want)
		}
	}
	for in, want := range map[string]string{"": "127.0.0.1:0", "9092": "127.0.0.1:9092", ":9092": "127.0.0.1:9092", "[::1]:9092": "::1:9092", "127.0.0.2:0": "127.0.0.2:0"} {
		host, port, err := parseAddr(in)
		if got := fmt.Sprintf("%s:%d", host, port); err != nil || got != want {
			t.Errorf("parseAddr(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}
