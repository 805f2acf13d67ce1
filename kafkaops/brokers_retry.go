package kafkaops

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
)

// When a broker dies, the idle connections kafka-go keeps to it break, and
// kafka-go hands each one to the next request that wants that broker (or,
// for the control connections, any broker), which fails with an EOF or a
// reset: one failed topic list or group refresh per stale connection, after
// the cluster has already moved on. A request that only reads is sent again
// then: kafka-go has dropped the broken connection, so the next attempt
// takes another one or dials, through liveBrokers, a broker that answers.

// staleConnRetries bounds the extra attempts: kafka-go keeps few idle
// connections per broker.
const staleConnRetries = 3

// readOnlyAPIs are the requests that may be sent twice.
var readOnlyAPIs = map[protocol.ApiKey]bool{
	protocol.ListOffsets: true, protocol.Metadata: true, protocol.OffsetFetch: true,
	protocol.FindCoordinator: true, protocol.DescribeGroups: true, protocol.ListGroups: true,
	protocol.ApiVersions: true, protocol.DescribeAcls: true, protocol.DescribeConfigs: true,
	protocol.DescribeLogDirs: true, protocol.ListPartitionReassignments: true,
	protocol.DescribeClientQuotas: true, protocol.DescribeUserScramCredentials: true,
	// Beyond kafka-go's list, sent through kmsg (group848.go):
	60: true, // DescribeCluster
	61: true, // DescribeProducers
	65: true, // DescribeTransactions
	66: true, // ListTransactions
	69: true, // ConsumerGroupDescribe
	75: true, // DescribeTopicPartitions
	77: true, // ShareGroupDescribe
	79: true, // DescribeShareGroupOffsets
}

// brokenConn reports an error of a connection that was open and broke, as
// opposed to one that could not be opened.
func brokenConn(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// retryRoundTrip is rt.RoundTrip, sending a read-only request again when
// the connection it went on had broken.
func retryRoundTrip(ctx context.Context, rt kafka.RoundTripper, addr net.Addr, req kafka.Request) (kafka.Response, error) {
	for i := 0; ; i++ {
		res, err := rt.RoundTrip(ctx, addr, req)
		if err == nil || i == staleConnRetries || ctx.Err() != nil || !readOnlyAPIs[req.ApiKey()] || !brokenConn(err) {
			return res, err
		}
	}
}

// readRetry is a Transport whose read-only requests survive a stale
// connection; kafka.Client takes it as its Transport.
type readRetry struct{ *kafka.Transport }

// RoundTrip implements kafka.RoundTripper.
func (t readRetry) RoundTrip(ctx context.Context, addr net.Addr, req kafka.Request) (kafka.Response, error) {
	return retryRoundTrip(ctx, t.Transport, addr, req)
}

// roundTrip sends a raw request over c's Transport, as its Client does.
func (c *Cluster) roundTrip(ctx context.Context, req kafka.Request) (kafka.Response, error) {
	return retryRoundTrip(ctx, c.transport, c.client.Addr, req)
}
