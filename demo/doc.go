// Package demo runs the embedded demo cluster behind `kafkatui demo`: an
// in-process, three-broker Kafka-protocol cluster (franz-go's kfake) on
// loopback, seeded with a few hours of realistic history and kept busy with
// live traffic and consumer groups, so every pane of the UI has something to
// show without a real cluster.
//
// Topics: orders (6 partitions) and payments (3) carry JSON events keyed by
// order id with headers; clickstream (12) carries hundreds of JSON page views a
// second; app-logs (3) carries plain-text log lines, some with ANSI colour
// codes, control characters and multi-line stack traces; sensor-readings (2)
// carries packed binary readings; customer-profiles (3) is compacted, with
// updates per key and tombstones. Consumer groups: order-service keeps up,
// analytics falls further behind every second, billing-replay has no members
// and a large lag, clickstream-archive's commits are below the log start
// (records expired before it read them), fraud-detector has one more member
// than partitions.
//
// A Schema Registry (franz-go's srfake, served over HTTP on loopback) holds
// the schemas of three more topics, written in Confluent framing:
// payments-avro (3, Avro values and keys), shipments-proto (3, Protobuf with
// nested messages and an import by reference) and audit-jsonschema (2, JSON
// Schema), under TopicNameStrategy subjects.
//
// It may import franz-go (kfake, kgo, kadm, sr), the schema libraries the
// producers of such records use (hamba/avro, protocompile, protobuf) and the
// standard library, and nothing of this module: the demo stands in for a real
// cluster and registry, so it is written against their protocols alone, like
// any other client, and stays independent of the kafkaops code it is used to
// show off. (Its tests read the registry topics through kafkaops/schemas, as
// kafkatui does.)
package demo
