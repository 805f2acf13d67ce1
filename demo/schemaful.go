package demo

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// schemaful makes the records of the topics whose values are written
// through the Schema Registry: payment gateway events in Avro, carrier
// scans in Protobuf and back-office audit events in JSON Schema, each in
// Confluent framing (magic byte 0, schema id, Protobuf message indexes).
type schemaful struct {
	r         *rand.Rand
	cs        *codecs
	customers []customer
	orderSeq  int
	shipSeq   int
	ships     []*shipment // shipments on their way, advanced scan by scan
}

func newSchemaful(r *rand.Rand, customers []customer, cs *codecs) *schemaful {
	return &schemaful{r: r, cs: cs, customers: customers, orderSeq: 2_470_000, shipSeq: 880_000}
}

// framing is the Confluent header of a value written with schema id.
func framing(id int, index []int) []byte {
	var h sr.ConfluentHeader
	b, _ := h.AppendEncode(make([]byte, 0, 64), id, index) // never fails
	return b
}

// paymentCard is the Avro record Card.
type paymentCard struct {
	Brand    string `avro:"brand"`
	Last4    string `avro:"last4"`
	ExpMonth int    `avro:"exp_month"`
	ExpYear  int    `avro:"exp_year"`
}

// paymentAvro is the Avro record PaymentEvent.
type paymentAvro struct {
	PaymentID      string       `avro:"payment_id"`
	OrderID        string       `avro:"order_id"`
	CustomerID     string       `avro:"customer_id"`
	EventType      string       `avro:"event_type"`
	Amount         *big.Rat     `avro:"amount"`
	Currency       string       `avro:"currency"`
	Method         string       `avro:"method"`
	Card           *paymentCard `avro:"card"`
	FailureReason  *string      `avro:"failure_reason"`
	RiskScore      float64      `avro:"risk_score"`
	OccurredAt     time.Time    `avro:"occurred_at"`
	SettlementDate *time.Time   `avro:"settlement_date"`
}

var failureReasons = []string{"insufficient_funds", "card_declined", "expired_card", "do_not_honor", "3ds_authentication_failed"}

// payment is one payment gateway event at at.
func (s *schemaful) payment(at time.Time) *kgo.Record {
	r := s.r
	at = ms(at)
	c := &s.customers[r.IntN(len(s.customers))]
	s.orderSeq++
	p := paymentAvro{
		PaymentID:  uuid4(r),
		OrderID:    fmt.Sprintf("ORD-%07d", s.orderSeq),
		CustomerID: c.ID,
		EventType:  pickWeighted(r, []string{"AUTHORIZED", "CAPTURED", "FAILED", "REFUNDED"}, []int{48, 38, 9, 5}),
		Currency:   c.Currency,
		Method:     pickWeighted(r, []string{"card", "paypal", "apple_pay", "klarna"}, []int{64, 16, 14, 6}),
		RiskScore:  float64(r.IntN(1000)) / 1000 * float64(1+r.IntN(2)) / 2,
		OccurredAt: at,
	}
	// Prices in the currency's minor unit (yen has none).
	amount := 5 + r.Float64()*r.Float64()*400
	cents := int64(math.Round(amount * eurTo[c.Currency] * 100))
	if c.Currency == "JPY" {
		cents = int64(math.Round(amount*eurTo[c.Currency])) * 100
	}
	p.Amount = new(big.Rat).SetFrac64(cents, 100)
	if p.Method == "card" || p.Method == "apple_pay" {
		p.Card = &paymentCard{
			Brand:    pickWeighted(r, []string{"visa", "mastercard", "amex"}, []int{55, 38, 7}),
			Last4:    randString(r, "0123456789", 4),
			ExpMonth: 1 + r.IntN(12),
			ExpYear:  at.Year() + 1 + r.IntN(5),
		}
	}
	switch p.EventType {
	case "FAILED":
		reason := failureReasons[r.IntN(len(failureReasons))]
		p.FailureReason = &reason
		p.RiskScore = 0.5 + p.RiskScore/2
	case "CAPTURED", "REFUNDED":
		d := time.Date(at.Year(), at.Month(), at.Day()+2, 0, 0, 0, 0, time.UTC)
		p.SettlementDate = &d
	}
	key, err := avro.Marshal(s.cs.paymentKey, struct {
		OrderID string `avro:"order_id"`
	}{p.OrderID})
	if err != nil {
		panic(fmt.Sprintf("demo: encode PaymentKey: %v", err)) // the struct matches the schema above
	}
	val, err := avro.Marshal(s.cs.payment, p)
	if err != nil {
		panic(fmt.Sprintf("demo: encode PaymentEvent: %v", err))
	}
	return &kgo.Record{
		Topic:     TopicPaymentsAvro,
		Key:       append(framing(s.cs.paymentKeyID, nil), key...),
		Value:     append(framing(s.cs.paymentID, nil), val...),
		Timestamp: at,
		Headers: []kgo.RecordHeader{
			{Key: "source", Value: []byte("payment-gateway")},
			{Key: "traceparent", Value: []byte("00-" + traceID(r) + "-" + randString(r, hexDigits, 16) + "-01")},
		},
	}
}

// shipment is a parcel shipment moving through a carrier's network.
type shipment struct {
	id, order, tracking, carrier, service string
	street                                string
	cust                                  *customer
	status                                int32 // ShipmentEvent.Status
	parcels                               [][4]uint32
}

var shipServices = []string{"standard", "express", "economy"}

var hubs = []string{"Leipzig hub", "Hamburg depot", "Rotterdam sort centre", "Koeln hub", "Paris CDG hub", "Warszawa depot", "Louisville Worldport", "Tokyo Bay terminal"}

// shipment is the next carrier scan: a new label, or the next status of
// a shipment on its way.
func (s *schemaful) shipment(at time.Time) *kgo.Record {
	r := s.r
	at = ms(at)
	var sh *shipment
	if len(s.ships) < 40 && (len(s.ships) < 8 || r.IntN(4) == 0) {
		s.shipSeq++
		s.orderSeq++
		c := &s.customers[r.IntN(len(s.customers))]
		cs := carriers[c.Country]
		sh = &shipment{
			id:      fmt.Sprintf("SHP-%07d", s.shipSeq),
			order:   fmt.Sprintf("ORD-%07d", s.orderSeq),
			cust:    c,
			carrier: cs[r.IntN(len(cs))],
			service: shipServices[r.IntN(len(shipServices))],
			status:  1,
			street:  fmt.Sprintf("%s %d", streets[r.IntN(len(streets))], 1+r.IntN(140)),
		}
		sh.tracking = randString(r, "ABCDEFGHJKLMNPRSTUVWXYZ", 2) + randString(r, "0123456789", 9) + c.Country
		for range 1 + r.IntN(2) {
			sh.parcels = append(sh.parcels, [4]uint32{uint32(150 + r.IntN(9000)), uint32(150 + r.IntN(450)), uint32(100 + r.IntN(300)), uint32(20 + r.IntN(250))})
		}
		s.ships = append(s.ships, sh)
	} else {
		i := r.IntN(len(s.ships))
		sh = s.ships[i]
		switch {
		case sh.status == 6: // an exception is resolved back in transit
			sh.status = 3
		case sh.status == 3 && r.IntN(12) == 0:
			sh.status = 6
		case sh.status == 3 && r.IntN(3) == 0:
			// another hub scan
		default:
			sh.status++
		}
		if sh.status == 5 {
			s.ships = append(s.ships[:i], s.ships[i+1:]...)
		}
	}
	rec := &kgo.Record{
		Topic:     TopicShipmentsProto,
		Key:       []byte(sh.id),
		Value:     append(framing(s.cs.shipmentID, shipmentIndex), s.shipmentValue(sh, at)...),
		Timestamp: at,
		Headers:   []kgo.RecordHeader{{Key: "source", Value: []byte("carrier-gateway")}},
	}
	return rec
}

// shipmentValue encodes sh's scan at at as a ShipmentEvent.
func (s *schemaful) shipmentValue(sh *shipment, at time.Time) []byte {
	md := s.cs.shipment
	m := dynamicpb.NewMessage(md)
	f := md.Fields().ByName
	sub := func(m protoreflect.Message, name protoreflect.Name) protoreflect.Message {
		return m.Mutable(m.Descriptor().Fields().ByName(name)).Message()
	}
	set := func(m protoreflect.Message, name protoreflect.Name, v any) {
		m.Set(m.Descriptor().Fields().ByName(name), protoreflect.ValueOf(v))
	}
	set(m, "shipment_id", sh.id)
	set(m, "order_id", sh.order)
	m.Set(f("status"), protoreflect.ValueOfEnum(protoreflect.EnumNumber(sh.status)))
	carrier := sub(m, "carrier")
	set(carrier, "name", sh.carrier)
	set(carrier, "service", sh.service)
	set(m, "tracking_number", sh.tracking)
	dest := sub(m, "destination")
	set(dest, "name", sh.cust.First+" "+sh.cust.Last)
	set(dest, "street", sh.street)
	set(dest, "postcode", sh.cust.Postcode)
	set(dest, "city", sh.cust.City)
	set(dest, "country", sh.cust.Country)
	parcels := m.Mutable(f("parcels")).List()
	for i, p := range sh.parcels {
		pm := parcels.NewElement().Message()
		set(pm, "parcel_id", fmt.Sprintf("%s-%d", sh.id, i+1))
		set(pm, "weight_grams", p[0])
		dims := sub(pm, "dimensions")
		set(dims, "length_mm", p[1])
		set(dims, "width_mm", p[2])
		set(dims, "height_mm", p[3])
		parcels.Append(protoreflect.ValueOfMessage(pm))
	}
	ts := sub(m, "event_time")
	set(ts, "seconds", at.Unix())
	set(ts, "nanos", int32(at.Nanosecond()))
	switch sh.status {
	case 1:
		set(m, "location", "Fulfilment centre Erfurt")
	case 4, 5:
		set(m, "location", sh.cust.City)
	default:
		set(m, "location", hubs[s.r.IntN(len(hubs))])
	}
	if sh.status == 6 {
		set(m, "exception_reason", pickWeighted(s.r, []string{"address_incomplete", "recipient_absent", "damaged_label", "customs_hold"}, []int{3, 5, 1, 1}))
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("demo: encode ShipmentEvent: %v", err)) // built from its own descriptor
	}
	return b
}

var streets = []string{"Hauptstrasse", "Market Street", "Rue de la Paix", "Kungsgatan", "Calle Mayor", "Prinsengracht", "ul. Dluga", "Chuo-dori"}

// auditEvent is the JSON Schema AuditEvent.
type auditEvent struct {
	EventID  string            `json:"event_id"`
	At       string            `json:"at"`
	Actor    auditActor        `json:"actor"`
	Action   string            `json:"action"`
	Resource string            `json:"resource,omitempty"`
	Outcome  string            `json:"outcome"`
	Details  map[string]string `json:"details,omitempty"`
}

type auditActor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	IP   string `json:"ip,omitempty"`
}

var (
	employees       = []string{"j.meyer@shop.example", "a.kowalska@shop.example", "s.berg@shop.example", "m.dubois@shop.example", "t.nakamura@shop.example"}
	serviceAccounts = []string{"svc-billing", "svc-reporting", "svc-fraud-detector"}
	roles           = []string{"support-agent", "finance-admin", "catalog-editor", "read-only"}
)

// audit is one back-office audit event at at.
func (s *schemaful) audit(at time.Time) *kgo.Record {
	r := s.r
	at = ms(at)
	e := auditEvent{EventID: uuid4(r), At: at.Format(time.RFC3339Nano), Outcome: "success"}
	ip := fmt.Sprintf("10.%d.%d.%d", 20+r.IntN(4), r.IntN(256), 1+r.IntN(254))
	switch kind := r.IntN(10); {
	case kind < 5:
		c := &s.customers[r.IntN(len(s.customers))]
		e.Actor = auditActor{Type: "customer", ID: c.ID, IP: fmt.Sprintf("%d.%d.%d.%d", 31+r.IntN(180), r.IntN(256), r.IntN(256), 1+r.IntN(254))}
		e.Action = pickWeighted(r, []string{"login", "logout", "password.reset"}, []int{70, 25, 5})
		if e.Action == "login" && r.IntN(12) == 0 {
			e.Outcome = "denied"
			e.Details = map[string]string{"reason": "wrong_password"}
		}
	case kind < 8:
		e.Actor = auditActor{Type: "employee", ID: employees[r.IntN(len(employees))], IP: ip}
		e.Action = pickWeighted(r, []string{"refund.approve", "export.download", "role.grant", "role.revoke", "settings.update"}, []int{40, 25, 10, 5, 20})
		switch e.Action {
		case "refund.approve":
			s.orderSeq++
			e.Resource = fmt.Sprintf("orders/ORD-%07d", s.orderSeq)
		case "export.download":
			e.Resource = "reports/" + pickWeighted(r, []string{"daily-sales.csv", "chargebacks.csv", "customers.csv"}, []int{6, 3, 1})
			if e.Resource == "reports/customers.csv" {
				e.Outcome = "denied"
				e.Details = map[string]string{"reason": "missing role finance-admin"}
			}
		case "role.grant", "role.revoke":
			e.Resource = "users/" + employees[r.IntN(len(employees))]
			e.Details = map[string]string{"role": roles[r.IntN(len(roles))]}
		default:
			e.Resource = "settings/" + pickWeighted(r, []string{"shipping-rates", "tax-rules", "feature-flags"}, []int{2, 1, 3})
		}
	default:
		e.Actor = auditActor{Type: "service", ID: serviceAccounts[r.IntN(len(serviceAccounts))], IP: ip}
		e.Action = "api_key.create"
		e.Resource = "api-keys/ak_" + randString(r, base62, 12)
		if r.IntN(20) == 0 {
			e.Outcome = "error"
			e.Details = map[string]string{"error": "vault unavailable"}
		}
	}
	val, err := json.Marshal(e)
	if err != nil {
		panic(fmt.Sprintf("demo: encode AuditEvent: %v", err)) // plain strings and maps
	}
	return &kgo.Record{
		Topic:     TopicAuditJSONSchema,
		Key:       []byte(e.Actor.ID),
		Value:     append(framing(s.cs.auditID, nil), val...),
		Timestamp: at,
		Headers:   []kgo.RecordHeader{{Key: "source", Value: []byte("backoffice")}},
	}
}
