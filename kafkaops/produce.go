package kafkaops

// TEMPORARY stub: replaced by the real implementation (owner: produce/groups work).

import (
	"context"
	"errors"
)

var _ Producer = (*Cluster)(nil)

// Produce is a stub.
func (c *Cluster) Produce(ctx context.Context, msg Message) (ProduceResult, error) {
	return ProduceResult{}, errors.New("not implemented yet")
}
