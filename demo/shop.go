package demo

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The shop simulates orders moving through their life cycle and the
// payments that go with them. Each step of an order emits an event on
// orders or payments (or both) keyed by the order id.

type orderStep int

const (
	stepCreate    orderStep = iota // order_created
	stepAuthorize                  // payment_authorized or payment_failed
	stepPaid                       // order_paid
	stepCapture                    // payment_captured
	stepPack                       // order_packed, or a customer cancellation
	stepShip                       // order_shipped
	stepDeliver                    // order_delivered
	stepCancel                     // order_cancelled
	stepRefund                     // payment_refunded
	stepDone
)

// stepDelay is how long an order waits before a step, in history time
// (realistic minutes to hours). Live traffic divides it by liveSpeedup so a
// demo session sees orders complete.
var stepDelay = map[orderStep][2]time.Duration{
	stepAuthorize: {2 * time.Second, 30 * time.Second},
	stepPaid:      {200 * time.Millisecond, 2 * time.Second},
	stepCapture:   {time.Minute, 10 * time.Minute},
	stepPack:      {20 * time.Minute, 90 * time.Minute},
	stepShip:      {30 * time.Minute, 3 * time.Hour},
	stepDeliver:   {4 * time.Hour, 30 * time.Hour},
	stepCancel:    {time.Minute, 5 * time.Minute},
	stepRefund:    {time.Minute, 30 * time.Minute},
}

const liveSpeedup = 60

type orderItem struct {
	SKU       string  `json:"sku"`
	Name      string  `json:"name"`
	Category  string  `json:"category"`
	Quantity  int     `json:"quantity"`
	UnitPrice float64 `json:"unit_price"`
}

type card struct {
	Brand    string `json:"brand"`
	Last4    string `json:"last4"`
	ExpMonth int    `json:"exp_month"`
	ExpYear  int    `json:"exp_year"`
}

type order struct {
	id        string
	cust      *customer
	items     []orderItem
	channel   string
	currency  string
	subtotal  float64
	shipping  float64
	tax       float64
	total     float64
	createdAt time.Time
	version   int
	status    string

	paymentID   string
	method      string
	wallet      string
	card        *card
	provider    string
	providerRef string
	risk        float64
	failure     string
	cancel      string
	carrier     string
	tracking    string

	next   orderStep
	nextAt time.Time
}

type shop struct {
	r         *rand.Rand
	customers []customer
	seq       int
	open      []*order
}

func newShop(r *rand.Rand, customers []customer) *shop {
	return &shop{r: r, customers: customers, seq: 2_480_000}
}

var vatRate = map[string]float64{"DE": .19, "FR": .20, "GB": .20, "NL": .21, "SE": .25, "ES": .21, "PL": .23, "US": .0825, "JP": .10}

var carriers = map[string][]string{
	"DE": {"DHL", "Hermes", "DPD"}, "US": {"UPS", "USPS", "FedEx"}, "GB": {"Royal Mail", "DPD", "Evri"},
	"FR": {"Colissimo", "Chronopost"}, "NL": {"PostNL", "DHL"}, "SE": {"PostNord", "Budbee"},
	"ES": {"Correos", "SEUR"}, "PL": {"InPost", "DPD"}, "JP": {"Yamato", "Sagawa"},
}

// newOrder opens an order created at t; its first event is due at t.
func (s *shop) newOrder(t time.Time) *order {
	r := s.r
	s.seq++
	c := &s.customers[r.IntN(len(s.customers))]
	o := &order{
		id:        fmt.Sprintf("ORD-%07d", s.seq),
		cust:      c,
		currency:  c.Currency,
		createdAt: ms(t),
		channel:   pickWeighted(r, []string{"web", "ios", "android", "marketplace"}, []int{55, 25, 17, 3}),
		next:      stepCreate,
		nextAt:    t,
	}
	rate := eurTo[o.currency]
	for _, i := range r.Perm(len(catalog))[:1+r.IntN(3)+r.IntN(2)] {
		p := catalog[i]
		q := 1
		if r.IntN(4) == 0 {
			q = 2 + r.IntN(2)
		}
		it := orderItem{SKU: p.SKU, Name: p.Name, Category: p.Category, Quantity: q, UnitPrice: money(p.Price*rate, o.currency)}
		o.items = append(o.items, it)
		o.subtotal += it.UnitPrice * float64(q)
	}
	o.subtotal = money(o.subtotal, o.currency)
	if o.subtotal < 50*rate {
		o.shipping = money(4.95*rate, o.currency)
	}
	o.tax = money((o.subtotal+o.shipping)*vatRate[c.Country], o.currency)
	o.total = money(o.subtotal+o.shipping+o.tax, o.currency)

	o.paymentID = "pay_" + randString(r, base62, 24)
	o.provider = pickWeighted(r, []string{"stripe", "adyen", "braintree"}, []int{60, 30, 10})
	o.providerRef = randString(r, base62, 18)
	o.method = pickWeighted(r, []string{"card", "paypal", "apple_pay", "google_pay", "sepa_debit", "klarna"}, []int{58, 15, 11, 6, 5, 5})
	if o.method == "sepa_debit" && o.currency != "EUR" {
		o.method = "card"
	}
	if o.method == "card" || o.method == "apple_pay" || o.method == "google_pay" {
		o.card = &card{
			Brand:    pickWeighted(r, []string{"visa", "mastercard", "amex"}, []int{55, 38, 7}),
			Last4:    randString(r, hexDigits[:10], 4),
			ExpMonth: 1 + r.IntN(12),
			ExpYear:  t.Year() + 1 + r.IntN(5),
		}
		if o.method != "card" {
			o.wallet, o.method = o.method, "card"
		}
	}
	o.risk = float64(r.IntN(350)) / 1000
	s.open = append(s.open, o)
	return o
}

// due emits the events of every open order whose next step is due at or
// before now, advancing each by one step, and drops finished orders.
// speedup divides the step delays (1 for history, liveSpeedup live).
func (s *shop) due(now time.Time, speedup int, out []*kgo.Record) []*kgo.Record {
	kept := s.open[:0]
	for _, o := range s.open {
		for o.next != stepDone && !o.nextAt.After(now) {
			out = s.step(o, speedup, out)
		}
		if o.next != stepDone {
			kept = append(kept, o)
		}
	}
	clear(s.open[len(kept):])
	s.open = kept
	return out
}

// step emits the records of o's next step and schedules the one after.
func (s *shop) step(o *order, speedup int, out []*kgo.Record) []*kgo.Record {
	r, at := s.r, ms(o.nextAt)
	trace := traceID(r)
	then := func(next orderStep) {
		o.next = next
		d := stepDelay[next]
		o.nextAt = o.nextAt.Add(jitter(r, d[0]/time.Duration(speedup), d[1]/time.Duration(speedup)))
	}
	switch o.next {
	case stepCreate:
		out = append(out, s.orderRecord(o, "order_created", "created", "checkout-api", trace, at))
		then(stepAuthorize)
	case stepAuthorize:
		if r.IntN(100) < 6 {
			o.failure = pickWeighted(r, []string{"card_declined", "insufficient_funds", "expired_card", "do_not_honor", "fraud_suspected"}, []int{40, 30, 10, 12, 8})
			if o.failure == "fraud_suspected" {
				o.risk = 0.85 + float64(r.IntN(150))/1000
			}
			out = append(out, s.paymentRecord(o, "payment_failed", "failed", trace, at))
			o.cancel = "payment_failed"
			then(stepCancel)
			break
		}
		out = append(out, s.paymentRecord(o, "payment_authorized", "authorized", trace, at))
		then(stepPaid)
	case stepPaid:
		out = append(out, s.orderRecord(o, "order_paid", "paid", "order-service", trace, at))
		then(stepCapture)
	case stepCapture:
		out = append(out, s.paymentRecord(o, "payment_captured", "captured", trace, at))
		then(stepPack)
	case stepPack:
		if r.IntN(100) < 3 {
			o.cancel = "customer_request"
			out = append(out, s.orderRecord(o, "order_cancelled", "cancelled", "customer-support", trace, at))
			then(stepRefund)
			break
		}
		out = append(out, s.orderRecord(o, "order_packed", "packed", "warehouse-svc", trace, at))
		then(stepShip)
	case stepShip:
		cs := carriers[o.cust.Country]
		o.carrier = cs[r.IntN(len(cs))]
		o.tracking = randString(r, base62[:36], 2) + randString(r, hexDigits[:10], 9) + o.cust.Country
		out = append(out, s.orderRecord(o, "order_shipped", "shipped", "warehouse-svc", trace, at))
		then(stepDeliver)
	case stepDeliver:
		out = append(out, s.orderRecord(o, "order_delivered", "delivered", "carrier-webhooks", trace, at))
		o.next = stepDone
	case stepCancel:
		out = append(out, s.orderRecord(o, "order_cancelled", "cancelled", "order-service", trace, at))
		o.next = stepDone
	case stepRefund:
		out = append(out, s.paymentRecord(o, "payment_refunded", "refunded", trace, at))
		o.next = stepDone
	}
	return out
}

type orderEvent struct {
	EventID    string      `json:"event_id"`
	EventType  string      `json:"event_type"`
	OrderID    string      `json:"order_id"`
	Version    int         `json:"version"`
	Status     string      `json:"status"`
	Customer   customerRef `json:"customer"`
	Channel    string      `json:"channel"`
	Items      []orderItem `json:"items"`
	Currency   string      `json:"currency"`
	Subtotal   float64     `json:"subtotal"`
	Shipping   float64     `json:"shipping"`
	Tax        float64     `json:"tax"`
	Total      float64     `json:"total"`
	ShipTo     address     `json:"ship_to"`
	PaymentID  string      `json:"payment_id"`
	Carrier    string      `json:"carrier,omitempty"`
	Tracking   string      `json:"tracking_number,omitempty"`
	Cancel     string      `json:"cancel_reason,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	OccurredAt time.Time   `json:"occurred_at"`
}

type customerRef struct {
	ID      string `json:"id"`
	Tier    string `json:"tier"`
	Country string `json:"country"`
}

type address struct {
	City     string `json:"city"`
	Postcode string `json:"postcode"`
	Country  string `json:"country"`
}

type paymentEvent struct {
	EventID     string    `json:"event_id"`
	EventType   string    `json:"event_type"`
	PaymentID   string    `json:"payment_id"`
	OrderID     string    `json:"order_id"`
	CustomerID  string    `json:"customer_id"`
	Status      string    `json:"status"`
	Amount      float64   `json:"amount"`
	Currency    string    `json:"currency"`
	Method      string    `json:"method"`
	Wallet      string    `json:"wallet,omitempty"`
	Card        *card     `json:"card,omitempty"`
	Provider    string    `json:"provider"`
	ProviderRef string    `json:"provider_reference"`
	RiskScore   float64   `json:"risk_score"`
	Failure     string    `json:"failure_code,omitempty"`
	OccurredAt  time.Time `json:"occurred_at"`
}

func (s *shop) orderRecord(o *order, event, status, source, trace string, at time.Time) *kgo.Record {
	o.version++
	o.status = status
	v, _ := json.Marshal(orderEvent{
		EventID: uuid4(s.r), EventType: event, OrderID: o.id, Version: o.version, Status: status,
		Customer: customerRef{o.cust.ID, o.cust.Tier, o.cust.Country},
		Channel:  o.channel, Items: o.items, Currency: o.currency,
		Subtotal: o.subtotal, Shipping: o.shipping, Tax: o.tax, Total: o.total,
		ShipTo:    address{o.cust.City, o.cust.Postcode, o.cust.Country},
		PaymentID: o.paymentID, Carrier: o.carrier, Tracking: o.tracking, Cancel: o.cancel,
		CreatedAt: o.createdAt, OccurredAt: at,
	})
	return jsonRecord(TopicOrders, o.id, v, at, source, event, trace)
}

func (s *shop) paymentRecord(o *order, event, status, trace string, at time.Time) *kgo.Record {
	v, _ := json.Marshal(paymentEvent{
		EventID: uuid4(s.r), EventType: event, PaymentID: o.paymentID, OrderID: o.id, CustomerID: o.cust.ID,
		Status: status, Amount: o.total, Currency: o.currency, Method: o.method, Wallet: o.wallet, Card: o.card,
		Provider: o.provider, ProviderRef: o.providerRef, RiskScore: o.risk, Failure: o.failure, OccurredAt: at,
	})
	return jsonRecord(TopicPayments, o.id, v, at, "payment-gateway", event, trace)
}

// jsonRecord builds a JSON event record with the headers services in a
// traced system attach.
func jsonRecord(topic, key string, value []byte, at time.Time, source, event, trace string) *kgo.Record {
	return &kgo.Record{
		Topic:     topic,
		Key:       []byte(key),
		Value:     value,
		Timestamp: at,
		Headers: []kgo.RecordHeader{
			{Key: "content-type", Value: []byte("application/json")},
			{Key: "event-type", Value: []byte(event)},
			{Key: "source", Value: []byte(source)},
			{Key: "trace-id", Value: []byte(trace)},
		},
	}
}

func pickWeighted(r *rand.Rand, names []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return names[i]
		}
		n -= w
	}
	return names[0]
}

// goLive compresses the pending delays of the orders still open when the
// history ends, so they carry on progressing at live speed.
func (s *shop) goLive(now time.Time) {
	for _, o := range s.open {
		if o.nextAt.After(now) {
			o.nextAt = now.Add(o.nextAt.Sub(now) / liveSpeedup)
		}
	}
}
