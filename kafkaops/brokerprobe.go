package kafkaops

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/apiversions"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/segmentio/kafka-go/protocol/saslauthenticate"
	"github.com/segmentio/kafka-go/protocol/saslhandshake"
	"github.com/segmentio/kafka-go/sasl"
)

// dialBroker connects to addr the way kafka-go's Transport does (TCP, TLS,
// ApiVersions, SASL) but one step at a time, so that a failure names its
// step. It is the diagnosis behind connErr, used only after something failed.
// ctx must have a deadline.
func (c *Cluster) dialBroker(ctx context.Context, addr string) (*protocol.Conn, error) {
	start := time.Now()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if isTimeout(err) {
			return nil, timeoutFailure(addr, time.Since(start), "", err)
		}
		if e := explainNetErr(c.cfg, addr, err); e != nil {
			return nil, e
		}
		return nil, &connFailure{msg: fmt.Sprintf("cannot connect to broker %s: %v", addr, err), err: err, unreachable: true}
	}
	var conn net.Conn = raw
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if tlsCfg := c.tls; tlsCfg != nil {
		tc := tls.Client(raw, withServerName(tlsCfg, addr))
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			if e := explainTLSErr(c.cfg, addr, err); e != nil {
				return nil, e
			}
			if isTimeout(err) {
				return nil, timeoutFailure(addr, time.Since(start), "TLS handshake: is this a TLS listener?", err)
			}
			if ambiguousConnErr(err) {
				return nil, &connFailure{msg: fmt.Sprintf("tls: broker %s closed the connection during the TLS handshake (is this a TLS listener?)", addr), err: err}
			}
			return nil, &connFailure{msg: fmt.Sprintf("tls: handshake with broker %s: %v", addr, err), err: err}
		}
		conn = tc
	}

	pc := protocol.NewConn(newFrameGuard(conn, addr), c.cfg.clientID())
	m, err := pc.RoundTrip(new(apiversions.Request))
	if err != nil {
		pc.Close()
		if e := explainTLSErr(c.cfg, addr, err); e != nil {
			return nil, e
		}
		if isTimeout(err) {
			return nil, timeoutFailure(addr, time.Since(start), "API versions request", err)
		}
		if c.tls == nil && ambiguousConnErr(err) && speaksTLS(ctx, addr) {
			return nil, &connFailure{msg: fmt.Sprintf("broker %s expects TLS, which is not enabled in the connection settings", addr), err: err}
		}
		return nil, &connFailure{msg: fmt.Sprintf("broker %s did not answer the API versions request: %v", addr, err), err: err}
	}
	av, ok := m.(*apiversions.Response)
	if !ok || av.ErrorCode != 0 {
		pc.Close()
		code := int16(-1)
		if ok {
			code = av.ErrorCode
		}
		return nil, &connFailure{msg: fmt.Sprintf("broker %s refused the API versions request: %v", addr, kafka.Error(code)), err: kafka.Error(code)}
	}
	versions := make(map[protocol.ApiKey]int16, len(av.ApiKeys))
	for _, k := range av.ApiKeys {
		key := protocol.ApiKey(k.ApiKey)
		versions[key] = key.SelectVersion(k.MinVersion, k.MaxVersion)
	}
	pc.SetVersions(versions)

	if mech := c.transport.SASL; mech != nil {
		if err := c.saslAuthenticate(ctx, pc, addr, mech); err != nil {
			pc.Close()
			var cf *connFailure
			if errors.As(err, &cf) && cf.local {
				return nil, err
			}
			if isTimeout(err) {
				return nil, timeoutFailure(addr, time.Since(start), "SASL "+mech.Name()+" authentication", err)
			}
			return nil, err
		}
	}
	return pc, nil
}

// saslAuthenticate runs the SASL exchange on pc, explaining failures.
func (c *Cluster) saslAuthenticate(ctx context.Context, pc *protocol.Conn, addr string, mech sasl.Mechanism) error {
	name := mech.Name()
	who := ""
	if name != oauthName && name != awsName {
		who = fmt.Sprintf(" for user %q", c.cfg.SASL.Username)
	}
	failed := func(detail string, err error) error {
		return &connFailure{
			msg: fmt.Sprintf("sasl %s authentication failed%s on %s: %s", name, who, addr, detail),
			err: fmt.Errorf("%w: %w", kafka.SASLAuthenticationFailed, err),
		}
	}
	m, err := pc.RoundTrip(&saslhandshake.Request{Mechanism: name})
	if err != nil {
		return &connFailure{msg: fmt.Sprintf("sasl %s handshake with %s: %v", name, addr, err), err: err}
	}
	hs, _ := m.(*saslhandshake.Response)
	if hs == nil {
		return &connFailure{msg: fmt.Sprintf("sasl %s handshake with %s: unexpected %T", name, addr, m), err: kafka.IllegalSASLState}
	}
	switch kafka.Error(hs.ErrorCode) {
	case 0:
	case kafka.UnsupportedSASLMechanism:
		offered := "none"
		if len(hs.Mechanisms) > 0 {
			// Kafka lists them in no stable order.
			offered = strings.Join(slices.Sorted(slices.Values(hs.Mechanisms)), ", ")
		}
		return &connFailure{msg: fmt.Sprintf("sasl %s is not enabled on broker %s (it offers: %s)", name, addr, offered), err: kafka.UnsupportedSASLMechanism}
	case kafka.IllegalSASLState:
		return &connFailure{msg: fmt.Sprintf("sasl %s handshake with %s: the listener does not expect SASL", name, addr), err: kafka.IllegalSASLState}
	default:
		return &connFailure{msg: fmt.Sprintf("sasl %s handshake with %s: %v", name, addr, brokerCodeError(hs.ErrorCode, "")), err: kafka.Error(hs.ErrorCode)}
	}

	host, portStr, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portStr)
	ctx = sasl.WithMetadata(ctx, &sasl.Metadata{Host: host, Port: port})
	sess, state, err := mech.Start(ctx)
	if err != nil {
		var cf *connFailure
		if errors.As(err, &cf) {
			return err // no token, no credentials: nothing was sent
		}
		return failed(err.Error(), err)
	}
	for done := false; !done; {
		m, err := pc.RoundTrip(&saslauthenticate.Request{AuthBytes: state})
		if err != nil {
			if ambiguousConnErr(err) {
				return failed("the broker closed the connection ("+rejectionHint(name)+")", err)
			}
			return failed(err.Error(), err)
		}
		res, _ := m.(*saslauthenticate.Response)
		if res == nil {
			return failed(fmt.Sprintf("unexpected %T", m), kafka.IllegalSASLState)
		}
		if res.ErrorCode != 0 {
			be := brokerCodeError(res.ErrorCode, res.ErrorMessage)
			if ex, ok := sess.(interface{ explainFailure(string) string }); ok {
				return failed(ex.explainFailure(res.ErrorMessage), be)
			}
			if res.ErrorMessage != "" {
				// Kafka's message says it all ("Authentication failed
				// during authentication due to invalid credentials...").
				return failed(res.ErrorMessage, be)
			}
			return failed(be.Error(), be)
		}
		if done, state, err = sess.Next(ctx, res.AuthBytes); err != nil {
			return failed(err.Error(), err)
		}
	}
	return nil
}

// checkNeedsSASL sends a first real request on a connection made without
// SASL. Brokers answer ApiVersions on a SASL listener before authentication,
// then close the connection on anything else: that is the tell.
func (c *Cluster) checkNeedsSASL(ctx context.Context, pc *protocol.Conn, addr string) error {
	if c.transport.SASL != nil {
		return nil
	}
	if _, err := pc.RoundTrip(&meta.Request{TopicNames: []string{}}); err != nil {
		if ambiguousConnErr(err) {
			if offered := c.offeredMechanisms(ctx, addr); len(offered) > 0 {
				return &connFailure{msg: fmt.Sprintf("broker %s closed the connection on the first request: the listener requires SASL authentication (it offers %s), which is not configured", addr, strings.Join(offered, ", ")), err: err}
			}
			return &connFailure{msg: fmt.Sprintf("broker %s closed the connection on the first request: the listener probably requires SASL authentication, which is not configured", addr), err: err}
		}
		if isTimeout(err) {
			return timeoutFailure(addr, c.cfg.timeout(), "metadata request", err)
		}
		return &connFailure{msg: fmt.Sprintf("metadata request to broker %s: %v", addr, err), err: err}
	}
	return nil
}

// offeredMechanisms asks addr, on a new connection, which SASL mechanisms
// it enables, by requesting one no broker has: the refusal lists them. It
// returns nil when the broker does not say.
func (c *Cluster) offeredMechanisms(ctx context.Context, addr string) []string {
	if ctx.Err() != nil {
		return nil
	}
	pc, err := c.dialBroker(ctx, addr)
	if err != nil {
		return nil
	}
	defer pc.Close()
	m, err := pc.RoundTrip(&saslhandshake.Request{Mechanism: "KAFKATUI-PROBE"})
	if hs, ok := m.(*saslhandshake.Response); err == nil && ok && kafka.Error(hs.ErrorCode) == kafka.UnsupportedSASLMechanism {
		return slices.Sorted(slices.Values(hs.Mechanisms))
	}
	return nil
}

// rejectionHint guesses why a broker closed the connection during the
// SASL exchange of mechanism name.
func rejectionHint(name string) string {
	switch name {
	case oauthName:
		return "was the token rejected?"
	case awsName:
		return "were the AWS credentials rejected?"
	}
	return "wrong username or password?"
}

// speaksTLS reports whether addr completes a TLS handshake, certificate
// unchecked: only to tell a user that the listener wants TLS.
func speaksTLS(ctx context.Context, addr string) bool {
	if ctx.Err() != nil {
		return false
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	defer raw.Close()
	host, _, _ := net.SplitHostPort(addr)
	tc := tls.Client(raw, &tls.Config{ServerName: host, InsecureSkipVerify: true}) //nolint:gosec // detection only, nothing is sent
	return tc.HandshakeContext(ctx) == nil
}

// withServerName returns cfg with ServerName set to addr's host when empty,
// as kafka-go's Transport does.
func withServerName(cfg *tls.Config, addr string) *tls.Config {
	if cfg.ServerName != "" {
		return cfg
	}
	cfg = cfg.Clone()
	cfg.ServerName, _, _ = net.SplitHostPort(addr)
	return cfg
}
