package kafkaops

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
)

// errClass is how a stream treats an error.
type errClass int

const (
	// errTransient is retried until the stream's context is done: the
	// cluster is moving (leader election, broker restart).
	errTransient errClass = iota
	// errFatal ends the stream: retrying cannot help.
	errFatal
	// errUnknown is retried, but not forever.
	errUnknown
)

// classify sorts an error from a fetch or a metadata or offsets request.
func classify(err error) errClass {
	var ke kafka.Error
	switch {
	case errors.As(err, &ke):
		switch ke {
		case kafka.BrokerNotAvailable, kafka.ReplicaNotAvailable, kafka.NotLeaderForPartition:
			return errTransient
		case kafka.TopicAuthorizationFailed, kafka.ClusterAuthorizationFailed,
			kafka.SASLAuthenticationFailed, kafka.UnsupportedVersion,
			kafka.UnsupportedForMessageFormat:
			return errFatal
		}
		if ke.Temporary() {
			return errTransient
		}
		return errFatal
	case errors.As(err, new(*decodeError)):
		return errFatal
	case errors.Is(err, protocol.ErrNoTopic), errors.Is(err, protocol.ErrNoPartition):
		// The stream's own metadata, refreshed from the cluster, no longer
		// has the partition: the topic was deleted.
		return errFatal
	case errors.Is(err, protocol.ErrNoLeader),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return errTransient
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return errTransient
	}
	return errUnknown
}

// backoff spaces out retries: 50ms doubling to 1s (about the time a stream's
// metadata takes to catch up with a new leader), with jitter so that the
// partitions of a stream do not retry in lockstep.
type backoff struct{ n int }

func (b *backoff) reset() { b.n = 0 }

// wait sleeps for the next interval; false if ctx ended first.
func (b *backoff) wait(ctx context.Context) bool {
	d := 50 * time.Millisecond << min(b.n, 5)
	d = min(d, time.Second)
	b.n++
	d = d/2 + rand.N(d/2+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
