// Package kafkaops is kafkatui's Kafka layer.
//
// It is built on github.com/segmentio/kafka-go and knows nothing of the UI:
// it may import kafka-go and the standard library, never bubbletea, lipgloss
// or bubbles. It returns plain Go values and errors; streams are channels
// owned and closed by the goroutine that fills them.
//
// The known traps of kafka-go against real brokers (DescribeGroups on Java
// consumer metadata, ListOffsets first+last in one request, the Writer's
// batch timer, Reader.Close waiting MaxWait, ...) are absorbed here so that
// callers never see them.
package kafkaops
