package ui

import (
	"context"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// The group lag and offset capabilities of fakeCluster: the shell's tests
// never reach them.

func (f *fakeCluster) GroupsLag(context.Context, []string) (map[string]kafkaops.GroupLag, error) {
	return nil, errNotFaked
}

func (f *fakeCluster) LagTimes(context.Context, []kafkaops.PartitionLag) (map[kafkaops.TopicPartition]time.Time, error) {
	return nil, errNotFaked
}

func (f *fakeCluster) PlanOffsetReset(context.Context, kafkaops.ResetRequest) (kafkaops.ResetPlan, error) {
	return kafkaops.ResetPlan{}, errNotFaked
}

func (f *fakeCluster) ResetOffsets(context.Context, kafkaops.ResetPlan) error { return errNotFaked }

func (f *fakeCluster) DeleteGroupOffsets(context.Context, string, string) error { return errNotFaked }
