package kafkaops

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
)

// kafka-go reports most connection problems poorly: a wrong SASL password, a
// listener that wants TLS and one that wants SASL all come back as
// "unexpected EOF", without saying which broker or which step. connErr turns
// such errors into messages a person can act on. Every operation passes its
// transport errors through it:
//
//	if err != nil {
//		return fmt.Errorf("list groups: %w", c.connErr(ctx, err))
//	}
//
// The wrapped chain keeps the original error for errors.Is/As.

// connFailure is a connection problem explained. Its message stands alone;
// Unwrap gives the error it explains.
type connFailure struct {
	msg string
	err error
	// unreachable marks failures to reach a broker at all (DNS, dial,
	// timeout), as opposed to a broker refusing us (TLS, SASL).
	unreachable bool
	// local marks failures on this side, before anything was sent: no
	// token, no credentials. A timeout among them is not the broker's.
	local bool
	// othersAnswer marks one broker unreachable while others of the
	// cluster answer (brokers_live.go): a partial failure.
	othersAnswer bool
}

func (e *connFailure) Error() string { return e.msg }
func (e *connFailure) Unwrap() error { return e.err }

// brokerError is an error code a broker answered with, plus the broker's own
// message when it sent one. It unwraps to kafka-go's kafka.Error, so
// errors.Is(err, kafka.TopicAlreadyExists) works.
type brokerError struct {
	code kafka.Error
	msg  string
}

func (e *brokerError) Error() string {
	s := strings.ToLower(e.code.Title())
	if s == "" {
		s = fmt.Sprintf("kafka error code %d", int16(e.code))
	}
	if e.msg != "" {
		s += ": " + e.msg
	}
	return s
}

func (e *brokerError) Unwrap() error { return e.code }

// brokerCodeError returns nil for code 0, else a brokerError.
func brokerCodeError(code int16, msg string) error {
	if code == 0 {
		return nil
	}
	return &brokerError{code: kafka.Error(code), msg: msg}
}

// connErr explains err, returned by a request through c.client or
// c.transport, or passes it through (minus kafka-go's method prefixes) when
// it is not a connection problem. When kafka-go's error is ambiguous (an EOF,
// a SASL error without detail) it connects to the bootstrap brokers itself,
// step by step, to find out which step fails, within what is left of ctx and
// at most half the request timeout.
func (c *Cluster) connErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	// kafka-go's prefix goes first: a SASL mechanism's own explained
	// failure (no token, no AWS credentials) comes back wrapped in it.
	err = unwrapKafkaGo(err)
	if errors.Is(err, errMalformedReply) {
		// Garbage where a reply should be is most often not Kafka at
		// all (a web server, Redis): say what answered if it can be told.
		if e := c.explainWrongProtocol(ctx, err); e != nil {
			return e
		}
		return err
	}
	var cf *connFailure
	var be *brokerError
	if errors.As(err, &cf) || errors.As(err, &be) {
		return err // already explained
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	// Once metadata named the brokers, an unreachable one is named among
	// the others (brokers_live.go); before, the bootstrap wording below.
	if e := c.brokerDown(ctx, err); e != nil {
		return e
	}
	brokers := strings.Join(c.cfg.Brokers, ",")
	if isTimeout(err) {
		if e := c.explainWrongProtocol(ctx, err); e != nil {
			return e // an HTTP server or the like, not a broker
		}
		hint := ""
		if c.cfg.TLS.on() {
			hint = "a listener without TLS never completes a TLS handshake: check the port"
		}
		return timeoutFailure(brokers, c.cfg.timeout(), hint, err)
	}
	if e := explainNetErr(c.cfg, brokers, err); e != nil {
		// kafka-go tries every bootstrap broker and reports the last error.
		if cf, ok := e.(*connFailure); ok && cf.unreachable && len(c.cfg.Brokers) > 1 {
			cf.msg = fmt.Sprintf("cannot connect to any broker (tried %s); last error: %s", brokers, cf.msg)
		}
		return e
	}
	if !ambiguousConnErr(err) {
		return err
	}
	budget := c.cfg.timeout() / 2
	if dl, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(dl))
	}
	if dl, ok := ctx.Deadline(); errors.Is(ctx.Err(), context.DeadlineExceeded) || ok && !time.Now().Before(dl) {
		// kafka-go gave up on the connection only because the time ran
		// out (a broker that accepts and never answers): say so. The
		// deadline may have passed before ctx's timer marked it done.
		return timeoutFailure(brokers, c.cfg.timeout(), "", context.DeadlineExceeded)
	}
	if budget <= 0 || ctx.Err() != nil {
		return &connFailure{msg: fmt.Sprintf("connection to %s failed: %v", brokers, err), err: err}
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	if perr := c.probe(pctx); perr != nil {
		return perr
	}
	return &connFailure{msg: fmt.Sprintf("request to %s failed: %v (a new connection works: try again)", brokers, err), err: err}
}

// ambiguousConnErr reports errors that say a connection failed but not why.
// BrokerNotAvailable is what kafka-go's Transport returns for requests to a
// broker after it failed to connect, whatever the reason.
func ambiguousConnErr(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, kafka.BrokerNotAvailable) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, kafka.SASLAuthenticationFailed) || errors.Is(err, kafka.IllegalSASLState) ||
		errors.Is(err, kafka.UnsupportedSASLMechanism)
}

// timeoutFailure says that addr did not answer within d. It wraps
// context.DeadlineExceeded whichever timer fired, so callers can tell a
// timeout with one errors.Is.
func timeoutFailure(addr string, d time.Duration, hint string, err error) *connFailure {
	msg := fmt.Sprintf("no answer from %s within %s", addr, d.Round(time.Millisecond))
	if hint != "" {
		msg += " (" + hint + ")"
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return &connFailure{msg: msg, err: err, unreachable: true}
}

// isTimeout reports a request or connection that ran out of time. A Kafka
// error code is an answer, not a timeout, even REQUEST_TIMED_OUT (kafka.Error
// implements net.Error).
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ke kafka.Error
	if errors.As(err, &ke) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// explainNetErr explains DNS, dial and TLS errors, or returns nil. addr names
// the broker (or brokers) being reached.
func explainNetErr(cfg Config, addr string, err error) error {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &connFailure{msg: fmt.Sprintf("cannot resolve broker host %q: %s", dnsErr.Name, dnsErr.Err), err: err, unreachable: true}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		if opErr.Addr != nil {
			addr = opErr.Addr.String()
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return &connFailure{msg: fmt.Sprintf("cannot connect to broker %s: connection refused (is a broker listening there?)", addr), err: err, unreachable: true}
		case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
			return &connFailure{msg: fmt.Sprintf("cannot connect to broker %s: host or network unreachable", addr), err: err, unreachable: true}
		default:
			return &connFailure{msg: fmt.Sprintf("cannot connect to broker %s: %v", addr, opErr.Err), err: err, unreachable: true}
		}
	}
	return explainTLSErr(cfg, addr, err)
}

// explainTLSErr explains certificate and handshake failures, or returns nil.
func explainTLSErr(cfg Config, addr string, err error) error {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var header tls.RecordHeaderError
	msg := err.Error()
	switch {
	case errors.As(err, &unknownCA):
		hint := "set the CA file that signed it"
		if cfg.TLS.CAFile != "" {
			hint = fmt.Sprintf("it is not signed by the CA in %s", cfg.TLS.CAFile)
		}
		return &connFailure{msg: fmt.Sprintf("tls: certificate of broker %s is signed by an unknown authority (%s)", addr, hint), err: err}
	case errors.As(err, &hostErr):
		return &connFailure{msg: fmt.Sprintf("tls: certificate of broker %s does not match its name: %v (set the TLS server name to one it is valid for)", addr, hostErr), err: err}
	case errors.As(err, &invalid):
		return &connFailure{msg: fmt.Sprintf("tls: certificate of broker %s is not valid: %v", addr, invalid), err: err}
	case errors.As(err, &header):
		return &connFailure{msg: fmt.Sprintf("tls: broker %s did not answer with TLS (is this a TLS listener?)", addr), err: err}
	case strings.Contains(msg, "tls: certificate required"),
		strings.Contains(msg, "remote error: tls: bad certificate"),
		strings.Contains(msg, "remote error: tls: unknown certificate authority"),
		strings.Contains(msg, "remote error: tls: certificate unknown"):
		if cfg.TLS.CertFile == "" {
			return &connFailure{msg: fmt.Sprintf("tls: broker %s requires a client certificate, and none is configured", addr), err: err}
		}
		return &connFailure{msg: fmt.Sprintf("tls: broker %s rejected the client certificate %s: %v", addr, cfg.TLS.CertFile, err), err: err}
	case strings.Contains(msg, "broker appears to be expecting TLS"):
		return &connFailure{msg: fmt.Sprintf("broker %s expects TLS, which is not enabled in the connection settings", addr), err: err}
	}
	return nil
}

// probe connects to each broker in turn (the bootstrap addresses, or once
// metadata named the brokers, those; see probeAddrs), and
// returns the first step that fails. It prefers a TLS or SASL failure over an
// unreachable broker, since one broker being down does not explain an EOF
// from another. It returns nil when every broker accepts a connection.
func (c *Cluster) probe(ctx context.Context) error {
	var dialFailure error
	reached := false
	addrs := c.brokers.probeAddrs()
	for i, addr := range addrs {
		share := ctx
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			share, cancel = context.WithTimeout(ctx, time.Until(dl)/time.Duration(len(addrs)-i))
			defer cancel()
		}
		conn, err := c.dialBroker(share, addr)
		if err == nil {
			err = c.checkNeedsSASL(share, conn, addr)
			conn.Close()
		}
		var cf *connFailure
		switch {
		case err == nil:
			reached = true
		case errors.As(err, &cf) && cf.unreachable:
			if dialFailure == nil {
				dialFailure = err
			}
		default:
			return err
		}
	}
	if reached {
		return nil
	}
	return dialFailure
}

// beforeDeadline is ctx ending a little before ctx's own deadline, for a
// mechanism getting its credentials (a token, AWS keys) when a connection
// authenticates: kafka-go fails the request with a bare timeout if its
// context ends first, and a slow credential source would then pass for a
// silent broker.
func beforeDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return ctx, func() {}
	}
	return context.WithDeadline(ctx, dl.Add(-min(time.Until(dl)/10, time.Second)))
}
