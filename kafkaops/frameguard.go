package kafkaops

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A broken or hostile broker must cost the user an error message, not the
// process. kafka-go trusts what it reads: a reply whose size prefix is
// negative makes its decoder panic in the Transport's own goroutine (the
// process dies with the terminal still in the UI's alternate screen), and a
// small reply claiming an array of a hundred million elements makes it
// allocate gigabytes before it notices the bytes are not there. Neither can
// be recovered from outside kafka-go, so every connection kafka-go reads
// from is a frameGuard: it reads each reply whole before kafka-go sees a
// byte of it, checks its size against the request it answers, and decodes
// it once with franz-go's kmsg, whose reader checks every array and string
// length against the bytes that remain. Only a reply that passes reaches
// kafka-go; any other ends the connection with "broker X sent a malformed
// reply", which the caller shows like any connection error.

// kmsgCorrelationID tags requests whose replies kmsg decodes (kmsgRequest,
// group848.go), not kafka-go: the guard checks their size and array counts
// but leaves the decoding to kmsg, whose readers bound themselves, instead
// of decoding them twice. A kmsg-decoded fetch path should use it too.
const kmsgCorrelationID int32 = 0x6b74_6d67

// errMalformedReply is what every malformed-reply failure wraps.
var errMalformedReply = errors.New("malformed reply")

// Reply size bounds. A Fetch reply may exceed the request's max bytes by
// one record batch (KIP-74: the first batch is returned whole), itself
// bounded by the topic's max.message.bytes; fetchSlack covers that, as
// librdkafka's receive.message.max.bytes (100 MB) does. Other replies get
// maxReply: the metadata of 12,000 partitions is 650 KB, so 32 MiB holds a
// cluster of over half a million; it also bounds what a junk reply can make
// kmsg allocate (see frameguard_fetch.go). The replies that carry no list
// of what the cluster holds get maxSmallReply.
const (
	minReply      = 4 // the correlation id
	maxReply      = 32 << 20
	maxSmallReply = 1 << 20
	fetchSlack    = 100 << 20
	// requestHead is how much of each request the guard keeps to learn
	// what it asks: header and the first fields of Fetch and Produce.
	requestHead = 512
	// keepBuffer is the largest reply buffer a connection keeps for the
	// next reply; a larger one is dropped once kafka-go has read it. Room
	// for a full fetch of a stream (1 MiB, consume_fetch.go) and its
	// framing, so a stream reuses one buffer.
	keepBuffer = 2 << 20
)

// smallReplies are the APIs whose replies hold a handful of fields, or a
// list as long as a request kafkatui keeps short.
var smallReplies = map[int16]bool{
	0:  true, // Produce: one partition per request
	8:  true, // OffsetCommit
	10: true, // FindCoordinator (v4+ lists the keys asked for, a few)
	12: true, // Heartbeat
	13: true, // LeaveGroup
	17: true, // SaslHandshake
	22: true, // InitProducerId
	18: true, // ApiVersions
	19: true, // CreateTopics: one topic
	20: true, // DeleteTopics: one topic
	36: true, // SaslAuthenticate
	42: true, // DeleteGroups: one group
	47: true, // OffsetDelete: one topic
	60: true, // DescribeCluster: the brokers
}

// guardFrames makes every connection tr and d open a frameGuard. It wraps
// the Dial functions they have (call it after setting them) and moves TLS
// into them, since the guard must read the plain protocol: kafka-go would
// otherwise layer TLS above the guard, which would then see ciphertext.
func guardFrames(tr *kafka.Transport, d *kafka.Dialer) {
	guard := func(dial func(context.Context, string, string) (net.Conn, error), tlsCfg *tls.Config) func(context.Context, string, string) (net.Conn, error) {
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			if tlsCfg != nil {
				tc := tls.Client(conn, withServerName(tlsCfg, addr))
				if err := tc.HandshakeContext(ctx); err != nil {
					conn.Close()
					return nil, err
				}
				conn = tc
			}
			return newFrameGuard(conn, addr), nil
		}
	}
	trDial := tr.Dial
	if trDial == nil {
		trDial = (&net.Dialer{Timeout: tr.DialTimeout}).DialContext
	}
	tr.Dial, tr.TLS = guard(trDial, tr.TLS), nil
	if d != nil {
		dDial := d.DialFunc
		if dDial == nil {
			dDial = (&net.Dialer{Timeout: d.Timeout, DualStack: d.DualStack}).DialContext
		}
		d.DialFunc, d.TLS = guard(dDial, d.TLS), nil
	}
}

// sentRequest is what the guard learned of a request from its first bytes.
type sentRequest struct {
	key, version int16
	maxBytes     int32 // Fetch v3+: the request's max bytes; else -1
	// kmsg marks a request sent with kmsgCorrelationID: kmsg, not kafka-go,
	// decodes its reply.
	kmsg bool
}

// frameGuard is a net.Conn that hands kafka-go only replies it has
// checked. Requests are written by one goroutine at a time and replies
// read by one (kafka-go's protocol.Conn), but the two may run at once.
type frameGuard struct {
	net.Conn
	addr string

	// Write side: the request being written, parsed as it goes out.
	size    [4]byte
	sizeN   int   // bytes of size read
	remain  int64 // bytes of the current request's body still to come
	head    []byte
	mu      sync.Mutex
	pending map[int32]sentRequest

	// Read side.
	reply []byte // the checked reply, what kafka-go has not read yet
	buf   []byte
	err   error
	// through is how much of a kmsgRequest's reply is still to be read
	// straight from the connection: its size and correlation id were
	// checked here, and kmsgRequest.RawExchange bounds the body itself
	// (kmsgSkeleton) before kmsg decodes it, so a fetch reply is not
	// copied once more on its way.
	through int64
}

func newFrameGuard(c net.Conn, addr string) *frameGuard {
	return &frameGuard{Conn: c, addr: addr, pending: map[int32]sentRequest{}, head: make([]byte, 0, requestHead)}
}

// Write notes the requests in p before sending it, so a reply can never
// arrive before its request is known.
func (g *frameGuard) Write(p []byte) (int, error) {
	g.note(p)
	return g.Conn.Write(p)
}

func (g *frameGuard) note(p []byte) {
	for len(p) > 0 {
		if g.remain == 0 {
			k := copy(g.size[g.sizeN:], p)
			g.sizeN += k
			p = p[k:]
			if g.sizeN < 4 {
				return
			}
			g.sizeN = 0
			g.remain = int64(int32(binary.BigEndian.Uint32(g.size[:])))
			g.head = g.head[:0]
			if g.remain <= 0 {
				g.remain = 0 // not a request kafka-go would write; nothing to track
			}
			continue
		}
		k := int(min(g.remain, int64(len(p))))
		if room := requestHead - len(g.head); room > 0 {
			g.head = append(g.head, p[:min(k, room)]...)
		}
		g.remain -= int64(k)
		p = p[k:]
		if g.remain == 0 {
			g.register(g.head)
		}
	}
}

// register records the request whose first bytes are head.
func (g *frameGuard) register(head []byte) {
	if len(head) < 8 {
		return
	}
	r := sentRequest{
		key:      int16(binary.BigEndian.Uint16(head)),
		version:  int16(binary.BigEndian.Uint16(head[2:])),
		maxBytes: -1,
	}
	corr := int32(binary.BigEndian.Uint32(head[4:]))
	r.kmsg = corr == kmsgCorrelationID
	if body, ok := requestBody(r.key, r.version, head[8:]); ok {
		switch r.key {
		case 0: // Produce: acks=0 gets no reply at all
			if acks, ok := produceAcks(r.version, body); ok && acks == 0 {
				return
			}
		case 1: // Fetch: replica id (before v15), max wait, min bytes, max bytes (v3+)
			off := 8
			if r.version < 15 {
				off = 12
			}
			if r.version >= 3 && len(body) >= off+4 {
				r.maxBytes = int32(binary.BigEndian.Uint32(body[off:]))
			}
		}
	}
	g.mu.Lock()
	g.pending[corr] = r
	g.mu.Unlock()
}

// requestBody skips the client id and, for a flexible request, the header's
// tagged fields; ok is false when head is too short to tell.
func requestBody(key, version int16, b []byte) ([]byte, bool) {
	if len(b) < 2 {
		return nil, false
	}
	if n := int16(binary.BigEndian.Uint16(b)); n > 0 {
		if len(b) < 2+int(n) {
			return nil, false
		}
		b = b[2+int(n):]
	} else {
		b = b[2:]
	}
	req := kmsg.RequestForKey(key)
	if req == nil {
		return nil, false
	}
	req.SetVersion(version)
	if !req.IsFlexible() {
		return b, true
	}
	b, err := skipTaggedFields(b)
	return b, err == nil
}

// produceAcks reads a Produce request's acks: after the transactional id
// from v3 on.
func produceAcks(version int16, b []byte) (int16, bool) {
	if version >= 3 {
		if version >= 9 {
			n, k := binary.Uvarint(b)
			if k <= 0 || n > 0 && uint64(len(b)-k) < n-1 {
				return 0, false
			}
			if n > 0 {
				b = b[k+int(n-1):]
			} else {
				b = b[k:]
			}
		} else {
			if len(b) < 2 {
				return 0, false
			}
			n := int16(binary.BigEndian.Uint16(b))
			b = b[2:]
			if n > 0 {
				if len(b) < int(n) {
					return 0, false
				}
				b = b[n:]
			}
		}
	}
	if len(b) < 2 {
		return 0, false
	}
	return int16(binary.BigEndian.Uint16(b)), true
}

// Read hands over the checked reply, reading and checking the next one
// when it is used up. After a malformed reply the connection is closed and
// every Read fails with the same error.
func (g *frameGuard) Read(p []byte) (int, error) {
	if len(g.reply) == 0 && g.through > 0 {
		if int64(len(p)) > g.through {
			p = p[:g.through]
		}
		n, err := g.Conn.Read(p)
		g.through -= int64(n)
		return n, err
	}
	if len(g.reply) == 0 {
		if g.err != nil {
			return 0, g.err
		}
		if cap(g.buf) > keepBuffer {
			g.buf = nil
		}
		reply, err := g.next()
		if err != nil {
			g.err = err
			var cf *connFailure
			if errors.As(err, &cf) {
				g.Conn.Close()
			}
			return 0, err
		}
		g.reply = reply
	}
	n := copy(p, g.reply)
	g.reply = g.reply[n:]
	return n, nil
}

// next reads one reply, size prefix included, and checks it.
func (g *frameGuard) next() ([]byte, error) {
	var head [8]byte
	if _, err := io.ReadFull(g.Conn, head[:4]); err != nil {
		return nil, err
	}
	size := int32(binary.BigEndian.Uint32(head[:4]))
	if size < minReply {
		return nil, g.malformed(-1, fmt.Sprintf("a reply of %d bytes", size))
	}
	if _, err := io.ReadFull(g.Conn, head[4:]); err != nil {
		return nil, err
	}
	corr := int32(binary.BigEndian.Uint32(head[4:]))
	g.mu.Lock()
	req, ok := g.pending[corr]
	delete(g.pending, corr)
	g.mu.Unlock()
	if !ok {
		return nil, g.malformed(-1, fmt.Sprintf("a reply to request %d, which was not sent", corr))
	}
	if limit := replyLimit(req); int64(size) > limit {
		return nil, g.malformed(req.key, fmt.Sprintf("a reply of %d bytes (at most %d expected)", size, limit))
	}
	if req.kmsg {
		g.through = int64(size) - 4
		frame := append(g.buf[:0], head[:]...)
		g.buf = frame
		return frame, nil
	}
	n := 4 + int(size)
	if cap(g.buf) < n {
		g.buf = make([]byte, n)
	}
	frame := g.buf[:n]
	copy(frame, head[:])
	if _, err := io.ReadFull(g.Conn, frame[8:]); err != nil {
		return nil, err
	}
	if err := checkReply(req, frame[8:]); err != nil {
		return nil, g.malformed(req.key, err.Error())
	}
	return frame, nil
}

// replyLimit is the largest reply req can have.
func replyLimit(req sentRequest) int64 {
	switch {
	case req.key == 1:
		return int64(max(req.maxBytes, 0)) + fetchSlack
	case smallReplies[req.key]:
		return maxSmallReply
	}
	return maxReply
}

// checkReply decodes body, the reply after its correlation id, with kmsg.
// A reply to an API kmsg does not know passes: kafka-go cannot decode it
// either.
func checkReply(req sentRequest, body []byte) error {
	resp := kmsg.ResponseForKey(req.key)
	if resp == nil {
		return nil
	}
	resp.SetVersion(req.version)
	b := body
	if resp.IsFlexible() && req.key != 18 { // ApiVersions replies have header v0
		var err error
		if b, err = skipTaggedFields(b); err != nil {
			return fmt.Errorf("header: %w", err)
		}
		if len(b) == 0 {
			return errors.New("header without body")
		}
	}
	switch req.key {
	case 1:
		if err := fetchSkeleton(req.version, b); err != nil {
			return err
		}
	case 3:
		if err := metadataSkeleton(req.version, b); err != nil {
			return err
		}
	}
	if err := resp.ReadFrom(b); err != nil {
		if req.key == 18 && req.version > 0 {
			// A broker that does not know the version asked for
			// answers ApiVersions at v0, with an error code.
			v0 := kmsg.NewPtrApiVersionsResponse()
			if v0.ReadFrom(b) == nil {
				return nil
			}
		}
		return err
	}
	if f, ok := resp.(*kmsg.FetchResponse); ok {
		return checkFetchBatches(f)
	}
	return nil
}

// kmsgSkeleton bounds what kmsg allocates decoding a reply to a
// kmsgRequest: kmsg checks every count against the bytes left, but a junk
// Fetch or Metadata reply still makes it allocate up to 80 times its size,
// so their arrays are walked first. body starts after the header.
func kmsgSkeleton(key, version int16, body []byte) error {
	switch key {
	case 1:
		return fetchSkeleton(version, body)
	case 3:
		return metadataSkeleton(version, body)
	}
	return nil
}

// malformed is the error for a reply that failed a check.
func (g *frameGuard) malformed(key int16, why string) error {
	what := "reply"
	if name := kmsg.NameForKey(key); key >= 0 && name != "" {
		what = name + " reply"
	}
	return &connFailure{
		msg: fmt.Sprintf("broker %s sent a malformed %s: %s", g.addr, what, why),
		err: errMalformedReply,
	}
}
