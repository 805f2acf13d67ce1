package kafkaops

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
)

func TestCreateTopic(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	adm, _ := testkafka.Admin(t, brokers)
	topic := testkafka.TopicName(t)
	topicsDeleteLater(t, adm, topic)
	if err := c.CreateTopic(ctx, TopicSpec{Name: topic, Partitions: 5, ReplicationFactor: 1, Configs: map[string]string{"retention.ms": "60000"}}); err != nil {
		t.Fatalf("CreateTopic: %v", err)
	}
	md, err := adm.Metadata(ctx, topic)
	if err != nil {
		t.Fatalf("kadm metadata: %v", err)
	}
	td := md.Topics[topic]
	if td.Err != nil || len(td.Partitions) != 5 {
		t.Fatalf("kadm sees %s with %d partitions (err %v), want 5", topic, len(td.Partitions), td.Err)
	}
	for _, p := range td.Partitions {
		if len(p.Replicas) != 1 || p.Leader < 0 {
			t.Errorf("p%d: replicas %v leader %d", p.Partition, p.Replicas, p.Leader)
		}
	}
	rcs, err := adm.DescribeTopicConfigs(ctx, topic)
	if err != nil {
		t.Fatalf("kadm describe configs: %v", err)
	}
	rc, _ := rcs.On(topic, nil)
	found := false
	for _, cfg := range rc.Configs {
		if cfg.Key == "retention.ms" {
			found = cfg.Value != nil && *cfg.Value == "60000"
		}
	}
	if !found {
		t.Errorf("retention.ms=60000 not set on %s", topic)
	}
	// The same Cluster describes it at once.
	d, err := c.DescribeTopic(ctx, topic)
	if err != nil || len(d.Partitions) != 5 {
		t.Fatalf("DescribeTopic after create: %v, %d partitions", err, len(d.Partitions))
	}
}

func TestCreateTopicBrokerDefaults(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	adm, _ := testkafka.Admin(t, brokers)
	topic := testkafka.TopicName(t)
	topicsDeleteLater(t, adm, topic)
	if err := c.CreateTopic(ctx, TopicSpec{Name: topic}); err != nil {
		t.Fatalf("CreateTopic with broker defaults: %v", err)
	}
	d, err := c.DescribeTopic(ctx, topic)
	if err != nil {
		t.Fatalf("DescribeTopic: %v", err)
	}
	if len(d.Partitions) < 1 || len(d.Partitions[0].Replicas) < 1 {
		t.Errorf("created with %d partitions, replicas %v", len(d.Partitions), d.Partitions)
	}
}

func TestCreateTopicErrors(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	existing := testkafka.Topic(t, brokers, 1)

	err := c.CreateTopic(ctx, TopicSpec{Name: existing, Partitions: 1, ReplicationFactor: 1})
	if !errors.Is(err, ErrTopicExists) {
		t.Errorf("create existing topic: %v, want ErrTopicExists", err)
	} else if want := fmt.Sprintf("create topic %q: topic already exists", existing); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}

	info, err := c.DescribeCluster(ctx)
	if err != nil {
		t.Fatalf("DescribeCluster: %v", err)
	}
	tooMany := len(info.Brokers) + 2
	name := testkafka.TopicName(t)
	err = c.CreateTopic(ctx, TopicSpec{Name: name, Partitions: 1, ReplicationFactor: tooMany})
	if !errors.Is(err, kafka.InvalidReplicationFactor) {
		t.Errorf("replication factor %d on %d brokers: %v, want InvalidReplicationFactor", tooMany, len(info.Brokers), err)
	} else if prefix := fmt.Sprintf("create topic %q: invalid replication factor", name); !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q, want prefix %q", err, prefix)
	}

	for _, bad := range []string{"", strings.Repeat("x", 300), "has space"} {
		if err := c.CreateTopic(ctx, TopicSpec{Name: bad, Partitions: 1}); err == nil {
			t.Errorf("CreateTopic(%q) succeeded", bad)
			_ = c.DeleteTopic(ctx, bad)
		} else if !strings.HasPrefix(err.Error(), "create topic") {
			t.Errorf("CreateTopic(%q): %v, want an error saying what was being done", bad, err)
		}
	}
}

func TestCreateTopicUnknownConfig(t *testing.T) {
	if !testkafka.Real() {
		t.Skip("kfake does not check config names on CreateTopics; real Kafka answers INVALID_CONFIG")
	}
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	name := testkafka.TopicName(t)
	err := c.CreateTopic(topicsCtx(t), TopicSpec{Name: name, Partitions: 1, Configs: map[string]string{"no.such.config": "1"}})
	if !errors.Is(err, kafka.InvalidConfiguration) || !strings.Contains(err.Error(), "no.such.config") {
		t.Fatalf("unknown config: %v, want InvalidConfiguration naming no.such.config", err)
	}
}

func TestDeleteTopic(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	topic := testkafka.Topic(t, brokers, 2)
	topicsProduce(t, brokers, topic, map[int32]int{1: 3})
	if err := c.DeleteTopic(ctx, topic); err != nil {
		t.Fatalf("DeleteTopic: %v", err)
	}
	adm, _ := testkafka.Admin(t, brokers)
	waitFor(t, 5*time.Second, func() error {
		md, err := adm.Metadata(ctx, topic)
		if err != nil {
			return err
		}
		if md.Topics[topic].Err == nil {
			return fmt.Errorf("kadm still sees %s after DeleteTopic", topic)
		}
		return nil
	})

	err := c.DeleteTopic(ctx, topic)
	if !errors.Is(err, ErrTopicNotFound) {
		t.Fatalf("delete missing topic: %v, want ErrTopicNotFound", err)
	}
	if want := fmt.Sprintf("delete topic %q: topic does not exist", topic); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}
