package kafkaops

// TEMPORARY stubs: replaced by the real implementation (owner: produce/groups work).

import (
	"context"
	"errors"
)

var (
	_ GroupReader = (*Cluster)(nil)
	_ GroupAdmin  = (*Cluster)(nil)
)

// ListGroups is a stub.
func (c *Cluster) ListGroups(ctx context.Context) ([]GroupSummary, error) {
	return nil, errors.New("not implemented yet")
}

// DescribeGroup is a stub.
func (c *Cluster) DescribeGroup(ctx context.Context, group string) (GroupDetail, error) {
	return GroupDetail{}, errors.New("not implemented yet")
}

// DeleteGroup is a stub.
func (c *Cluster) DeleteGroup(ctx context.Context, group string) error {
	return errors.New("not implemented yet")
}
