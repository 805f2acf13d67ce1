package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol/createtopics"
	"github.com/segmentio/kafka-go/protocol/deletetopics"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
)

// CreateTopic creates spec.Name. Partitions or ReplicationFactor of 0 or
// less leave the choice to the broker (num.partitions,
// default.replication.factor). It returns once brokers show the topic with a
// leader for every partition, or the timeout passes (the topic then exists
// but is still settling). A taken name gives an error wrapping
// ErrTopicExists; other refusals carry the broker's reason.
func (c *Cluster) CreateTopic(ctx context.Context, spec TopicSpec) error {
	what := fmt.Sprintf("create topic %q", spec.Name)
	if spec.Name == "" {
		return errors.New("create topic: no topic name given")
	}
	if err := validTopicName(spec.Name); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if spec.Partitions > math.MaxInt32 {
		return fmt.Errorf("%s: %d partitions is more than Kafka allows", what, spec.Partitions)
	}
	if spec.ReplicationFactor > math.MaxInt16 {
		return fmt.Errorf("%s: replication factor %d is more than Kafka allows", what, spec.ReplicationFactor)
	}
	rt := createtopics.RequestTopic{Name: spec.Name, NumPartitions: -1, ReplicationFactor: -1}
	if spec.Partitions > 0 {
		rt.NumPartitions = int32(spec.Partitions)
	}
	if spec.ReplicationFactor > 0 {
		rt.ReplicationFactor = int16(spec.ReplicationFactor)
	}
	names := make([]string, 0, len(spec.Configs))
	for k := range spec.Configs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		rt.Configs = append(rt.Configs, createtopics.RequestConfig{Name: k, Value: spec.Configs[k]})
	}

	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	// The Transport refreshes its metadata cache after a CreateTopics
	// response, so produce and fetch through it see the topic at once.
	m, err := c.transport.RoundTrip(ctx, c.client.Addr, &createtopics.Request{
		Topics:    []createtopics.RequestTopic{rt},
		TimeoutMs: int32(c.cfg.timeout().Milliseconds() / 2),
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, c.connErr(ctx, err))
	}
	res, ok := m.(*createtopics.Response)
	if !ok {
		return fmt.Errorf("%s: unexpected %T answering create topics", what, m)
	}
	for _, t := range res.Topics {
		if t.Name != spec.Name {
			continue
		}
		switch kafka.Error(t.ErrorCode) {
		case 0:
		case kafka.TopicAlreadyExists:
			return fmt.Errorf("%s: %w", what, ErrTopicExists)
		default:
			return fmt.Errorf("%s: %w", what, brokerCodeError(t.ErrorCode, t.ErrorMessage))
		}
	}
	c.awaitTopic(ctx, spec.Name, func(t meta.ResponseTopic) bool {
		if t.ErrorCode != 0 || len(t.Partitions) == 0 {
			return false
		}
		for _, p := range t.Partitions {
			if p.LeaderID < 0 {
				return false
			}
		}
		return true
	})
	return nil
}

// DeleteTopic deletes topic and returns once brokers no longer show it, or
// the timeout passes. A topic the cluster does not have gives an error
// wrapping ErrTopicNotFound.
func (c *Cluster) DeleteTopic(ctx context.Context, topic string) error {
	what := fmt.Sprintf("delete topic %q", topic)
	if topic == "" {
		return errors.New("delete topic: no topic name given")
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.timeout())
	defer cancel()
	m, err := c.transport.RoundTrip(ctx, c.client.Addr, &deletetopics.Request{
		TopicNames: []string{topic},
		TimeoutMs:  int32(c.cfg.timeout().Milliseconds() / 2),
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, c.connErr(ctx, err))
	}
	res, ok := m.(*deletetopics.Response)
	if !ok {
		return fmt.Errorf("%s: unexpected %T answering delete topics", what, m)
	}
	for _, t := range res.Responses {
		if t.Name != topic {
			continue
		}
		if err := topicCodeError(t.ErrorCode); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	c.awaitTopic(ctx, topic, func(t meta.ResponseTopic) bool {
		return kafka.Error(t.ErrorCode) == kafka.UnknownTopicOrPartition
	})
	return nil
}

// awaitTopic polls fresh metadata for topic until done says so or ctx ends.
// Topic changes reach every broker's metadata asynchronously (milliseconds
// on a healthy cluster); waiting here means a ListTopics or DescribeTopic
// right after a create or delete sees it.
func (c *Cluster) awaitTopic(ctx context.Context, topic string, done func(meta.ResponseTopic) bool) bool {
	delay := 10 * time.Millisecond
	for {
		md, err := c.freshMetadata(ctx, []string{topic})
		if err == nil {
			for _, t := range md.Topics {
				if t.Name == topic && done(t) {
					return true
				}
			}
		}
		// Polling a remote state: there is no event to wait on.
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return false
		case <-timer.C:
		}
		delay = min(2*delay, 250*time.Millisecond)
	}
}

// validTopicName applies Kafka's rules for topic names (the broker's
// Topic.validate), so that a bad name is refused with a reason before any
// request.
func validTopicName(name string) error {
	switch {
	case name == "." || name == "..":
		return fmt.Errorf("invalid name: %q is not allowed", name)
	case len(name) > 249:
		return fmt.Errorf("invalid name: %d characters, at most 249 are allowed", len(name))
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("invalid name: %q is not allowed (only ASCII letters, digits, '.', '_' and '-')", r)
		}
	}
	return nil
}
