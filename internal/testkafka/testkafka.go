// Package testkafka gives tests a real Kafka-protocol cluster.
//
// Without KAFKATUI_TEST_BROKERS it starts franz-go's in-process kfake
// cluster (shared by the tests of a package); with it, tests run against the
// named real cluster. Either way each test makes its own uniquely named
// topics through an independent client (franz-go's kadm) and deletes them at
// cleanup. It is imported only by tests.
package testkafka

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// EnvBrokers names a real cluster's bootstrap addresses, comma separated.
const EnvBrokers = "KAFKATUI_TEST_BROKERS"

var (
	sharedOnce  sync.Once
	sharedAddrs []string
	sharedErr   error
	topicSeq    atomic.Int64
)

// Real reports whether tests run against a real cluster named by EnvBrokers.
func Real() bool { return strings.TrimSpace(os.Getenv(EnvBrokers)) != "" }

// Brokers returns the bootstrap addresses of the test cluster: the real one
// named by EnvBrokers, or a 3-broker kfake cluster shared by the package.
func Brokers(t testing.TB) []string {
	t.Helper()
	if Real() {
		return strings.Split(strings.TrimSpace(os.Getenv(EnvBrokers)), ",")
	}
	sharedOnce.Do(func() {
		c, err := kfake.NewCluster(kfake.NumBrokers(3))
		if err != nil {
			sharedErr = err
			return
		}
		// The shared cluster lives for the whole test binary.
		sharedAddrs = c.ListenAddrs()
	})
	if sharedErr != nil {
		t.Fatalf("start kfake cluster: %v", sharedErr)
	}
	return sharedAddrs
}

// NewCluster starts a private kfake cluster with opts, closed at cleanup.
// Use it for tests that need special settings (SASL, TLS, faults).
func NewCluster(t testing.TB, opts ...kfake.Opt) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatalf("start kfake cluster: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// Admin returns a franz-go admin client on brokers, closed at cleanup. It is
// the independent reference client tests check kafkatui against.
func Admin(t testing.TB, brokers []string, opts ...kgo.Opt) (*kadm.Client, *kgo.Client) {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.MetadataMinAge(100 * time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatalf("kgo client: %v", err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl), cl
}

// TopicName returns a name unique to this test run.
func TopicName(t testing.TB) string {
	name := strings.NewReplacer("/", "-", " ", "-", "#", "-").Replace(t.Name())
	if len(name) > 80 {
		name = name[:80]
	}
	return fmt.Sprintf("kt-%s-%d-%d", name, time.Now().UnixNano()%1_000_000_000, topicSeq.Add(1))
}

// Topic creates a uniquely named topic with the given partitions (replication
// factor 1) on brokers, deleted at cleanup.
func Topic(t testing.TB, brokers []string, partitions int32) string {
	t.Helper()
	return TopicWithConfigs(t, brokers, partitions, nil)
}

// keepOldRecords adds retention.ms=-1 to a real cluster's test topic unless
// the test sets it: tests write records stamped years ago (2001, 2023,
// 2024), which a broker's retention check (every 5 minutes, 7 days by
// default) would otherwise delete in the middle of a test, now and then.
// kfake enforces no retention unless told to.
func keepOldRecords(configs map[string]string) map[string]string {
	if _, set := configs["retention.ms"]; set || !Real() {
		return configs
	}
	out := map[string]string{"retention.ms": "-1"}
	for k, v := range configs {
		out[k] = v
	}
	return out
}

// TopicWithConfigs is Topic with topic configs set at creation, e.g.
// {"max.message.bytes": "1000"}.
func TopicWithConfigs(t testing.TB, brokers []string, partitions int32, configs map[string]string) string {
	t.Helper()
	adm, cl := Admin(t, brokers)
	name := TopicName(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var cfg map[string]*string
	for k, v := range keepOldRecords(configs) {
		if cfg == nil {
			cfg = make(map[string]*string, len(configs))
		}
		cfg[k] = &v
	}
	resp, err := adm.CreateTopic(ctx, partitions, 1, cfg, name)
	if err == nil {
		err = resp.Err
	}
	if err != nil {
		t.Fatalf("create topic %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = adm.DeleteTopics(ctx, name)
	})
	waitForTopic(t, adm, cl, name)
	return name
}

// waitForTopic waits until every broker of the cluster knows the topic
// with a leader for each partition. A real cluster takes a moment after
// CreateTopics, and brokers learn of a new topic one after the other: a
// request that reaches one that has not yet would be told it does not exist.
func waitForTopic(t testing.TB, adm *kadm.Client, cl *kgo.Client, name string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var (
		brokers kadm.BrokerDetails
		err     error
	)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var md kadm.Metadata
		md, err = adm.Metadata(ctx, name)
		cancel()
		if err == nil && topicLed(md.Topics[name]) {
			brokers = md.Brokers
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("topic %s not ready after 30s (last error: %v)", name, err)
		}
		time.Sleep(100 * time.Millisecond) // polling a remote state; no event to wait on
	}
	for _, b := range brokers {
		for {
			req := kmsg.NewPtrMetadataRequest()
			rt := kmsg.NewMetadataRequestTopic()
			rt.Topic = kmsg.StringPtr(name)
			req.Topics = append(req.Topics, rt)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			var resp kmsg.Response
			resp, err = cl.Broker(int(b.NodeID)).Request(ctx, req)
			cancel()
			if err == nil && brokerKnows(resp.(*kmsg.MetadataResponse), name) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("broker %d does not know topic %s with leaders after 30s (last error: %v)", b.NodeID, name, err)
			}
			time.Sleep(50 * time.Millisecond) // polling a remote state; no event to wait on
		}
	}
}

// topicLed reports whether td has partitions, each with a leader.
func topicLed(td kadm.TopicDetail) bool {
	if td.Err != nil || len(td.Partitions) == 0 {
		return false
	}
	for _, p := range td.Partitions {
		if p.Leader < 0 || p.Err != nil {
			return false
		}
	}
	return true
}

// brokerKnows reports whether one broker's metadata answer shows topic with
// a leader for every partition.
func brokerKnows(resp *kmsg.MetadataResponse, topic string) bool {
	for _, rt := range resp.Topics {
		if rt.Topic == nil || *rt.Topic != topic || rt.ErrorCode != 0 || len(rt.Partitions) == 0 {
			continue
		}
		for _, p := range rt.Partitions {
			if p.ErrorCode != 0 || p.Leader < 0 {
				return false
			}
		}
		return true
	}
	return false
}

// Produce writes records to topic with franz-go, synchronously, and fails
// the test on any error. Records keep their Partition when set with a manual
// partitioner.
func Produce(t testing.TB, brokers []string, recs ...*kgo.Record) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.MetadataMinAge(100*time.Millisecond), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatalf("kgo client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
}

// RequestTimeout bounds one request a test makes to the test cluster
// itself (kadm, kgo). It is generous: a loaded machine with the race
// detector runs 5-10 times slower than an idle one, and a request that
// fails for want of time fails the test for nothing. A request that
// succeeds takes no longer for it.
const RequestTimeout = time.Minute

// Ctx returns a context for one request (or one short wait) of a test,
// bounded by RequestTimeout and cancelled at cleanup. Take a fresh one for
// each step: one context shared by a whole test makes its later steps fail
// when the earlier ones were slow.
func Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), RequestTimeout)
	t.Cleanup(cancel)
	return ctx
}
