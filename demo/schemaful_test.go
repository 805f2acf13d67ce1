package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// The registry topics are read as a user of the demo reads them: records
// from the brokers, schemas from the demo's registry over HTTP, through
// kafkatui's own Registry and Decoder, checked field by field against
// what each field must hold and against the record around it.

var (
	uuidRe  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	orderRe = regexp.MustCompile(`^ORD-\d{7}$`)
)

// decodeJSON decodes b through dec and parses its JSON, numbers kept as
// written.
func decodeJSON(t *testing.T, dec *schemas.Decoder, b []byte) (schemas.Decoded, map[string]any) {
	t.Helper()
	d, err := dec.Decode(reqCtx(t), b)
	if err != nil {
		t.Fatalf("decode % x: %v", b[:min(len(b), 16)], err)
	}
	jd := json.NewDecoder(bytes.NewReader(d.JSON))
	jd.UseNumber()
	var m map[string]any
	if err := jd.Decode(&m); err != nil {
		t.Fatalf("decoded JSON %s: %v", d.JSON, err)
	}
	return d, m
}

// fieldChecker collects what is wrong with one decoded record.
type fieldChecker struct {
	t   *testing.T
	rec *kgo.Record
	m   map[string]any
}

func (c fieldChecker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("%s/%d@%d: %s", c.rec.Topic, c.rec.Partition, c.rec.Offset, fmt.Sprintf(format, args...))
}

// str is field name as a string, or "" (reported) when it is not one.
func (c fieldChecker) str(name string) string {
	c.t.Helper()
	s, ok := c.m[name].(string)
	if !ok {
		c.errorf("field %s = %#v, want a string", name, c.m[name])
	}
	return s
}

func (c fieldChecker) match(name string, re *regexp.Regexp) {
	c.t.Helper()
	if s := c.str(name); !re.MatchString(s) {
		c.errorf("field %s = %q, want it to match %s", name, s, re)
	}
}

func (c fieldChecker) oneOf(name string, allowed ...string) string {
	c.t.Helper()
	s := c.str(name)
	if !slices.Contains(allowed, s) {
		c.errorf("field %s = %q, want one of %v", name, s, allowed)
	}
	return s
}

// at checks that field name is the record's timestamp in layout.
func (c fieldChecker) at(name string) {
	c.t.Helper()
	got, err := time.Parse(time.RFC3339Nano, c.str(name))
	if err != nil || !got.Equal(c.rec.Timestamp) {
		c.errorf("field %s = %q, want the record's timestamp %s", name, c.m[name], c.rec.Timestamp.UTC().Format(time.RFC3339Nano))
	}
}

func (c fieldChecker) object(name string) fieldChecker {
	c.t.Helper()
	o, ok := c.m[name].(map[string]any)
	if !ok {
		c.errorf("field %s = %#v, want an object", name, c.m[name])
	}
	return fieldChecker{c.t, c.rec, o}
}

func checkSchemaTopics(t *testing.T, brokers []string, adm *kadm.Client, registryURL string) {
	reg, err := schemas.NewRegistry(schemas.RegistryConfig{URL: registryURL})
	if err != nil {
		t.Fatal(err)
	}
	dec := schemas.NewDecoder(reg)

	subjects, err := reg.Client().Subjects(reqCtx(t))
	if err != nil {
		t.Fatalf("subjects of the demo registry: %v", err)
	}
	slices.Sort(subjects)
	wantSubjects := []string{SubjectAuditValue, SubjectAddress, SubjectPaymentsAvroKey, SubjectPaymentsAvroValue, SubjectShipmentsValue}
	if !slices.Equal(subjects, wantSubjects) {
		t.Errorf("subjects %v, want %v", subjects, wantSubjects)
	}
	// Each topic's records carry the id of its TopicNameStrategy subject.
	ids := map[string]int{}
	for _, s := range wantSubjects {
		ss, err := reg.SchemaByVersion(reqCtx(t), s, -1)
		if err != nil {
			t.Fatalf("latest version of %s: %v", s, err)
		}
		ids[s] = ss.ID
	}

	t.Run("avro", func(t *testing.T) {
		recs := readAll(t, brokers, adm, TopicPaymentsAvro, 20)
		if len(recs) < 20 {
			t.Fatalf("%d records in %s, want the history's", len(recs), TopicPaymentsAvro)
		}
		for _, r := range recs {
			kd, key := decodeJSON(t, dec, r.Key)
			d, m := decodeJSON(t, dec, r.Value)
			c := fieldChecker{t, r, m}
			if d.Format != schemas.FormatAvro || d.Type != "com.example.payments.PaymentEvent" || d.SchemaID != ids[SubjectPaymentsAvroValue] {
				c.errorf("value decoded as %s %q with schema id %d, want avro com.example.payments.PaymentEvent of %s (id %d)", d.Format, d.Type, d.SchemaID, SubjectPaymentsAvroValue, ids[SubjectPaymentsAvroValue])
			}
			if kd.Type != "com.example.payments.PaymentKey" || kd.SchemaID != ids[SubjectPaymentsAvroKey] || key["order_id"] != m["order_id"] {
				c.errorf("key %s (%s), want a PaymentKey with the value's order_id %v", kd.JSON, kd.Type, m["order_id"])
			}
			want := []string{"payment_id", "order_id", "customer_id", "event_type", "amount", "currency", "method", "card", "failure_reason", "risk_score", "occurred_at", "settlement_date"}
			if got := jsonKeys(t, d.JSON); !slices.Equal(got, want) {
				c.errorf("fields %v, want %v in the schema's order", got, want)
			}
			c.match("payment_id", uuidRe)
			c.match("order_id", orderRe)
			c.match("customer_id", regexp.MustCompile(`^C-\d{5}$`))
			event := c.oneOf("event_type", "AUTHORIZED", "CAPTURED", "FAILED", "REFUNDED")
			currency := c.oneOf("currency", "EUR", "USD", "GBP", "SEK", "PLN", "JPY")
			method := c.oneOf("method", "card", "paypal", "apple_pay", "klarna")
			amount, ok := m["amount"].(json.Number)
			if !ok || !regexp.MustCompile(`^[1-9]\d*\.\d\d$`).MatchString(amount.String()) {
				c.errorf("amount = %#v, want a positive decimal number with two places", m["amount"])
			} else if currency == "JPY" && !strings.HasSuffix(amount.String(), ".00") {
				c.errorf("amount = %s JPY, want whole yen", amount)
			}
			if card := m["card"]; (method == "card" || method == "apple_pay") != (card != nil) {
				c.errorf("card = %#v with method %s", card, method)
			} else if card != nil {
				cc := c.object("card")
				cc.oneOf("brand", "visa", "mastercard", "amex")
				cc.match("last4", regexp.MustCompile(`^\d{4}$`))
			}
			if (event == "FAILED") != (m["failure_reason"] != nil) {
				c.errorf("failure_reason = %#v with event_type %s", m["failure_reason"], event)
			}
			c.at("occurred_at")
			if event == "CAPTURED" || event == "REFUNDED" {
				day := r.Timestamp.UTC().AddDate(0, 0, 2).Format(time.DateOnly)
				if m["settlement_date"] != day {
					c.errorf("settlement_date = %#v, want %s, two days after the event", m["settlement_date"], day)
				}
			} else if m["settlement_date"] != nil {
				c.errorf("settlement_date = %#v for a %s event, want null", m["settlement_date"], event)
			}
		}
	})

	t.Run("protobuf", func(t *testing.T) {
		recs := readAll(t, brokers, adm, TopicShipmentsProto, 20)
		if len(recs) < 20 {
			t.Fatalf("%d records in %s, want the history's", len(recs), TopicShipmentsProto)
		}
		statuses := map[string]bool{}
		for _, r := range recs {
			d, m := decodeJSON(t, dec, r.Value)
			c := fieldChecker{t, r, m}
			if d.Format != schemas.FormatProtobuf || d.Type != "kafkatui.demo.shipping.ShipmentEvent" || d.SchemaID != ids[SubjectShipmentsValue] ||
				len(d.References) != 1 || d.References[0].Subject != SubjectAddress {
				c.errorf("value decoded as %s %q (schema id %d) with references %v, want protobuf kafkatui.demo.shipping.ShipmentEvent of %s importing %s", d.Format, d.Type, d.SchemaID, d.References, SubjectShipmentsValue, SubjectAddress)
			}
			if c.str("shipment_id") != string(r.Key) {
				c.errorf("shipment_id %q, want the record's key %q", m["shipment_id"], r.Key)
			}
			c.match("order_id", orderRe)
			statuses[c.oneOf("status", "LABEL_CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION")] = true
			carrier := c.object("carrier")
			carrier.oneOf("service", shipServices...)
			dest := c.object("destination")
			country := dest.str("country")
			if !slices.Contains(carriers[country], carrier.str("name")) {
				c.errorf("carrier %v does not serve %s", carrier.m["name"], country)
			}
			if !strings.HasSuffix(c.str("tracking_number"), country) {
				c.errorf("tracking_number %v, want it to end in the destination country %s", m["tracking_number"], country)
			}
			for _, f := range []string{"name", "street", "postcode", "city"} {
				if dest.str(f) == "" {
					c.errorf("destination.%s is empty", f)
				}
			}
			parcels, _ := m["parcels"].([]any)
			if len(parcels) == 0 {
				c.errorf("parcels = %#v, want at least one", m["parcels"])
			}
			for i, p := range parcels {
				pc := fieldChecker{t, r, p.(map[string]any)}
				if pc.str("parcel_id") != fmt.Sprintf("%s-%d", r.Key, i+1) {
					c.errorf("parcel %d id %v", i, pc.m["parcel_id"])
				}
				if n, _ := pc.m["weight_grams"].(json.Number).Int64(); n < 150 {
					c.errorf("parcel %d weighs %v g", i, pc.m["weight_grams"])
				}
				pc.object("dimensions")
			}
			c.at("event_time")
		}
		if len(statuses) < 3 {
			t.Errorf("statuses %v in %d scans, want shipments on their way", statuses, len(recs))
		}
	})

	t.Run("json-schema", func(t *testing.T) {
		recs := readAll(t, brokers, adm, TopicAuditJSONSchema, 20)
		if len(recs) < 20 {
			t.Fatalf("%d records in %s, want the history's", len(recs), TopicAuditJSONSchema)
		}
		for _, r := range recs {
			d, m := decodeJSON(t, dec, r.Value)
			c := fieldChecker{t, r, m}
			if d.Format != schemas.FormatJSONSchema || d.SchemaID != ids[SubjectAuditValue] {
				c.errorf("value decoded as %s with schema id %d, want json-schema of %s (id %d)", d.Format, d.SchemaID, SubjectAuditValue, ids[SubjectAuditValue])
			}
			c.match("event_id", uuidRe)
			c.at("at")
			actor := c.object("actor")
			kind := actor.oneOf("type", "employee", "service", "customer")
			if actor.str("id") != string(r.Key) {
				c.errorf("actor.id %v, want the record's key %q", actor.m["id"], r.Key)
			}
			action := c.oneOf("action", "login", "logout", "role.grant", "role.revoke", "api_key.create", "export.download", "refund.approve", "settings.update", "password.reset")
			if kind == "customer" && !slices.Contains([]string{"login", "logout", "password.reset"}, action) {
				c.errorf("a customer did %s", action)
			}
			c.oneOf("outcome", "success", "denied", "error")
		}
	})
}

// jsonKeys lists the keys of the JSON object b in order.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	jd := json.NewDecoder(bytes.NewReader(b))
	if tok, err := jd.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s is not a JSON object", b)
	}
	var keys []string
	for jd.More() {
		tok, err := jd.Token()
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := jd.Decode(&v); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
	}
	return keys
}
