package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// NumBrokers is how many brokers the demo cluster runs; with a fixed Addr
// they listen on that many consecutive ports.
const NumBrokers = 3

// ClusterID is the cluster id the demo brokers report, so a UI pointed at
// the demo can tell it apart from a real cluster.
const ClusterID = "kafkatui-demo"

// Options for Start.
type Options struct {
	// Addr is host:port for the first broker; the others take the next
	// ports. "" (or a port of 0) picks free random ports on 127.0.0.1. The
	// host must be an IP address or "localhost", because brokers advertise
	// the address they listen on and a wildcard such as 0.0.0.0 cannot be
	// dialled back.
	Addr string
	// Rate multiplies every live traffic rate (the lagging group commits a
	// fixed share of it, so it still falls behind). 0 means 1, the default of
	// roughly 300 clickstream events a second plus a few orders, payments,
	// log lines, sensor readings and profile updates.
	Rate float64
	// Logf, if set, receives warnings (failed produces, consumer errors,
	// broker-side warnings). It is never called after Close returns, and
	// calls are serialised. The package never prints on its own, because the
	// UI owns the terminal.
	Logf func(format string, args ...any)
}

// Cluster is a running demo cluster with its traffic and consumer groups.
type Cluster struct {
	kc     *kfake.Cluster
	addrs  []string
	rate   float64
	cancel context.CancelFunc

	world     *world        // the simulation behind the data
	prod      *kgo.Client   // producer for seed and live traffic
	consumers []*kgo.Client // group members, closed before the cluster
	wg        sync.WaitGroup

	logMu     sync.Mutex
	logf      func(format string, args ...any)
	logClosed bool
	lastErrAt atomic.Int64 // unix nanos of the last produce error logged

	codecs       *codecs // the registry's schemas, for the schemaful feeds
	registry     *http.Server
	registryURL  string
	registryDone chan struct{} // closed when the registry's server returns

	closeOnce sync.Once
	stop      func() bool // releases the context.AfterFunc watching Start's ctx
}

// Start launches the demo cluster, creates and seeds its topics, and starts
// live traffic and consumer groups. It returns once the seed data is in place
// (well under a second); groups settle a few seconds later.
//
// ctx is the cluster's lifetime, not a start-up timeout: cancelling it,
// during or after Start, shuts everything down as Close does. Pass the
// context of the command (cancelled on SIGINT), not one with a deadline.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	rate := opts.Rate
	switch {
	case rate == 0:
		rate = 1
	case rate < 0 || rate > 100:
		return nil, fmt.Errorf("demo traffic rate %v: want a multiplier between 0 and 100", opts.Rate)
	}
	host, port, err := parseAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	c := &Cluster{rate: rate, logf: opts.Logf}

	kopts := []kfake.Opt{
		kfake.NumBrokers(NumBrokers),
		kfake.ClusterID(ClusterID),
		kfake.ListenFn(listenOn(host)),
		// Retention and compaction run every minute rather than every hour,
		// so a long demo shows moving log-start offsets and compacted gaps.
		kfake.BrokerConfigs(map[string]string{"log.cleaner.backoff.ms": "60000"}),
	}
	if port != 0 {
		if port+NumBrokers-1 > 65535 {
			return nil, fmt.Errorf("demo cluster address %s: needs %d consecutive ports from %d, past 65535", opts.Addr, NumBrokers, port)
		}
		ports := make([]int, NumBrokers)
		for i := range ports {
			ports[i] = port + i
		}
		kopts = append(kopts, kfake.Ports(ports...))
	}
	if opts.Logf != nil {
		kopts = append(kopts, kfake.WithLogger(kfakeLogger{c}))
	}
	kc, err := kfake.NewCluster(kopts...)
	if err != nil {
		if port != 0 {
			return nil, fmt.Errorf("start demo cluster on %s-%d (%d consecutive ports): %w", net.JoinHostPort(host, strconv.Itoa(port)), port+NumBrokers-1, NumBrokers, err)
		}
		return nil, fmt.Errorf("start demo cluster: %w", err)
	}
	c.kc = kc
	c.addrs = kc.ListenAddrs()
	// The registry listens on the brokers' host, on a free port: a fixed
	// one next to theirs could be taken where theirs are not.
	if err := c.startRegistry(host, 0); err != nil {
		c.shutdown()
		return nil, err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	// No record delivery timeout: kgo measures it from Record.Timestamp,
	// which for the history lies hours in the past.
	c.prod, err = kgo.NewClient(c.clientOpts("kafkatui-demo-producer",
		kgo.ProducerLinger(5*time.Millisecond),
	)...)
	if err != nil {
		c.shutdown()
		return nil, fmt.Errorf("demo producer: %w", err)
	}
	if err := c.setUp(ctx); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("start demo cluster: %w", context.Cause(ctx))
		}
		return nil, err
	}
	if err := c.startGroups(runCtx); err != nil {
		c.Close()
		return nil, err
	}
	c.startTraffic(runCtx)
	// Registered last, so a shutdown never races with the set-up above; if
	// ctx is already done, it runs at once.
	c.stop = context.AfterFunc(ctx, c.shutdown)
	if ctx.Err() != nil {
		c.Close()
		return nil, fmt.Errorf("start demo cluster: %w", context.Cause(ctx))
	}
	return c, nil
}

// setUp creates the topics, produces the history and commits the offsets
// groups had before the demo started.
func (c *Cluster) setUp(ctx context.Context) error {
	adm := kadm.NewClient(c.prod)
	if err := createTopics(ctx, adm); err != nil {
		return err
	}
	c.world = newWorld()
	c.world.schemaful = newSchemaful(rand.New(rand.NewPCG(worldSeed, 7)), c.world.customers, c.codecs)
	if err := c.seed(ctx, c.world.makeHistory(time.Now())); err != nil {
		return err
	}
	if err := commitOffsets(ctx, adm, GroupBillingReplay, 0.1, "replay paused, see FIN-1432", TopicOrders, TopicPayments); err != nil {
		return err
	}
	if err := commitOffsets(ctx, adm, GroupAnalytics, 0.5, "", TopicClickstream); err != nil {
		return err
	}
	// clickstream-archive committed early in the history; retention (one
	// hour or 4 MiB a partition) would by now have removed the oldest
	// clicks, so the seed removes them as it would have, past those
	// commits: a group whose commits fell behind the log start.
	if err := commitOffsets(ctx, adm, GroupClickstreamArchive, 0.1, "nightly export, disabled", TopicClickstream); err != nil {
		return err
	}
	return expireOldest(ctx, adm, 0.2, TopicClickstream)
}

// Bootstrap returns the brokers' host:port addresses, first broker first.
func (c *Cluster) Bootstrap() []string {
	return append([]string(nil), c.addrs...)
}

// Close stops the traffic and the consumer groups (members leave their
// groups), then the cluster, and returns once all of it has stopped: within
// a second or so, with no goroutine left behind. It is idempotent and safe
// to call concurrently with the cancellation of Start's context. The error
// is always nil; Close has the io.Closer signature so it can be deferred
// like any other.
func (c *Cluster) Close() error {
	if c.stop != nil {
		c.stop()
	}
	c.shutdown()
	return nil
}

// shutdown runs once; a second caller waits for the first to finish, so
// Close returns only when everything has stopped.
func (c *Cluster) shutdown() {
	c.closeOnce.Do(func() {
		if c.cancel != nil {
			c.cancel()
		}
		c.wg.Wait()
		// Members leave their groups while the brokers are still up, so
		// nothing is left retrying against a dead cluster.
		var wg sync.WaitGroup
		for _, cl := range c.consumers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl.Close()
			}()
		}
		wg.Wait()
		if c.prod != nil {
			c.prod.Close()
		}
		if c.kc != nil {
			c.kc.Close()
		}
		c.stopRegistry()
		c.logMu.Lock()
		c.logClosed = true
		c.logMu.Unlock()
	})
}

// clientOpts are the options every demo client shares.
func (c *Cluster) clientOpts(clientID string, extra ...kgo.Opt) []kgo.Opt {
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.addrs...),
		kgo.ClientID(clientID),
		kgo.DisableClientMetrics(),
	}
	if c.logf != nil {
		opts = append(opts, kgo.WithLogger(kgoLogger{c}))
	}
	return append(opts, extra...)
}

// warnf forwards to Options.Logf until Close has finished.
func (c *Cluster) warnf(format string, args ...any) {
	if c.logf == nil {
		return
	}
	c.logMu.Lock()
	defer c.logMu.Unlock()
	if !c.logClosed {
		c.logf(format, args...)
	}
}

// parseAddr splits Options.Addr into a listen host and a first port (0 for
// random ports).
func parseAddr(addr string) (string, int, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "127.0.0.1", 0, nil
	}
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		// A bare port ("9092") is what people type most often.
		if _, perr := strconv.Atoi(addr); perr != nil {
			return "", 0, fmt.Errorf("demo cluster address %q: want host:port, e.g. 127.0.0.1:9092", addr)
		}
		host, portStr = "", addr
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("demo cluster address %q: port %q is not a number from 0 to 65535", addr, portStr)
	}
	switch {
	case host == "" || host == "localhost":
		host = "127.0.0.1"
	default:
		ip := net.ParseIP(host)
		if ip == nil {
			return "", 0, fmt.Errorf("demo cluster address %q: host must be an IP address or localhost", addr)
		}
		if ip.IsUnspecified() {
			return "", 0, fmt.Errorf("demo cluster address %q: brokers advertise the address they listen on, so it must be one clients can dial, not %s", addr, host)
		}
	}
	return host, port, nil
}

// listenOn makes kfake listen on host (it always asks for 127.0.0.1) and
// names the broker in a failure, which is usually a port already in use.
func listenOn(host string) func(network, address string) (net.Listener, error) {
	var n atomic.Int32
	return func(network, address string) (net.Listener, error) {
		broker := n.Add(1) - 1
		_, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		ln, err := net.Listen(network, net.JoinHostPort(host, port))
		if err != nil {
			return nil, fmt.Errorf("broker %d: %w", broker, err)
		}
		return ln, nil
	}
}

// kfakeLogger passes the brokers' warnings and errors to Options.Logf.
type kfakeLogger struct{ c *Cluster }

// Logf implements kfake.Logger.
func (l kfakeLogger) Logf(level kfake.LogLevel, msg string, args ...any) {
	if level <= kfake.LogLevelWarn && level != kfake.LogLevelNone {
		l.c.warnf("demo broker: "+msg, args...)
	}
}

// kgoLogger passes the demo clients' warnings and errors to Options.Logf.
type kgoLogger struct{ c *Cluster }

// Level implements kgo.Logger.
func (kgoLogger) Level() kgo.LogLevel { return kgo.LogLevelWarn }

// Log implements kgo.Logger.
func (l kgoLogger) Log(_ kgo.LogLevel, msg string, keyvals ...any) {
	var b strings.Builder
	b.WriteString("demo client: ")
	b.WriteString(msg)
	for i := 0; i+1 < len(keyvals); i += 2 {
		fmt.Fprintf(&b, " %v=%v", keyvals[i], keyvals[i+1])
	}
	l.c.warnf("%s", b.String())
}

// errClosed reports whether err is the expected result of shutting down.
func errClosed(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, kgo.ErrClientClosed)
}
