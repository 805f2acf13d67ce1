package kafkaops

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

// Bootstrap addresses are for the first contact only.
//
// kafka-go's Transport sends metadata, and every request not bound to a
// leader or a coordinator, on "control" connections to the address it was
// given: the bootstrap list. With one bootstrap address whose broker is
// down, its metadata is never refreshed (a partition that broker led stays
// stuck on it) and topic or group listings fail, although the other brokers
// answer. Kafka's Java client asks any broker it learned about instead.
//
// So every Transport of a Cluster is given one logical address, on a network
// of our own (bootstrapNetwork), and a Dial that resolves it: to the
// bootstrap addresses until a metadata response named the brokers, and after
// that to a live known broker, skipping one that failed (retried later, with
// backoff) and rotating past one that does not answer. Connections to a
// named broker (a leader, a coordinator) come on the "tcp" network and are
// dialled as they are; their outcome feeds the same record of which broker
// answers, which also words the errors (see brokerDown).
//
// TLS is done here rather than by the Transport: kafka-go would check the
// certificate of whichever broker answered against the logical address's
// host. Hooks that wrap connections (frame checks, ...) belong after
// dialBroker's TLS step, on the plaintext Kafka stream.

// bootstrapNetwork is the network of the logical bootstrap address.
const bootstrapNetwork = "kafkatui-bootstrap"

const (
	// liveRetryMin and liveRetryMax bound the backoff of a broker that
	// failed to connect: it is tried after the others until then.
	liveRetryMin = time.Second
	liveRetryMax = 30 * time.Second
	// liveFresh is how long a dial's outcome stands for the broker's
	// state in an error message before it is checked again.
	liveFresh = 5 * time.Second
	// liveCheckBudget bounds the check of the other brokers when an error
	// is explained.
	liveCheckBudget = 2 * time.Second
)

// bootstrapAddr is the logical address every Transport of a Cluster is
// given. Its String is the first bootstrap address: kafka-go keys its pool
// by it and gives its host to SASL mechanisms (AWS MSK IAM reads the region
// from it), and it must hold no comma (kafka-go splits on commas).
type bootstrapAddr string

func (a bootstrapAddr) Network() string { return bootstrapNetwork }
func (a bootstrapAddr) String() string  { return string(a) }

// liveBrokers is what a Cluster knows of its brokers: their addresses, from
// every metadata response it saw, and whether each answered its last dial.
// It is shared by the Cluster's Transports (the shared one and each
// stream's) and safe for concurrent use.
type liveBrokers struct {
	bootstrap []string
	tls       *tls.Config
	// dial opens a TCP connection; tests may replace it before first use.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// retryMin is the first backoff of a failed address (liveRetryMin;
	// tests lengthen it so that no backoff ends under a slow run).
	retryMin time.Duration

	mu     sync.Mutex
	known  map[int32]string // broker id -> host:port, from the last metadata
	health map[string]*brokerHealth
	// current is where control connections went last: kept while it
	// answers, as Java keeps its least loaded connected node.
	current string
	// rr spreads the first contact over the bootstrap addresses.
	rr int
}

// brokerHealth is the outcome of the last dials of one address.
type brokerHealth struct {
	up       bool
	at       time.Time // when up was set
	failures int       // consecutive failed dials
	retryAt  time.Time // a failed address is tried after the others until then
	err      error     // the last failure
}

func newLiveBrokers(bootstrap []string, tlsCfg *tls.Config) *liveBrokers {
	var d net.Dialer
	return &liveBrokers{
		bootstrap: bootstrap,
		tls:       tlsCfg,
		dial:      d.DialContext,
		retryMin:  liveRetryMin,
		known:     make(map[int32]string),
		health:    make(map[string]*brokerHealth),
		rr:        rand.N(len(bootstrap) + 1),
	}
}

// learn records the brokers of a metadata response (kafka-go's protocol
// type). A response naming no broker changes nothing.
func (r *liveBrokers) learn(brokers []meta.ResponseBroker) {
	if r == nil || len(brokers) == 0 {
		return
	}
	m := make(map[int32]string, len(brokers))
	for _, b := range brokers {
		m[b.NodeID] = net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port)))
	}
	r.mu.Lock()
	r.known = m
	r.mu.Unlock()
}

// learnClient is learn for kafka-go's client-level metadata.
func (r *liveBrokers) learnClient(brokers []kafka.Broker) {
	bs := make([]meta.ResponseBroker, len(brokers))
	for i, b := range brokers {
		bs[i] = meta.ResponseBroker{NodeID: int32(b.ID), Host: b.Host, Port: int32(b.Port)}
	}
	r.learn(bs)
}

// Dial is the Transports' Dial: the logical bootstrap address goes to a live
// broker, any other address is dialled as it is.
func (r *liveBrokers) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if network != bootstrapNetwork {
		return r.dialBroker(ctx, network, addr)
	}
	cands := r.candidates()
	var tried []string
	var last error
	for i, a := range cands {
		// A broker that does not answer must leave time for the others.
		actx, cancel := ctx, context.CancelFunc(func() {})
		if dl, ok := ctx.Deadline(); ok && i < len(cands)-1 {
			actx, cancel = context.WithTimeout(ctx, time.Until(dl)/time.Duration(len(cands)-i))
		}
		conn, err := r.dialBroker(actx, "tcp", a)
		cancel()
		if err == nil {
			r.mu.Lock()
			r.current = a
			r.mu.Unlock()
			return conn, nil
		}
		tried, last = append(tried, a), err
		if ctx.Err() != nil || !unreachableErr(err) {
			break // the caller gave up, or the broker answered and refused us
		}
	}
	if len(tried) == 1 {
		return nil, last
	}
	return nil, &noBrokerAnswered{tried: tried, err: last}
}

// dialBroker connects to addr, TLS included, and records the outcome.
func (r *liveBrokers) dialBroker(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := r.dial(ctx, network, addr)
	if err == nil && r.tls != nil {
		tc := tls.Client(conn, withServerName(r.tls, addr))
		if err = tc.HandshakeContext(ctx); err != nil {
			conn.Close()
		} else {
			conn = tc
		}
	}
	switch {
	case err == nil:
		r.mark(addr, nil)
	case unreachableErr(err) && !errors.Is(err, context.Canceled):
		r.mark(addr, err)
	}
	if err != nil {
		return nil, err
	}
	return conn, nil
}

// unreachableErr reports a broker that could not be reached at all, as
// opposed to one that answered and refused (TLS): only those make the
// control connection try another broker.
func unreachableErr(err error) bool {
	if isTimeout(err) {
		return true
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	return errors.As(err, &opErr) && opErr.Op == "dial" || errors.As(err, &dnsErr)
}

// mark records a dial's outcome: err nil means addr answered.
func (r *liveBrokers) mark(addr string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.health[addr]
	if h == nil {
		h = &brokerHealth{}
		r.health[addr] = h
	}
	h.at = time.Now()
	if err == nil {
		h.up, h.failures, h.retryAt, h.err = true, 0, time.Time{}, nil
		return
	}
	h.up, h.err = false, err
	h.failures++
	h.retryAt = h.at.Add(min(r.retryMin<<min(h.failures-1, 5), max(liveRetryMax, r.retryMin)))
	if r.current == addr {
		r.current = ""
	}
}

// candidates orders the addresses a control connection tries: the broker it
// went to last, then the other known brokers from the next one on, then
// bootstrap addresses the metadata does not name; brokers that failed go
// after all of these until their backoff ends, the soonest retried first.
// Before any metadata, it is the bootstrap addresses from a rotating start.
func (r *liveBrokers) candidates() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	var order []string
	seen := make(map[string]bool)
	add := func(a string) {
		if a != "" && !seen[a] {
			seen[a] = true
			order = append(order, a)
		}
	}
	if len(r.known) == 0 {
		r.rr++
		for i := range r.bootstrap {
			add(r.bootstrap[(r.rr+i)%len(r.bootstrap)])
		}
	} else {
		add(r.current)
		ids := make([]int32, 0, len(r.known))
		for id := range r.known {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		start := 0
		for i, id := range ids {
			if r.known[id] == r.current {
				start = i + 1
			}
		}
		for i := range ids {
			add(r.known[ids[(start+i)%len(ids)]])
		}
		for _, a := range r.bootstrap {
			add(a)
		}
	}
	var ready, waiting []string
	for _, a := range order {
		if h := r.health[a]; h != nil && !h.up && now.Before(h.retryAt) {
			waiting = append(waiting, a)
		} else {
			ready = append(ready, a)
		}
	}
	slices.SortStableFunc(waiting, func(a, b string) int { return r.health[a].retryAt.Compare(r.health[b].retryAt) })
	return append(ready, waiting...)
}

// learned reports whether a metadata response named the brokers.
func (r *liveBrokers) learned() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.known) > 0
}

// probeAddrs are the addresses connErr's probe checks: the bootstrap
// addresses until metadata named the brokers, then the brokers in the
// order a control connection would try them, so that a dead bootstrap
// broker does not explain a failure elsewhere.
func (r *liveBrokers) probeAddrs() []string {
	if !r.learned() {
		return r.bootstrap
	}
	return r.candidates()
}

// brokerAt names the known broker at addr, or -1.
func (r *liveBrokers) brokerAt(addr string) int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, a := range r.known {
		if a == addr {
			return id
		}
	}
	return -1
}

// census counts the known brokers that answer: a dial's outcome younger
// than liveFresh stands, the others are dialled now, together, within
// budget. total is 0 before any metadata.
func (r *liveBrokers) census(ctx context.Context, budget time.Duration) (answer, total int) {
	r.mu.Lock()
	now := time.Now()
	var check []string
	for _, a := range r.known {
		h := r.health[a]
		switch {
		case h == nil || now.Sub(h.at) > liveFresh:
			check = append(check, a)
		case h.up:
			answer++
		}
	}
	total = len(r.known)
	r.mu.Unlock()
	if len(check) == 0 {
		return answer, total
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	ok := make(chan bool, len(check))
	for _, a := range check {
		go func() {
			conn, err := r.dialBroker(cctx, "tcp", a)
			if err == nil {
				conn.Close()
			}
			ok <- err == nil
		}()
	}
	for range check {
		if <-ok {
			answer++
		}
	}
	return answer, total
}

// noBrokerAnswered is a control connection that found no broker to talk to.
// It unwraps to the last broker's error.
type noBrokerAnswered struct {
	tried []string
	err   error
}

func (e *noBrokerAnswered) Error() string {
	return fmt.Sprintf("cannot connect to any broker (tried %s): %v", strings.Join(e.tried, ","), e.err)
}

func (e *noBrokerAnswered) Unwrap() error { return e.err }

// brokerDown explains a failure to reach one broker while the cluster has
// others ("broker 2 (host:port) is unreachable: connection refused; 2 of 3
// brokers answer"), and a failure of every broker the cluster told us about.
// It returns nil for other errors, and before any metadata named the
// brokers, where connErr's bootstrap wording applies.
func (c *Cluster) brokerDown(ctx context.Context, err error) error {
	r := c.brokers
	if r == nil {
		return nil
	}
	var nb *noBrokerAnswered
	if errors.As(err, &nb) && r.learned() {
		last := explainUnreachable(c.cfg, nb.tried[len(nb.tried)-1], nb.err)
		return &connFailure{
			msg:         fmt.Sprintf("cannot connect to any broker (tried %s); last error: %s", strings.Join(nb.tried, ","), last),
			err:         err,
			unreachable: true,
		}
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "dial" || opErr.Addr == nil || !unreachableErr(err) {
		return nil
	}
	addr := opErr.Addr.String()
	id := r.brokerAt(addr)
	if id < 0 {
		return nil
	}
	answer, total := r.census(ctx, min(liveCheckBudget, c.cfg.timeout()/4))
	if total < 2 {
		return nil
	}
	why := "connection refused"
	switch {
	case isTimeout(err):
		why = "no answer"
	case !errors.Is(err, syscall.ECONNREFUSED):
		why = opErr.Err.Error()
	}
	return &connFailure{
		msg:          fmt.Sprintf("broker %d (%s) is unreachable: %s; %d of %d brokers answer", id, addr, why, answer, total),
		err:          err,
		unreachable:  true,
		othersAnswer: answer > 0,
	}
}

// othersAnswer reports an error of one broker while others answer: an
// operation over several brokers reports it for that broker's part only.
func othersAnswer(err error) bool {
	var cf *connFailure
	return errors.As(err, &cf) && cf.othersAnswer
}

// explainUnreachable words the failure to reach addr as connErr would.
func explainUnreachable(cfg Config, addr string, err error) string {
	if isTimeout(err) {
		return timeoutFailure(addr, cfg.timeout(), "", err).msg
	}
	if e := explainNetErr(cfg, addr, err); e != nil {
		return e.Error()
	}
	return err.Error()
}
