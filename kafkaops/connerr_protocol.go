package kafkaops

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// A broker address that points at the wrong service (the Schema Registry or
// a REST proxy on 8081/8082, a web UI, Redis...) gives kafka-go nothing it
// can report: HTTP servers wait for the end of a request line that a Kafka
// request never sends, so the request just times out, and "no answer within
// 10s" sends the user looking for a firewall. explainWrongProtocol asks the
// endpoint once more in a way that makes such servers answer, and names
// what answered.

// peerProbeBudget bounds explainWrongProtocol by default (Config.ProbeTimeout):
// it runs after a request already used its timeout, so it may add at most
// this much, less for short timeouts (a quarter of the timeout).
const peerProbeBudget = time.Second

// probeCorrelationID is "\r\n\r\n" as a Kafka correlation id: a Kafka
// broker echoes it like any other, while a line-based server (HTTP, Redis,
// SMTP) sees the end of a line, or of an HTTP request head, and answers
// the garbage before it with an error.
const probeCorrelationID = 0x0d0a0d0a

// explainWrongProtocol probes the bootstrap brokers, all at once, within
// the probe timeout (even when ctx has expired: it explains a timeout), and
// returns a connFailure wrapping cause for the first one, in the order
// given, that answered like something other than Kafka. It returns nil when
// every broker answered like Kafka, did not answer, or could not be asked,
// and when ctx was cancelled (the user gave up: nothing to explain).
func (c *Cluster) explainWrongProtocol(ctx context.Context, cause error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.probeTimeout())
	defer cancel()
	tlsCfg := c.tls
	found := make([]string, len(c.cfg.Brokers))
	var wg sync.WaitGroup
	for i, addr := range c.cfg.Brokers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[i] = identifyPeer(pctx, addr, tlsCfg)
		}()
	}
	wg.Wait()
	for i, what := range found {
		if what != "" {
			return &connFailure{
				msg: fmt.Sprintf("%s is not a Kafka broker (it answered %s): check the address and port", c.cfg.Brokers[i], what),
				err: cause,
			}
		}
	}
	return nil
}

// identifyPeer sends addr an ApiVersions request and reads the first bytes
// of the answer. It returns what answered when that is recognisably not
// Kafka ("like an HTTP server: ..."), else "".
func identifyPeer(ctx context.Context, addr string, tlsCfg *tls.Config) string {
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return ""
	}
	defer raw.Close()
	stop := context.AfterFunc(ctx, func() { _ = raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = raw.SetDeadline(dl)
	}
	var conn net.Conn = raw
	if tlsCfg != nil {
		tc := tls.Client(raw, withServerName(tlsCfg, addr))
		if tc.HandshakeContext(ctx) != nil {
			return "" // explainTLSErr's domain
		}
		conn = tc
	}
	if _, err := conn.Write(probeRequest()); err != nil {
		return ""
	}
	answer := readAnswer(conn, 512)
	return classifyAnswer(answer)
}

// probeRequest is an ApiVersions v0 request (every Kafka version answers
// it, if only with an error code) with probeCorrelationID.
func probeRequest() []byte {
	const clientID = "kafkatui-probe"
	body := binary.BigEndian.AppendUint16(nil, 18) // api key: ApiVersions
	body = binary.BigEndian.AppendUint16(body, 0)  // version 0
	body = binary.BigEndian.AppendUint32(body, probeCorrelationID)
	body = binary.BigEndian.AppendUint16(body, uint16(len(clientID)))
	body = append(body, clientID...)
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
}

// readAnswer reads until it has a line, a Kafka response header, limit
// bytes, the end of the stream or the deadline. A Kafka answer cannot pass
// for a line of text: its size starts with a zero byte.
func readAnswer(r io.Reader, limit int) []byte {
	buf := make([]byte, 0, limit)
	for len(buf) < limit {
		n, err := r.Read(buf[len(buf):limit])
		buf = buf[:len(buf)+n]
		if bytes.IndexByte(buf, '\n') >= 0 || isKafkaAnswer(buf) || err != nil {
			break
		}
	}
	return buf
}

// isKafkaAnswer reports a Kafka response to probeRequest: a size, then the
// correlation id echoed.
func isKafkaAnswer(b []byte) bool {
	return len(b) >= 8 && binary.BigEndian.Uint32(b[4:8]) == probeCorrelationID
}

// classifyAnswer names what sent answer, or returns "" for Kafka, nothing,
// or bytes it cannot tell (binary protocols, TLS).
func classifyAnswer(answer []byte) string {
	if len(answer) == 0 || isKafkaAnswer(answer) {
		return ""
	}
	line := firstLine(answer)
	lower := bytes.ToLower(answer[:min(len(answer), 16)])
	switch {
	case bytes.HasPrefix(answer, []byte("HTTP/")):
		return fmt.Sprintf("like an HTTP server: %q", line)
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		// An error page without a status line: what Python's http.server
		// sends to a request line it reads as HTTP/0.9.
		return fmt.Sprintf("like an HTTP server, with a page: %q", line)
	case bytes.HasPrefix(answer, []byte("SSH-")):
		return fmt.Sprintf("like an SSH server: %q", line)
	case line != "":
		return fmt.Sprintf("with text: %q", line)
	}
	return ""
}

// firstLine is answer's first line when it starts as text does (four
// printable ASCII bytes: the mark of a text protocol; a Kafka answer
// starts with a zero byte), cut to fit an error line; "" otherwise. The
// caller quotes it, which escapes whatever bytes follow.
func firstLine(answer []byte) string {
	line, _, _ := bytes.Cut(answer, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	if len(line) < 2 {
		return ""
	}
	for _, b := range line[:min(len(line), 4)] {
		if b < 0x20 || b >= 0x7f {
			return ""
		}
	}
	s := strings.ToValidUTF8(string(line), "\uFFFD")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "..."
	}
	return s
}
