package kafkaops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
	"github.com/segmentio/kafka-go"
	meta "github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// topicsCluster opens a Cluster on brokers for a test, closed at cleanup.
func topicsCluster(t testing.TB, brokers []string, edit ...func(*Config)) *Cluster {
	t.Helper()
	cfg := Config{Brokers: brokers, ClientID: "kafkatui-test", Timeout: 15 * time.Second}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := Open(cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// topicsCtx bounds a test's calls, so that a hang fails rather than stalls.
func topicsCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// topicsProduce writes n[p] records to each partition p of topic.
func topicsProduce(t testing.TB, brokers []string, topic string, n map[int32]int) {
	t.Helper()
	var recs []*kgo.Record
	for p, count := range n {
		recs = append(recs, topicsRecords(topic, p, count)...)
	}
	testkafka.Produce(t, brokers, recs...)
}

// topicsRecords makes n records for one partition.
func topicsRecords(topic string, partition int32, n int) []*kgo.Record {
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Partition: partition, Value: fmt.Appendf(nil, "p%d-%d", partition, i)}
	}
	return recs
}

// topicsDeleteLater deletes a topic made by the code under test at cleanup.
func topicsDeleteLater(t testing.TB, adm *kadm.Client, topic string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), testkafka.RequestTimeout)
		defer cancel()
		_, _ = adm.DeleteTopics(ctx, topic)
	})
}

func findSummary(ts []TopicSummary, name string) (TopicSummary, bool) {
	for _, s := range ts {
		if s.Name == name {
			return s, true
		}
	}
	return TopicSummary{}, false
}

func sortedIDs(ids []int32) []int32 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func TestListTopics(t *testing.T) {
	brokers := testkafka.Brokers(t)
	full := testkafka.Topic(t, brokers, 3)
	empty := testkafka.Topic(t, brokers, 1)
	topicsProduce(t, brokers, full, map[int32]int{0: 5, 2: 7})
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)

	got, err := c.ListTopics(ctx)
	if err != nil {
		t.Fatalf("ListTopics: %v", err)
	}
	if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Name < got[j].Name }) {
		t.Errorf("topics not sorted by name")
	}
	want := map[string]TopicSummary{
		full:  {Name: full, Partitions: 3, ReplicationFactor: 1, Messages: 12},
		empty: {Name: empty, Partitions: 1, ReplicationFactor: 1, Messages: 0},
	}
	for name, w := range want {
		s, ok := findSummary(got, name)
		if !ok {
			t.Fatalf("topic %s missing from ListTopics", name)
		}
		if s != w {
			t.Errorf("ListTopics %s = %+v, want %+v", name, s, w)
		}
	}

	// Every topic the reference client sees right after is listed, with the
	// same partition count.
	adm, _ := testkafka.Admin(t, brokers)
	md, err := adm.Metadata(ctx)
	if err != nil {
		t.Fatalf("kadm metadata: %v", err)
	}
	for name, td := range md.Topics {
		if td.Err != nil || !strings.HasPrefix(name, "kt-TestListTopics") {
			continue
		}
		s, ok := findSummary(got, name)
		if !ok {
			t.Errorf("kadm sees %s, ListTopics does not", name)
			continue
		}
		if s.Partitions != len(td.Partitions) {
			t.Errorf("%s: %d partitions, kadm says %d", name, s.Partitions, len(td.Partitions))
		}
	}
}

func TestListTopicsCountsWatermarkRange(t *testing.T) {
	// Messages is high minus low watermark, not high watermark: records
	// deleted from the start of a partition are not counted.
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 2)
	topicsProduce(t, brokers, topic, map[int32]int{0: 10, 1: 4})
	adm, _ := testkafka.Admin(t, brokers)
	ctx := topicsCtx(t)
	var del kadm.Offsets
	del.AddOffset(topic, 0, 6, -1)
	res, err := adm.DeleteRecords(ctx, del)
	if err == nil {
		err = res.Error()
	}
	if err != nil {
		t.Fatalf("delete records: %v", err)
	}
	c := topicsCluster(t, brokers)
	got, err := c.ListTopics(ctx)
	if err != nil {
		t.Fatalf("ListTopics: %v", err)
	}
	s, ok := findSummary(got, topic)
	if !ok {
		t.Fatalf("topic %s missing", topic)
	}
	if s.Messages != 4+4 {
		t.Errorf("Messages = %d, want 8 (partition 0: 10-6, partition 1: 4-0)", s.Messages)
	}
}

func TestListTopicsSeesChangesAtOnce(t *testing.T) {
	// kafka-go's Transport caches metadata for seconds; the topic list must
	// not, whether the change is made by this client or by another one.
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	if _, err := c.ListTopics(ctx); err != nil { // warm every cache there is
		t.Fatalf("ListTopics: %v", err)
	}
	adm, _ := testkafka.Admin(t, brokers)

	mine := testkafka.TopicName(t)
	topicsDeleteLater(t, adm, mine)
	if err := c.CreateTopic(ctx, TopicSpec{Name: mine, Partitions: 2, ReplicationFactor: 1}); err != nil {
		t.Fatalf("CreateTopic: %v", err)
	}
	got, err := c.ListTopics(ctx)
	if err != nil {
		t.Fatalf("ListTopics: %v", err)
	}
	if s, ok := findSummary(got, mine); !ok || s.Partitions != 2 {
		t.Fatalf("right after CreateTopic, ListTopics shows %+v (found %v), want 2 partitions", s, ok)
	}
	if err := c.DeleteTopic(ctx, mine); err != nil {
		t.Fatalf("DeleteTopic: %v", err)
	}
	got, err = c.ListTopics(ctx)
	if err != nil {
		t.Fatalf("ListTopics: %v", err)
	}
	if _, ok := findSummary(got, mine); ok {
		t.Fatalf("right after DeleteTopic, ListTopics still shows %s", mine)
	}
	if _, err := c.DescribeTopic(ctx, mine); !errors.Is(err, ErrTopicNotFound) {
		t.Fatalf("right after DeleteTopic, DescribeTopic: %v, want ErrTopicNotFound", err)
	}

	// A topic made by another client. On a real cluster the broker asked
	// may learn of it a few milliseconds after the one kadm asked.
	other := testkafka.Topic(t, brokers, 3)
	waitFor(t, 2*time.Second, func() error {
		d, err := c.DescribeTopic(ctx, other)
		if err == nil && len(d.Partitions) != 3 {
			err = fmt.Errorf("%d partitions, want 3", len(d.Partitions))
		}
		return err
	})
}

// waitFor retries check until it succeeds: at once on kfake, within limit
// (at least minWait, for a loaded machine) on a real cluster, whose brokers
// apply metadata changes asynchronously.
func waitFor(t *testing.T, limit time.Duration, check func() error) {
	t.Helper()
	limit = max(limit, minWait)
	if !testkafka.Real() {
		limit = 0
	}
	deadline := time.Now().Add(limit)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond) // polling a remote state; no event to wait on
	}
}

func TestDescribeTopic(t *testing.T) {
	brokers := testkafka.Brokers(t)
	topic := testkafka.Topic(t, brokers, 4)
	topicsProduce(t, brokers, topic, map[int32]int{0: 3, 1: 1, 3: 9})
	adm, _ := testkafka.Admin(t, brokers)
	ctx := topicsCtx(t)
	var del kadm.Offsets
	del.AddOffset(topic, 3, 2, -1)
	if res, err := adm.DeleteRecords(ctx, del); err != nil || res.Error() != nil {
		t.Fatalf("delete records: %v %v", err, res.Error())
	}

	c := topicsCluster(t, brokers)
	d, err := c.DescribeTopic(ctx, topic)
	if err != nil {
		t.Fatalf("DescribeTopic: %v", err)
	}
	if d.Name != topic || d.Internal {
		t.Errorf("DescribeTopic = %q internal=%v", d.Name, d.Internal)
	}
	if len(d.Partitions) != 4 {
		t.Fatalf("%d partitions, want 4", len(d.Partitions))
	}

	md, err := adm.Metadata(ctx, topic)
	if err != nil {
		t.Fatalf("kadm metadata: %v", err)
	}
	starts, err := adm.ListStartOffsets(ctx, topic)
	if err != nil {
		t.Fatalf("kadm start offsets: %v", err)
	}
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatalf("kadm end offsets: %v", err)
	}
	wantMessages := map[int32]int64{0: 3, 1: 1, 2: 0, 3: 7}
	for i, p := range d.Partitions {
		if p.ID != int32(i) {
			t.Fatalf("partition %d at index %d: not sorted by partition", p.ID, i)
		}
		ref := md.Topics[topic].Partitions[p.ID]
		if p.Leader != ref.Leader {
			t.Errorf("p%d leader %d, kadm %d", p.ID, p.Leader, ref.Leader)
		}
		if !slices.Equal(sortedIDs(p.Replicas), sortedIDs(ref.Replicas)) || !slices.Equal(sortedIDs(p.ISR), sortedIDs(ref.ISR)) {
			t.Errorf("p%d replicas %v isr %v, kadm %v %v", p.ID, p.Replicas, p.ISR, ref.Replicas, ref.ISR)
		}
		if p.OfflineReplicas == nil || len(p.OfflineReplicas) != 0 {
			t.Errorf("p%d offline replicas %#v, want empty and not nil", p.ID, p.OfflineReplicas)
		}
		s, _ := starts.Lookup(topic, p.ID)
		e, _ := ends.Lookup(topic, p.ID)
		if p.LowWatermark != s.Offset || p.HighWatermark != e.Offset {
			t.Errorf("p%d watermarks %d..%d, kadm %d..%d", p.ID, p.LowWatermark, p.HighWatermark, s.Offset, e.Offset)
		}
		if p.Messages() != wantMessages[p.ID] {
			t.Errorf("p%d holds %d messages, want %d", p.ID, p.Messages(), wantMessages[p.ID])
		}
		if p.Error != "" || p.Offline() || p.UnderReplicated() {
			t.Errorf("p%d: error %q offline %v under-replicated %v", p.ID, p.Error, p.Offline(), p.UnderReplicated())
		}
	}
}

func TestDescribeTopicMissing(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	name := testkafka.TopicName(t)
	_, err := c.DescribeTopic(topicsCtx(t), name)
	if !errors.Is(err, ErrTopicNotFound) {
		t.Fatalf("DescribeTopic of a missing topic: %v, want ErrTopicNotFound", err)
	}
	if want := fmt.Sprintf("describe topic %q: topic does not exist", name); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	// Asking must not create it, even where auto-creation is enabled.
	adm, _ := testkafka.Admin(t, brokers)
	md, err := adm.Metadata(topicsCtx(t), name)
	if err == nil && md.Topics[name].Err == nil {
		t.Errorf("DescribeTopic created %s", name)
	}
}

func TestTopicConfigs(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	ctx := topicsCtx(t)
	adm, _ := testkafka.Admin(t, brokers)
	topic := testkafka.TopicName(t)
	topicsDeleteLater(t, adm, topic)
	set := map[string]string{"retention.ms": "3600000", "cleanup.policy": "compact", "max.message.bytes": "2097152"}
	if err := c.CreateTopic(ctx, TopicSpec{Name: topic, Partitions: 1, ReplicationFactor: 1, Configs: set}); err != nil {
		t.Fatalf("CreateTopic: %v", err)
	}

	got, err := c.TopicConfigs(ctx, topic)
	if err != nil {
		t.Fatalf("TopicConfigs: %v", err)
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.Default && !b.Default || a.Default == b.Default && a.Name >= b.Name {
			t.Errorf("not sorted (non-default first, then by name): %q (default %v) before %q (default %v)", a.Name, a.Default, b.Name, b.Default)
		}
	}
	byName := make(map[string]ConfigEntry)
	for _, e := range got {
		byName[e.Name] = e
	}
	for k, v := range set {
		e, ok := byName[k]
		if !ok {
			t.Errorf("config %s missing", k)
			continue
		}
		if e.Value != v || e.Default || e.Source != "DYNAMIC_TOPIC_CONFIG" || e.Sensitive {
			t.Errorf("config %s = %+v, want value %s, not default, DYNAMIC_TOPIC_CONFIG", k, e, v)
		}
	}

	// The reference client agrees on every value and source.
	rcs, err := adm.DescribeTopicConfigs(ctx, topic)
	if err != nil {
		t.Fatalf("kadm describe configs: %v", err)
	}
	rc, err := rcs.On(topic, nil)
	if err != nil {
		t.Fatalf("kadm describe configs: %v", err)
	}
	if len(rc.Configs) != len(got) {
		t.Errorf("%d configs, kadm has %d", len(got), len(rc.Configs))
	}
	for _, ref := range rc.Configs {
		e, ok := byName[ref.Key]
		if !ok {
			t.Errorf("kadm has config %s, TopicConfigs does not", ref.Key)
			continue
		}
		if ref.Value != nil && !ref.Sensitive && e.Value != *ref.Value {
			t.Errorf("config %s = %q, kadm %q", ref.Key, e.Value, *ref.Value)
		}
		if e.Source != ref.Source.String() {
			t.Errorf("config %s source %s, kadm %s", ref.Key, e.Source, ref.Source)
		}
		if e.Default != (ref.Source == kmsg.ConfigSourceDefaultConfig) {
			t.Errorf("config %s default=%v, source %s", ref.Key, e.Default, ref.Source)
		}
	}
}

func TestTopicConfigEntryHidesSensitiveValues(t *testing.T) {
	// Topics rarely have sensitive configs; brokers send null for them
	// anyway. This holds even when one sends a value.
	e := configEntryFrom(kafka.DescribeConfigResponseConfigEntry{
		ConfigName: "sasl.jaas.config", ConfigValue: "secret", IsSensitive: true, ConfigSource: 1,
	})
	if e.Value != "" || !e.Sensitive || e.Default || e.Source != "DYNAMIC_TOPIC_CONFIG" {
		t.Errorf("sensitive entry = %+v", e)
	}
	e = configEntryFrom(kafka.DescribeConfigResponseConfigEntry{ConfigName: "segment.ms", ConfigValue: "1", ConfigSource: 5, ReadOnly: true})
	if e.Value != "1" || !e.Default || !e.ReadOnly || e.Source != "DEFAULT_CONFIG" {
		t.Errorf("default entry = %+v", e)
	}
	e = configEntryFrom(kafka.DescribeConfigResponseConfigEntry{ConfigName: "x", ConfigSource: 42})
	if e.Source != "SOURCE_42" {
		t.Errorf("unknown source = %q", e.Source)
	}
}

func TestTopicConfigsMissing(t *testing.T) {
	brokers := testkafka.Brokers(t)
	c := topicsCluster(t, brokers)
	name := testkafka.TopicName(t)
	_, err := c.TopicConfigs(topicsCtx(t), name)
	if !errors.Is(err, ErrTopicNotFound) {
		t.Fatalf("TopicConfigs of a missing topic: %v, want ErrTopicNotFound", err)
	}
	if want := fmt.Sprintf("describe configs of topic %q: topic does not exist", name); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestTopicSummariesCountProblemPartitions(t *testing.T) {
	// kfake keeps every replica in sync, so the counting is checked on
	// metadata as a broker with one node down would send it.
	md := &meta.Response{Topics: []meta.ResponseTopic{{
		Name: "orders",
		Partitions: []meta.ResponsePartition{
			{PartitionIndex: 0, LeaderID: 1, ReplicaNodes: []int32{1, 2, 3}, IsrNodes: []int32{1, 2, 3}},
			{PartitionIndex: 1, LeaderID: 2, ReplicaNodes: []int32{2, 3, 1}, IsrNodes: []int32{2}, OfflineReplicas: []int32{3}},
			{PartitionIndex: 2, LeaderID: -1, ReplicaNodes: []int32{3, 1, 2}, IsrNodes: []int32{3}, OfflineReplicas: []int32{3}, ErrorCode: int16(kafka.LeaderNotAvailable)},
		},
	}, {Name: "__consumer_offsets", IsInternal: true, Partitions: []meta.ResponsePartition{{PartitionIndex: 0, LeaderID: 1, ReplicaNodes: []int32{1}, IsrNodes: []int32{1}}}}}}
	marks := map[TopicPartition]Watermarks{
		{"orders", 0}: {Low: 10, High: 25},
		{"orders", 1}: {Low: 0, High: 5},
		{"orders", 2}: {Low: -1, High: -1, Err: errors.New("partition has no leader")},
	}
	got := topicSummaries(md, marks)
	want := []TopicSummary{
		{Name: "orders", Partitions: 3, ReplicationFactor: 3, Messages: 20, UnderReplicated: 2, Offline: 1},
		{Name: "__consumer_offsets", Partitions: 1, ReplicationFactor: 1, Internal: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("topicSummaries =\n%+v\nwant\n%+v", got, want)
	}

	d := topicDetail(md.Topics[0], marks)
	p1, p2 := d.Partitions[1], d.Partitions[2]
	if !p1.UnderReplicated() || p1.Offline() || !slices.Equal(p1.OfflineReplicas, []int32{3}) || p1.Messages() != 5 || p1.Error != "" {
		t.Errorf("partition 1 = %+v", p1)
	}
	if !p2.Offline() || p2.Leader != -1 || p2.LowWatermark != -1 || p2.HighWatermark != -1 || p2.Error != "leader not available" {
		t.Errorf("partition 2 = %+v", p2)
	}
	if !slices.Equal(d.Partitions[0].Replicas, []int32{1, 2, 3}) || d.Partitions[0].Messages() != 15 {
		t.Errorf("partition 0 = %+v", d.Partitions[0])
	}
}
