// Package hostile is a Kafka-protocol server that answers like a one-broker
// cluster but plants terminal escape sequences in every string it supplies:
// topic names, config names and values, broker hosts and racks, the cluster
// id, group ids, states, protocols, assignors, member, client and instance
// ids, client hosts, record keys, values and headers, and error messages.
// A fault hook replaces answers with raw bytes of the test's making
// (malformed frames, absurd array counts), so the same server stands for a
// broken broker too.
//
// It exists for tests and for running kafkatui against it by hand
// (scripts/hostile-broker). It imports only the standard library and kmsg.
package hostile

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Payload is what Mark appends to a field: set the terminal title (OSC 2
// ended by BEL), clear the screen (CSI 2J), a C1 CSI (U+009B) starting a
// red colour, and a right-to-left override.
const Payload = "\x1b]2;PWNED\x07\x1b[2J\u009b31m\u202e"

// Mark returns field with Payload appended: the hostile form of a name.
func Mark(field string) string { return field + Payload }

// Names the server answers with, so tests can ask for them.
var (
	// Topic is the topic with escapes in its name.
	Topic = Mark("topic")
	// Lookalike and Plain are two topics that differ only by a zero-width
	// space, which must not look the same on screen.
	Lookalike = "orders\u200b"
	Plain     = "orders"
	// ClassicGroup is a classic consumer group with a member; Group848 a
	// group of the KIP-848 consumer protocol.
	ClassicGroup = Mark("group")
	Group848     = Mark("group848")
	// IdleGroup is a classic group without members, whose offsets can be
	// reset: its state is IdleState.
	IdleGroup = Mark("idle")
	// State is the state both groups report: Stable, so a reset is refused
	// and the refusal quotes it.
	State     = Mark("Stable")
	IdleState = Mark("Empty")
)

// Partitions is the partition count of every topic; Records the number of
// records in each partition.
const (
	Partitions = 2
	Records    = 5
)

// Config says how the server misbehaves.
type Config struct {
	// Fault, when set, is asked first for every request; a non-nil answer
	// is written to the connection as is (it must include its own size
	// prefix) instead of the normal reply.
	Fault func(key, version int16, correlationID int32) []byte
}

// Server is a running hostile broker.
type Server struct {
	cfg  Config
	ln   net.Listener
	host string
	port int32

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	done  chan struct{}
}

// Listen starts a server on addr ("127.0.0.1:0" picks a free port).
func Listen(addr string, cfg Config) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	host, portS, _ := net.SplitHostPort(ln.Addr().String())
	port, _ := strconv.Atoi(portS)
	s := &Server{cfg: cfg, ln: ln, host: host, port: int32(port), conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
	go s.accept()
	return s, nil
}

// Addr is the bootstrap address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server and drops its connections.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	return err
}

func (s *Server) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		go func() {
			defer func() {
				c.Close()
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
			_ = s.serve(c)
		}()
	}
}

// serve answers requests on c until it fails or closes.
func (s *Server) serve(c net.Conn) error {
	r := bufio.NewReader(c)
	for {
		var size [4]byte
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return err
		}
		n := binary.BigEndian.Uint32(size[:])
		if n < 8 || n > 64<<20 {
			return fmt.Errorf("request of %d bytes", n)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return err
		}
		key := int16(binary.BigEndian.Uint16(body))
		version := int16(binary.BigEndian.Uint16(body[2:]))
		corr := int32(binary.BigEndian.Uint32(body[4:]))
		if s.cfg.Fault != nil {
			if raw := s.cfg.Fault(key, version, corr); raw != nil {
				if _, err := c.Write(raw); err != nil {
					return err
				}
				continue
			}
		}
		req := kmsg.RequestForKey(key)
		if req == nil {
			return fmt.Errorf("unknown api key %d", key)
		}
		req.SetVersion(version)
		rest, err := skipHeader(body[8:], req.IsFlexible())
		if err != nil {
			return err
		}
		if err := req.ReadFrom(rest); err != nil {
			return fmt.Errorf("api %d v%d: %w", key, version, err)
		}
		resp := s.answer(req)
		if resp == nil {
			continue // acks=0 produce: no answer
		}
		resp.SetVersion(version)
		out := binary.BigEndian.AppendUint32(make([]byte, 4, 256), uint32(corr))
		if resp.IsFlexible() && key != 18 { // ApiVersions answers with header v0
			out = append(out, 0)
		}
		out = resp.AppendTo(out)
		binary.BigEndian.PutUint32(out, uint32(len(out)-4))
		if _, err := c.Write(out); err != nil {
			return err
		}
	}
}

// skipHeader skips the client id (and the tagged fields of a flexible
// header) after key, version and correlation id.
func skipHeader(b []byte, flexible bool) ([]byte, error) {
	if len(b) < 2 {
		return nil, errors.New("short header")
	}
	if l := int16(binary.BigEndian.Uint16(b)); l > 0 {
		b = b[2+int(l):]
	} else {
		b = b[2:]
	}
	if !flexible {
		return b, nil
	}
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, errors.New("bad tagged fields")
	}
	b = b[k:]
	for range n {
		_, k := binary.Uvarint(b) // tag
		if k <= 0 {
			return nil, errors.New("bad tag")
		}
		b = b[k:]
		size, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < size {
			return nil, errors.New("bad tag size")
		}
		b = b[k+int(size):]
	}
	return b, nil
}

// topics are the topics the cluster has, hostile first.
func topics() []string { return []string{Topic, Lookalike, Plain} }

func str(s string) *string { return &s }

// wait holds a fetch that has nothing to return for its max wait (at most
// half a second), as a broker does, so a consumer at the end does not spin.
func (s *Server) wait(ms int32) {
	d := min(time.Duration(ms)*time.Millisecond, 500*time.Millisecond)
	select {
	case <-time.After(d):
	case <-s.done:
	}
}
