package kafkaops

// TEMPORARY stubs: replaced by the real implementation (owner: consume work).

import (
	"context"
	"errors"
	"time"
)

var _ Consumer = (*Cluster)(nil)

// ParsePosition parses a kcat-style start position, resolving relative
// times against time.Now.
func ParsePosition(s string) (Position, error) { return ParsePositionAt(s, time.Now()) }

// ParsePositionAt is ParsePosition with an explicit "now". Stub.
func ParsePositionAt(s string, now time.Time) (Position, error) {
	return Position{}, errors.New("not implemented yet")
}

// Consume is a stub.
func (c *Cluster) Consume(ctx context.Context, req ConsumeRequest) (*Stream, error) {
	return nil, errors.New("not implemented yet")
}
