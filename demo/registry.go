package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/bufbuild/protocompile"
	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The demo's Schema Registry is franz-go's in-memory fake, served over HTTP
// next to the brokers, so the schema-aware parts of kafkatui can be tried
// with no setup. Its topics use TopicNameStrategy subjects (<topic>-value,
// <topic>-key), as Confluent's serializers register them by default.

// Subjects of the demo's Schema Registry.
const (
	SubjectPaymentsAvroKey   = TopicPaymentsAvro + "-key"
	SubjectPaymentsAvroValue = TopicPaymentsAvro + "-value"
	SubjectShipmentsValue    = TopicShipmentsProto + "-value"
	SubjectAuditValue        = TopicAuditJSONSchema + "-value"
	// SubjectAddress holds the Protobuf file the shipments schema imports
	// by reference, as a shared type is registered on its own.
	SubjectAddress = "kafkatui.demo.common.Address"
)

const paymentKeySchema = `{
  "type": "record", "name": "PaymentKey", "namespace": "com.example.payments",
  "fields": [{"name": "order_id", "type": "string"}]
}`

const paymentSchema = `{
  "type": "record",
  "name": "PaymentEvent",
  "namespace": "com.example.payments",
  "doc": "A change in a payment's life, as the payment gateway reports it.",
  "fields": [
    {"name": "payment_id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "order_id", "type": "string"},
    {"name": "customer_id", "type": "string"},
    {"name": "event_type", "type": {"type": "enum", "name": "PaymentEventType",
      "symbols": ["AUTHORIZED", "CAPTURED", "FAILED", "REFUNDED"]}},
    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
    {"name": "currency", "type": "string"},
    {"name": "method", "type": "string"},
    {"name": "card", "type": ["null", {"type": "record", "name": "Card", "fields": [
      {"name": "brand", "type": "string"},
      {"name": "last4", "type": "string"},
      {"name": "exp_month", "type": "int"},
      {"name": "exp_year", "type": "int"}]}], "default": null},
    {"name": "failure_reason", "type": ["null", "string"], "default": null},
    {"name": "risk_score", "type": "double"},
    {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "settlement_date", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null}
  ]
}`

const addressProtoName = "kafkatui/demo/common/address.proto"

const addressProto = `syntax = "proto3";
package kafkatui.demo.common;

// Address is shared by the services that ship and bill.
message Address {
  string name = 1;
  string street = 2;
  string postcode = 3;
  string city = 4;
  string country = 5; // ISO 3166-1 alpha-2
}
`

const shipmentProto = `syntax = "proto3";
package kafkatui.demo.shipping;

import "google/protobuf/timestamp.proto";
import "kafkatui/demo/common/address.proto";

message Carrier {
  string name = 1;
  string service = 2;
}

// ShipmentEvent is one scan of a shipment by its carrier.
message ShipmentEvent {
  enum Status {
    STATUS_UNSPECIFIED = 0;
    LABEL_CREATED = 1;
    PICKED_UP = 2;
    IN_TRANSIT = 3;
    OUT_FOR_DELIVERY = 4;
    DELIVERED = 5;
    EXCEPTION = 6;
  }
  message Parcel {
    message Dimensions {
      uint32 length_mm = 1;
      uint32 width_mm = 2;
      uint32 height_mm = 3;
    }
    string parcel_id = 1;
    uint32 weight_grams = 2;
    Dimensions dimensions = 3;
  }
  string shipment_id = 1;
  string order_id = 2;
  Status status = 3;
  Carrier carrier = 4;
  string tracking_number = 5;
  kafkatui.demo.common.Address destination = 6;
  repeated Parcel parcels = 7;
  google.protobuf.Timestamp event_time = 8;
  string location = 9;
  optional string exception_reason = 10;
}
`

// shipmentIndex is ShipmentEvent's place in its file (the second message),
// written after the schema id in every value.
var shipmentIndex = []int{1}

const auditSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "AuditEvent",
  "description": "A security-relevant action in the back office.",
  "type": "object",
  "required": ["event_id", "at", "actor", "action", "outcome"],
  "properties": {
    "event_id": {"type": "string", "format": "uuid"},
    "at": {"type": "string", "format": "date-time"},
    "actor": {
      "type": "object",
      "required": ["type", "id"],
      "properties": {
        "type": {"enum": ["employee", "service", "customer"]},
        "id": {"type": "string"},
        "ip": {"type": "string"}
      }
    },
    "action": {"enum": ["login", "logout", "role.grant", "role.revoke", "api_key.create", "export.download", "refund.approve", "settings.update", "password.reset"]},
    "resource": {"type": "string"},
    "outcome": {"enum": ["success", "denied", "error"]},
    "details": {"type": "object", "additionalProperties": {"type": "string"}}
  },
  "additionalProperties": false
}`

// codecs are the registered schemas with what encoding needs: each
// schema's id and the parsed schema.
type codecs struct {
	paymentKeyID, paymentID, shipmentID, auditID int
	paymentKey, payment                          avro.Schema
	shipment                                     protoreflect.MessageDescriptor
}

// registerSchemas registers the demo's schemas with reg, and parses them
// for the encoders.
func registerSchemas(reg *srfake.Registry) (*codecs, error) {
	var c codecs
	var err error
	if c.paymentKey, err = avro.Parse(paymentKeySchema); err != nil {
		return nil, fmt.Errorf("demo Avro key schema: %w", err)
	}
	if c.payment, err = avro.Parse(paymentSchema); err != nil {
		return nil, fmt.Errorf("demo Avro schema: %w", err)
	}
	comp := protocompile.Compiler{Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
		Accessor: protocompile.SourceAccessorFromMap(map[string]string{
			addressProtoName:                        addressProto,
			"kafkatui/demo/shipping/shipment.proto": shipmentProto,
		}),
	})}
	files, err := comp.Compile(context.Background(), "kafkatui/demo/shipping/shipment.proto")
	if err != nil {
		return nil, fmt.Errorf("demo Protobuf schema: %w", err)
	}
	c.shipment = files[0].Messages().Get(shipmentIndex[0])

	register := func(subject string, s sr.Schema) (int, error) {
		id, _, err := reg.RegisterSchema(subject, s)
		if err != nil {
			return 0, fmt.Errorf("register demo schema %s: %w", subject, err)
		}
		return id, nil
	}
	steps := []struct {
		subject string
		schema  sr.Schema
		id      *int
	}{
		{SubjectPaymentsAvroKey, sr.Schema{Schema: paymentKeySchema, Type: sr.TypeAvro}, &c.paymentKeyID},
		{SubjectPaymentsAvroValue, sr.Schema{Schema: paymentSchema, Type: sr.TypeAvro}, &c.paymentID},
		{SubjectAddress, sr.Schema{Schema: addressProto, Type: sr.TypeProtobuf}, new(int)},
		{SubjectShipmentsValue, sr.Schema{Schema: shipmentProto, Type: sr.TypeProtobuf, References: []sr.SchemaReference{
			{Name: addressProtoName, Subject: SubjectAddress, Version: 1},
		}}, &c.shipmentID},
		{SubjectAuditValue, sr.Schema{Schema: auditSchema, Type: sr.TypeJSON}, &c.auditID},
	}
	for _, s := range steps {
		if *s.id, err = register(s.subject, s.schema); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// startRegistry serves an in-memory Schema Registry on host:port (0: a
// free port) with the demo's schemas registered.
func (c *Cluster) startRegistry(host string, port int) error {
	reg := srfake.NewRegistry()
	cs, err := registerSchemas(reg)
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start demo Schema Registry on %s: %w", addr, err)
	}
	c.codecs = cs
	c.registryURL = "http://" + ln.Addr().String()
	c.registry = &http.Server{Handler: reg.Handler(), ReadHeaderTimeout: 10 * time.Second}
	c.registryDone = make(chan struct{})
	go func() {
		defer close(c.registryDone)
		if err := c.registry.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.warnf("demo Schema Registry: %v", err)
		}
	}()
	return nil
}

// stopRegistry closes the registry's listener and connections and waits
// for its server to return.
func (c *Cluster) stopRegistry() {
	if c.registry == nil {
		return
	}
	_ = c.registry.Close()
	<-c.registryDone
}

// RegistryURL returns the base URL of the demo's Schema Registry.
func (c *Cluster) RegistryURL() string { return c.registryURL }
