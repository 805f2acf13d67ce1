package kafkaops

// TEMPORARY stubs: replaced by the real implementation (owner: topics work).

import (
	"context"
	"errors"
)

var errTODO = errors.New("not implemented yet")

var (
	_ ClusterDescriber = (*Cluster)(nil)
	_ TopicLister      = (*Cluster)(nil)
	_ TopicDescriber   = (*Cluster)(nil)
	_ TopicAdmin       = (*Cluster)(nil)
)

// DescribeCluster is a stub.
func (c *Cluster) DescribeCluster(ctx context.Context) (ClusterInfo, error) {
	return ClusterInfo{}, errTODO
}

// ListTopics is a stub.
func (c *Cluster) ListTopics(ctx context.Context) ([]TopicSummary, error) { return nil, errTODO }

// DescribeTopic is a stub.
func (c *Cluster) DescribeTopic(ctx context.Context, topic string) (TopicDetail, error) {
	return TopicDetail{}, errTODO
}

// TopicConfigs is a stub.
func (c *Cluster) TopicConfigs(ctx context.Context, topic string) ([]ConfigEntry, error) {
	return nil, errTODO
}

// CreateTopic is a stub.
func (c *Cluster) CreateTopic(ctx context.Context, spec TopicSpec) error { return errTODO }

// DeleteTopic is a stub.
func (c *Cluster) DeleteTopic(ctx context.Context, topic string) error { return errTODO }
