package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/twmb/franz-go/pkg/kfake"
)

func TestDescribeCluster(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	info, err := c.DescribeCluster(ctx)
	if err != nil {
		t.Fatalf("DescribeCluster: %v", err)
	}
	adm, _ := testkafka.Admin(t, brokers)
	ref, err := adm.BrokerMetadata(ctx)
	if err != nil {
		t.Fatalf("kadm broker metadata: %v", err)
	}
	if info.ClusterID == "" || info.ClusterID != ref.Cluster {
		t.Errorf("cluster id %q, kadm %q", info.ClusterID, ref.Cluster)
	}
	if len(info.Brokers) != len(ref.Brokers) || len(info.Brokers) == 0 {
		t.Fatalf("%d brokers, kadm %d", len(info.Brokers), len(ref.Brokers))
	}
	ids := make(map[int32]bool)
	for i, b := range info.Brokers {
		if i > 0 && info.Brokers[i-1].ID >= b.ID {
			t.Errorf("brokers not sorted by id: %d before %d", info.Brokers[i-1].ID, b.ID)
		}
		r := ref.Brokers[i] // kadm sorts by node id too
		if b.ID != r.NodeID || b.Host != r.Host || b.Port != int(r.Port) || b.Rack != strings.TrimSpace(deref(r.Rack)) {
			t.Errorf("broker %+v, kadm %+v", b, r)
		}
		ids[b.ID] = true
	}
	if !ids[info.ControllerID] {
		// KRaft brokers report one of themselves as the controller.
		t.Errorf("controller %d is not one of the brokers %v", info.ControllerID, info.Brokers)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// topicsOps runs every cluster and topic operation, for the failure tests.
func topicsOps(c *Cluster) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"DescribeCluster": func(ctx context.Context) error { _, err := c.DescribeCluster(ctx); return err },
		"ListTopics":      func(ctx context.Context) error { _, err := c.ListTopics(ctx); return err },
		"DescribeTopic":   func(ctx context.Context) error { _, err := c.DescribeTopic(ctx, "orders"); return err },
		"TopicConfigs":    func(ctx context.Context) error { _, err := c.TopicConfigs(ctx, "orders"); return err },
		"CreateTopic": func(ctx context.Context) error {
			return c.CreateTopic(ctx, TopicSpec{Name: "orders", Partitions: 1})
		},
		"DeleteTopic": func(ctx context.Context) error { return c.DeleteTopic(ctx, "orders") },
	}
}

func TestClusterUnreachableBrokerFailsFast(t *testing.T) {
	const timeout = 2 * time.Second
	c := topicsCluster(t, []string{"127.0.0.1:1"}, func(cfg *Config) { cfg.Timeout = timeout })
	for name, op := range topicsOps(c) {
		err := endsItself(t, name, op)
		if err == nil {
			t.Errorf("%s against 127.0.0.1:1 succeeded", name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "cannot connect to broker 127.0.0.1:1: connection refused") {
			t.Errorf("%s: %q, want a message naming the broker and the refusal", name, msg)
		}
	}
}

// silentBroker accepts connections and never answers, like a broker behind
// a firewall that drops packets after the handshake, or a TLS client talking
// to a listener that waits for a Kafka request.
func silentBroker(t *testing.T) string { return testkafka.Silent(t) }

func TestClusterSilentBrokerTimesOut(t *testing.T) {
	const timeout = time.Second
	addr := silentBroker(t)
	c := topicsCluster(t, []string{addr}, func(cfg *Config) { cfg.Timeout = timeout })
	for name, op := range topicsOps(c) {
		// Only a timeout can end the wait on a silent broker: the operation
		// ending at all, saying it had no answer, shows one did.
		err := endsItself(t, name, op)
		if err == nil {
			t.Errorf("%s against a silent broker succeeded", name)
			continue
		}
		if want := fmt.Sprintf("no answer from %s within ", addr); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q, want it to contain %q", name, err, want)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v does not wrap context.DeadlineExceeded", name, err)
		}
	}
}

func TestClusterCallerCancel(t *testing.T) {
	// The caller's context ends a request early; the error says so.
	addr := silentBroker(t)
	// With a request timeout of an hour only the caller's context can end
	// the wait before the test's watchdog, however slow the machine.
	c := topicsCluster(t, []string{addr}, func(cfg *Config) { cfg.Timeout = time.Hour })
	err := endsItself(t, "ListTopics with a 300ms context", func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		_, err := c.ListTopics(ctx)
		return err
	})
	if err == nil {
		t.Fatal("ListTopics with a 300ms context succeeded")
	}
}

func TestListTopicsScales(t *testing.T) {
	// kafka-go's ListOffsets sends one request per partition, each on a
	// connection of its own while in flight; 3,000 partitions cost thousands
	// of connections. ListTopics must use a handful, whatever the count.
	const topics, parts = 1500, 2
	names := make([]string, topics)
	for i := range names {
		names[i] = fmt.Sprintf("scale-%04d", i)
	}
	kc := testkafka.NewCluster(t, kfake.NumBrokers(3), kfake.SeedTopics(parts, names...))
	c := topicsCluster(t, kc.ListenAddrs())
	var dials atomic.Int64
	dial := c.transport.Dial // resolves the logical bootstrap address
	c.transport.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dial(ctx, network, addr)
	}
	testkafka.Produce(t, kc.ListenAddrs(), topicsRecords("scale-0007", 1, 5)...)

	ctx := topicsCtx(t)
	for range 2 {
		got, err := c.ListTopics(ctx)
		if err != nil {
			t.Fatalf("ListTopics: %v", err)
		}
		n := 0
		for _, s := range got {
			if strings.HasPrefix(s.Name, "scale-") {
				n++
				if s.Partitions != parts {
					t.Fatalf("%s: %d partitions", s.Name, s.Partitions)
				}
				if want := int64(0); s.Name == "scale-0007" {
					if s.Messages != 5 {
						t.Errorf("scale-0007 holds %d messages, want 5", s.Messages)
					}
				} else if s.Messages != want {
					t.Errorf("%s holds %d messages, want 0", s.Name, s.Messages)
				}
			}
		}
		if n != topics {
			t.Fatalf("listed %d of %d topics", n, topics)
		}
	}
	// One control connection, and a couple per broker at most.
	if n := dials.Load(); n > 10 {
		t.Errorf("two ListTopics over %d partitions dialled %d connections", topics*parts, n)
	}
}
