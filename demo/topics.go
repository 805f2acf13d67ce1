package demo

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
)

// Topic names of the demo cluster.
const (
	TopicOrders           = "orders"
	TopicPayments         = "payments"
	TopicClickstream      = "clickstream"
	TopicAppLogs          = "app-logs"
	TopicSensorReadings   = "sensor-readings"
	TopicCustomerProfiles = "customer-profiles"
	// The topics whose records are written through the Schema Registry.
	TopicPaymentsAvro    = "payments-avro"
	TopicShipmentsProto  = "shipments-proto"
	TopicAuditJSONSchema = "audit-jsonschema"
)

// Consumer group names of the demo cluster.
const (
	GroupOrderService  = "order-service"
	GroupAnalytics     = "analytics"
	GroupBillingReplay = "billing-replay"
	// GroupClickstreamArchive stopped long ago: retention has since
	// removed records past its commits, which it will never read.
	GroupClickstreamArchive = "clickstream-archive"
	GroupFraudDetector      = "fraud-detector"
	// GroupLogShipper uses Kafka 4's consumer protocol (KIP-848): the
	// broker assigns its partitions.
	GroupLogShipper = "log-shipper"
	// GroupEmailNotifier is a share group (KIP-932): its members share
	// the orders partitions, as a queue.
	GroupEmailNotifier = "email-notifier"
)

// topicSpec is one demo topic as it is created.
type topicSpec struct {
	name       string
	partitions int32
	replicas   int16
	configs    map[string]string
}

// topicSpecs are chosen to look like a production cluster: different
// replication factors, retention tuned per use, one compacted topic.
var topicSpecs = []topicSpec{
	{TopicOrders, 6, 3, map[string]string{
		"retention.ms":        "604800000", // 7 days
		"min.insync.replicas": "2",
		"cleanup.policy":      "delete",
	}},
	{TopicPayments, 3, 3, map[string]string{
		"retention.ms":        "2592000000", // 30 days: finance wants to replay
		"min.insync.replicas": "2",
	}},
	{TopicClickstream, 12, 2, map[string]string{
		"retention.ms": "3600000", // 1 hour: high volume, short-lived
		// 4 MiB a partition, reached after a quarter of an hour or so: it
		// bounds the demo's memory, and the log start offsets visibly move.
		"retention.bytes": "4194304",
		"segment.bytes":   "1048576",
	}},
	{TopicAppLogs, 3, 2, map[string]string{
		"retention.ms":      "259200000", // 3 days
		"max.message.bytes": "262144",
	}},
	{TopicSensorReadings, 2, 1, map[string]string{
		"retention.ms": "86400000", // 1 day
	}},
	{TopicCustomerProfiles, 3, 3, map[string]string{
		"cleanup.policy":      "compact",
		"delete.retention.ms": "86400000", // tombstones stay a day
		"min.insync.replicas": "2",
	}},
	{TopicPaymentsAvro, 3, 3, map[string]string{
		"retention.ms":        "2592000000", // 30 days
		"min.insync.replicas": "2",
	}},
	{TopicShipmentsProto, 3, 2, map[string]string{
		"retention.ms": "1209600000", // 14 days
	}},
	{TopicAuditJSONSchema, 2, 3, map[string]string{
		"retention.ms":        "31536000000", // a year: auditors ask
		"min.insync.replicas": "2",
	}},
}

// createTopics creates every demo topic with its configs.
func createTopics(ctx context.Context, adm *kadm.Client) error {
	for _, t := range topicSpecs {
		cfg := make(map[string]*string, len(t.configs))
		for k, v := range t.configs {
			cfg[k] = &v
		}
		resp, err := adm.CreateTopic(ctx, t.partitions, t.replicas, cfg, t.name)
		if err == nil {
			err = resp.Err
		}
		if err != nil {
			return fmt.Errorf("create demo topic %s: %w", t.name, err)
		}
	}
	return nil
}
