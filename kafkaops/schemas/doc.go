// Package schemas is kafkatui's Schema Registry layer: a client for
// Confluent-compatible registries (Confluent, Apicurio's ccompat API,
// Karapace, Redpanda) that caches schemas and names what failed in words,
// and the decoding of records in the Confluent wire format (a zero magic
// byte, a 4-byte schema id, then the payload) with Avro, Protobuf and JSON
// Schema.
//
// Its data types are franz-go's github.com/twmb/franz-go/pkg/sr. It may
// import kafkaops, the format libraries and the standard library, never
// bubbletea, lipgloss or bubbles: it returns plain Go values and errors.
package schemas
