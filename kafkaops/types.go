package kafkaops

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kafkatui/kafkatui/internal/numfmt"
)

// Broker is one broker of the cluster.
type Broker struct {
	ID   int32  `json:"id"`
	Host string `json:"host"`
	Port int    `json:"port"`
	Rack string `json:"rack,omitempty"`
}

// ClusterInfo describes the cluster as a whole.
type ClusterInfo struct {
	ClusterID    string   `json:"cluster_id"`
	ControllerID int32    `json:"controller_id"`
	Brokers      []Broker `json:"brokers"`
}

// TopicSummary is one row of the topic list.
type TopicSummary struct {
	Name              string `json:"name"`
	Partitions        int    `json:"partitions"`
	ReplicationFactor int    `json:"replication_factor"`
	// Messages is the sum over partitions of high minus low watermark.
	Messages        int64 `json:"messages"`
	UnderReplicated int   `json:"under_replicated"`
	Offline         int   `json:"offline"`
	Internal        bool  `json:"internal"`
}

// PartitionInfo describes one partition of a topic.
type PartitionInfo struct {
	ID              int32   `json:"partition"`
	Leader          int32   `json:"leader"` // -1 when offline
	Replicas        []int32 `json:"replicas"`
	ISR             []int32 `json:"isr"`
	OfflineReplicas []int32 `json:"offline_replicas"`
	LowWatermark    int64   `json:"low_watermark"`
	HighWatermark   int64   `json:"high_watermark"`
	// Error is set when the broker reported a problem with this partition
	// (for example its watermarks could not be read); the rest stays valid.
	Error string `json:"error,omitempty"`
}

// Messages is the number of messages held: high minus low watermark.
func (p PartitionInfo) Messages() int64 { return p.HighWatermark - p.LowWatermark }

// UnderReplicated reports whether fewer replicas are in sync than assigned.
func (p PartitionInfo) UnderReplicated() bool { return len(p.ISR) < len(p.Replicas) }

// Offline reports whether the partition has no leader.
func (p PartitionInfo) Offline() bool { return p.Leader < 0 }

// TopicDetail is one topic described partition by partition.
type TopicDetail struct {
	Name       string          `json:"name"`
	Internal   bool            `json:"internal"`
	Partitions []PartitionInfo `json:"partitions"`
}

// ConfigEntry is one topic configuration value.
type ConfigEntry struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Default   bool   `json:"default"`
	ReadOnly  bool   `json:"read_only"`
	Sensitive bool   `json:"sensitive"`
	// Source is where the value comes from, e.g. DYNAMIC_TOPIC_CONFIG or DEFAULT_CONFIG.
	Source string `json:"source"`
}

// TopicSpec is what CreateTopic needs.
type TopicSpec struct {
	Name       string
	Partitions int
	// ReplicationFactor of 0 or less means the broker default.
	ReplicationFactor int
	Configs           map[string]string
}

// Header is one record header.
type Header struct {
	Key   string
	Value []byte
}

// Record is one message read from Kafka. A nil Key or Value is a null.
type Record struct {
	Topic     string
	Partition int32
	// TimeType says whose clock Time is, from the record's batch.
	TimeType TimestampType
	Offset   int64
	Time     time.Time
	Key      []byte
	Value    []byte
	Headers  []Header
	// Txn says whether the record belongs to an aborted transaction or to
	// one still open (past the last stable offset). Only a read_uncommitted
	// stream delivers such records; read_committed never does.
	Txn TxnState
}

// TxnState is where a record stands in a transaction, as the fetch response
// says (its aborted-transactions list and last stable offset).
type TxnState uint8

const (
	// TxnNone is a record outside any transaction, or in a committed one.
	TxnNone TxnState = iota
	// TxnAborted is a record of a transaction that was rolled back.
	TxnAborted
	// TxnOpen is a record of a transaction not yet committed or aborted
	// (at or past the partition's last stable offset).
	TxnOpen
)

// String is the mark shown for t: "", "aborted" or "open".
func (t TxnState) String() string {
	switch t {
	case TxnAborted:
		return "aborted"
	case TxnOpen:
		return "open"
	}
	return ""
}

// Isolation is a stream's isolation level (Kafka's isolation.level).
type Isolation uint8

const (
	// ReadUncommitted delivers every record, marking those of aborted and
	// open transactions (Record.Txn). Kafka's Java consumer default.
	ReadUncommitted Isolation = iota
	// ReadCommitted stops at the last stable offset and leaves out the
	// records of aborted transactions (librdkafka's and kcat's default).
	ReadCommitted
)

// String is the short name used by flags and config: "uncommitted" or
// "committed".
func (i Isolation) String() string {
	if i == ReadCommitted {
		return "committed"
	}
	return "uncommitted"
}

// ParseIsolation reads "committed" or "uncommitted" (also Kafka's
// "read_committed" and "read_uncommitted", any case).
func ParseIsolation(s string) (Isolation, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "uncommitted", "read_uncommitted", "read-uncommitted":
		return ReadUncommitted, nil
	case "committed", "read_committed", "read-committed":
		return ReadCommitted, nil
	}
	return ReadUncommitted, fmt.Errorf("isolation %q: use committed or uncommitted", s)
}

// TimestampType is the kind of a record's timestamp, as its batch says
// (attribute bit 3).
type TimestampType uint8

const (
	// CreateTime is the producer's clock, the default.
	CreateTime TimestampType = iota
	// LogAppendTime is the broker's clock when it appended the batch
	// (message.timestamp.type=LogAppendTime). Kafka stamps only the batch
	// header's max timestamp with it, so every record of such a batch gets
	// that time as its Time (what Kafka's Java consumer and kcat show); the
	// producer's own timestamps, still in the records, are not used.
	LogAppendTime
)

// String is Kafka's name for t.
func (t TimestampType) String() string {
	if t == LogAppendTime {
		return "LogAppendTime"
	}
	return "CreateTime"
}

// Acks is how many replicas must acknowledge a produce.
type Acks int

const (
	// AcksAll waits for every in-sync replica (-1).
	AcksAll Acks = -1
	// AcksNone waits for nothing; the offset is not known (0).
	AcksNone Acks = 0
	// AcksLeader waits for the partition leader only (1).
	AcksLeader Acks = 1
)

// Compression names a produce compression codec.
type Compression string

// Compression codecs.
const (
	CompressionNone   Compression = ""
	CompressionGzip   Compression = "gzip"
	CompressionSnappy Compression = "snappy"
	CompressionLZ4    Compression = "lz4"
	CompressionZstd   Compression = "zstd"
)

// Message is one record to produce. A nil Key is a null key; Partition < 0
// means "choose by key" (murmur2, as a Java producer would).
type Message struct {
	Topic       string
	Partition   int32
	Key         []byte
	Value       []byte
	Headers     []Header
	Acks        Acks
	Compression Compression
}

// ProduceResult is where a message was written. OffsetKnown is false for
// acks=none, where the broker does not answer.
type ProduceResult struct {
	Partition   int32
	Offset      int64
	OffsetKnown bool
}

// GroupSummary is one row of the consumer group list.
type GroupSummary struct {
	ID           string `json:"group"`
	State        string `json:"state"`
	ProtocolType string `json:"protocol_type"`
	Members      int    `json:"members"`
	Coordinator  int32  `json:"coordinator"`
}

// TopicPartition names one partition.
type TopicPartition struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
}

// FormatAssignment lists partitions compactly, by topic in name order, each
// topic's partitions collapsed into runs: "orders[0-2,5] payments[1]";
// nothing is "". The CLI's members table and the group view both show a
// member's assignment this way. Topic names are as the cluster sent them:
// whoever shows the text escapes it (internal/safe). tps is not changed.
func FormatAssignment(tps []TopicPartition) string {
	if !slices.IsSortedFunc(tps, compareTopicPartitions) {
		tps = slices.SortedFunc(slices.Values(tps), compareTopicPartitions)
	}
	var b strings.Builder
	var ids []int32
	for i := 0; i < len(tps); {
		ids = ids[:0]
		j := i
		for ; j < len(tps) && tps[j].Topic == tps[i].Topic; j++ {
			ids = append(ids, tps[j].Partition)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tps[i].Topic)
		b.WriteByte('[')
		b.WriteString(numfmt.Ranges(ids))
		b.WriteByte(']')
		i = j
	}
	return b.String()
}

// compareTopicPartitions orders by topic, then partition.
func compareTopicPartitions(a, b TopicPartition) int {
	if c := strings.Compare(a.Topic, b.Topic); c != 0 {
		return c
	}
	return cmp.Compare(a.Partition, b.Partition)
}

// GroupMember is one member of a consumer group.
type GroupMember struct {
	ID         string           `json:"member_id"`
	InstanceID string           `json:"group_instance_id,omitempty"`
	ClientID   string           `json:"client_id"`
	Host       string           `json:"host"`
	Assigned   []TopicPartition `json:"assigned"`
	// Topics are the topics the member subscribed to (consumer protocol only).
	Topics []string `json:"topics,omitempty"`
	// Rack is the member's client.rack, sent by Java consumers since 3.4.
	Rack string `json:"rack,omitempty"`
	// Error says why the member's metadata or assignment could not be
	// decoded; the rest of the member stays valid.
	Error string `json:"error,omitempty"`
}

// PartitionLag is a group's position on one partition.
type PartitionLag struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	// Committed is the committed offset; meaningful only when HasCommit.
	Committed int64 `json:"committed"`
	HasCommit bool  `json:"has_commit"`
	LogEnd    int64 `json:"log_end"`
	LogStart  int64 `json:"log_start"`
	// Lag is LogEnd minus Committed, only when HasCommit, as Kafka's own
	// tools count it. No made-up numbers.
	Lag int64 `json:"lag"`
	// Expired counts the offsets the group will never read because they
	// were removed before it got there (retention or DeleteRecords moved
	// the log start past the commit): LogStart minus Committed when the
	// commit is below the log start, else 0. It is the part of Lag that is
	// gone; Lag minus Expired is what is left to read.
	Expired  int64  `json:"expired"`
	MemberID string `json:"member_id,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	Host     string `json:"host,omitempty"`
	Metadata string `json:"metadata,omitempty"`
	Error    string `json:"error,omitempty"`
}

// GroupDetail is one consumer group described.
type GroupDetail struct {
	ID           string         `json:"group"`
	State        string         `json:"state"`
	ProtocolType string         `json:"protocol_type"`
	Protocol     string         `json:"protocol"`
	Coordinator  int32          `json:"coordinator"`
	Members      []GroupMember  `json:"members"`
	Offsets      []PartitionLag `json:"offsets"`
	// TotalLag sums Lag over partitions with a commit.
	TotalLag int64 `json:"total_lag"`
	// TotalExpired sums Expired: how much of TotalLag is already gone.
	TotalExpired int64 `json:"total_expired"`
	// Note says what could not be described, e.g. the members of a group
	// of the KIP-848 consumer protocol; empty when everything was.
	Note string `json:"note,omitempty"`
}

// ClusterDescriber answers questions about the cluster itself.
type ClusterDescriber interface {
	DescribeCluster(ctx context.Context) (ClusterInfo, error)
}

// TopicLister lists topics.
type TopicLister interface {
	ListTopics(ctx context.Context) ([]TopicSummary, error)
}

// TopicDescriber describes one topic and its configs.
type TopicDescriber interface {
	DescribeTopic(ctx context.Context, topic string) (TopicDetail, error)
	TopicConfigs(ctx context.Context, topic string) ([]ConfigEntry, error)
}

// TopicAdmin creates and deletes topics.
type TopicAdmin interface {
	CreateTopic(ctx context.Context, spec TopicSpec) error
	DeleteTopic(ctx context.Context, topic string) error
}

// Consumer opens record streams.
type Consumer interface {
	Consume(ctx context.Context, req ConsumeRequest) (*Stream, error)
}

// Producer writes single messages.
type Producer interface {
	Produce(ctx context.Context, msg Message) (ProduceResult, error)
}

// GroupReader lists and describes consumer groups.
type GroupReader interface {
	ListGroups(ctx context.Context) ([]GroupSummary, error)
	DescribeGroup(ctx context.Context, group string) (GroupDetail, error)
}

// GroupAdmin deletes consumer groups.
type GroupAdmin interface {
	DeleteGroup(ctx context.Context, group string) error
}
