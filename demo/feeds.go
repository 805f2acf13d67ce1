package demo

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// ---- app-logs: plain text, one line per record, keyed by service ----

type logs struct {
	r     *rand.Rand
	pods  map[string]string
	count int
}

var logServices = []string{"checkout-api", "order-service", "payment-gateway", "inventory-svc", "auth-service", "search-api", "legacy-batch"}

func newLogs(r *rand.Rand) *logs {
	l := &logs{r: r, pods: map[string]string{}}
	for _, s := range logServices {
		l.pods[s] = fmt.Sprintf("%s-%s-%s", s, randString(r, hexDigits, 9), randString(r, "bcdfghjklmnpqrstvwxz2456789", 5))
	}
	return l
}

// next returns one log line at time at. Every 40th line comes from the
// legacy batch job, which colours its output with ANSI codes and sometimes
// emits other control characters, so the UI's escaping has work to do.
func (l *logs) next(at time.Time) *kgo.Record {
	r := l.r
	l.count++
	svc := logServices[r.IntN(len(logServices)-1)]
	var level, msg string
	if l.count%40 == 1 {
		svc = "legacy-batch"
		level, msg = l.legacy()
	} else {
		level, msg = l.line(svc)
	}
	line := fmt.Sprintf("%s %-5s %s [trace=%s] %s", ms(at).Format("2006-01-02T15:04:05.000Z"), level, svc, traceID(r)[:16], msg)
	if svc == "legacy-batch" {
		// The legacy job writes its own coloured prefix and no trace id.
		line = ms(at).Format("2006-01-02 15:04:05,000") + " " + msg
	}
	return &kgo.Record{
		Topic:     TopicAppLogs,
		Key:       []byte(svc),
		Value:     []byte(line),
		Timestamp: ms(at),
		Headers: []kgo.RecordHeader{
			{Key: "content-type", Value: []byte("text/plain; charset=utf-8")},
			{Key: "host", Value: []byte(l.pods[svc])},
		},
	}
}

func (l *logs) line(svc string) (level, msg string) {
	r := l.r
	sku := catalog[r.IntN(len(catalog))].SKU
	order := fmt.Sprintf("ORD-%07d", 2_480_000+r.IntN(20_000))
	lvl := pickWeighted(r, []string{"INFO", "DEBUG", "WARN", "ERROR"}, []int{72, 12, 11, 5})
	switch svc + "/" + lvl {
	case "checkout-api/INFO", "checkout-api/DEBUG":
		return "INFO", fmt.Sprintf("POST /v1/orders 201 in %d ms order=%s", 12+r.IntN(120), order)
	case "checkout-api/WARN":
		return "WARN", fmt.Sprintf("slow upstream payment-gateway: %d ms (threshold 1000 ms)", 1000+r.IntN(2500))
	case "checkout-api/ERROR":
		return "ERROR", "POST /v1/orders 502 in 3001 ms: upstream payment-gateway: context deadline exceeded"
	case "order-service/INFO":
		st := []string{"created", "paid", "packed", "shipped", "delivered"}
		i := r.IntN(len(st) - 1)
		return "INFO", fmt.Sprintf("order %s: %s -> %s", order, st[i], st[i+1])
	case "order-service/DEBUG":
		return "DEBUG", fmt.Sprintf("polled %d records from orders in %d ms", 1+r.IntN(60), r.IntN(8))
	case "order-service/WARN", "order-service/ERROR":
		return "WARN", "commit failed: REBALANCE_IN_PROGRESS, will retry after the rebalance"
	case "payment-gateway/INFO", "payment-gateway/DEBUG":
		return "INFO", fmt.Sprintf("authorized pay_%s amount=%d.%02d EUR provider=stripe 3ds=%v", randString(r, base62, 12), 10+r.IntN(400), r.IntN(100), r.IntN(4) == 0)
	case "payment-gateway/WARN":
		return "WARN", fmt.Sprintf("provider adyen answered 429 Too Many Requests, retrying in %d ms", 100*(1+r.IntN(5)))
	case "payment-gateway/ERROR":
		// A JVM service logging a stack trace: one record, many lines.
		return "ERROR", fmt.Sprintf("capture failed for order %s\n"+
			"java.net.SocketTimeoutException: Read timed out\n"+
			"\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"+
			"\tat com.example.payments.stripe.StripeClient.capture(StripeClient.java:212)\n"+
			"\tat com.example.payments.CaptureWorker.run(CaptureWorker.java:87)\n"+
			"\t... 4 more", order)
	case "inventory-svc/INFO", "inventory-svc/DEBUG":
		return "INFO", fmt.Sprintf("reserved %d x %s for %s (stock left %d)", 1+r.IntN(3), sku, order, 5+r.IntN(200))
	case "inventory-svc/WARN", "inventory-svc/ERROR":
		return "WARN", fmt.Sprintf("stock low for %s: %d left in warehouse FRA-1", sku, r.IntN(5))
	case "auth-service/INFO", "auth-service/DEBUG":
		return "INFO", fmt.Sprintf("login ok user=C-%05d method=%s", 10001+7*r.IntN(300), pickWeighted(r, []string{"password+totp", "passkey", "oauth:google"}, []int{5, 3, 2}))
	case "auth-service/WARN", "auth-service/ERROR":
		return "WARN", fmt.Sprintf("login failed user=C-%05d reason=bad_password attempt=%d", 10001+7*r.IntN(300), 1+r.IntN(5))
	case "search-api/ERROR":
		return "ERROR", "query failed: index products_v7 is read-only (disk watermark exceeded)"
	default: // search-api/INFO, DEBUG, WARN
		return "DEBUG", fmt.Sprintf("q=%q hits=%d took=%dms", strings.ReplaceAll(searchTerms[r.IntN(len(searchTerms))], "+", " "), r.IntN(80), 2+r.IntN(40))
	}
}

// legacy returns a coloured line from the nightly batch job, sometimes with
// a bell or a carriage return in it.
func (l *logs) legacy() (level, msg string) {
	r := l.r
	switch r.IntN(4) {
	case 0:
		return "ERROR", fmt.Sprintf("\x1b[1;31mERROR\x1b[0m [export] row %d: unexpected byte 0x07 in column \"notes\": \"call back\a\" - row skipped", 1000+r.IntN(9000))
	case 1:
		return "WARN", fmt.Sprintf("\x1b[33mWARN \x1b[0m [export] progress %d%%\rprogress 100%%", r.IntN(100))
	default:
		return "INFO", fmt.Sprintf("\x1b[32mINFO \x1b[0m [export] wrote %d rows to s3://exports/customers/part-%05d.csv.gz", 5000+r.IntN(5000), r.IntN(100))
	}
}

// ---- sensor-readings: binary records ----

// A sensor reading is a packed big-endian struct of 36 bytes:
//
//	0  [2]byte  magic "SR"
//	2  uint8    layout version (1)
//	3  uint8    flags: 1 low battery, 2 calibrating, 4 door open
//	4  uint32   sensor id
//	8  int64    reading time, unix milliseconds
//	16 float32  temperature, °C
//	20 float32  relative humidity, %
//	24 float32  pressure, hPa
//	28 uint16   battery, mV
//	30 uint16   sequence number
//	32 uint32   CRC-32 (IEEE) of bytes 0-31
const sensorRecordSize = 36

type sensors struct {
	r  *rand.Rand
	st []sensorState
}

type sensorState struct {
	id        uint32
	site      string
	temp, hum float64
	pressure  float64
	battery   float64
	seq       uint16
}

func newSensors(r *rand.Rand) *sensors {
	s := &sensors{r: r}
	sites := []string{"fra1-coldroom", "fra1-dock", "ams2-hall", "ams2-server-room"}
	for i := range 24 {
		s.st = append(s.st, sensorState{
			id:       uint32(1001 + i),
			site:     sites[i%len(sites)],
			temp:     4 + float64(i%4)*6 + r.Float64()*2,
			hum:      40 + r.Float64()*20,
			pressure: 1005 + r.Float64()*15,
			battery:  2800 + r.Float64()*500,
		})
	}
	return s
}

// next returns one reading of a random sensor at time at; each sensor's
// values drift as a random walk so a partition reads like a time series.
func (s *sensors) next(at time.Time) *kgo.Record {
	r := s.r
	st := &s.st[r.IntN(len(s.st))]
	st.temp += (r.Float64() - 0.5) * 0.4
	st.hum = math.Min(99, math.Max(5, st.hum+(r.Float64()-0.5)*1.5))
	st.pressure += (r.Float64() - 0.5) * 0.3
	st.battery -= r.Float64() * 0.5
	st.seq++
	var flags uint8
	if st.battery < 2900 {
		flags |= 1
	}
	if r.IntN(50) == 0 {
		flags |= 2
	}
	if strings.HasSuffix(st.site, "dock") && r.IntN(6) == 0 {
		flags |= 4
	}
	b := make([]byte, sensorRecordSize)
	copy(b, "SR")
	b[2] = 1
	b[3] = flags
	binary.BigEndian.PutUint32(b[4:], st.id)
	binary.BigEndian.PutUint64(b[8:], uint64(ms(at).UnixMilli()))
	binary.BigEndian.PutUint32(b[16:], math.Float32bits(float32(st.temp)))
	binary.BigEndian.PutUint32(b[20:], math.Float32bits(float32(st.hum)))
	binary.BigEndian.PutUint32(b[24:], math.Float32bits(float32(st.pressure)))
	binary.BigEndian.PutUint16(b[28:], uint16(st.battery))
	binary.BigEndian.PutUint16(b[30:], st.seq)
	binary.BigEndian.PutUint32(b[32:], crc32.ChecksumIEEE(b[:32]))
	return &kgo.Record{
		Topic:     TopicSensorReadings,
		Key:       []byte(fmt.Sprintf("sensor-%04d", st.id)),
		Value:     b,
		Timestamp: ms(at),
		Headers: []kgo.RecordHeader{
			{Key: "content-type", Value: []byte("application/octet-stream")},
			{Key: "schema", Value: []byte("sensor-reading/v1 (36-byte big-endian struct)")},
			{Key: "site", Value: []byte(st.site)},
		},
	}
}

// ---- customer-profiles: compacted, latest state per customer ----

type profiles struct {
	r         *rand.Rand
	customers []customer
	st        []profileState
}

type profileState struct {
	version   int
	deleted   bool
	optIn     bool
	points    int
	ltv       float64
	createdAt time.Time
}

type profile struct {
	CustomerID     string    `json:"customer_id"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	Tier           string    `json:"tier"`
	Language       string    `json:"language"`
	Address        address   `json:"address"`
	MarketingOptIn bool      `json:"marketing_opt_in"`
	LoyaltyPoints  int       `json:"loyalty_points"`
	LifetimeValue  float64   `json:"lifetime_value"`
	Currency       string    `json:"currency"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func newProfiles(r *rand.Rand, customers []customer) *profiles {
	// Profiles change customers (tier, email, address) and run on their own
	// goroutine, so they own a copy.
	own := append([]customer(nil), customers...)
	return &profiles{r: r, customers: own, st: make([]profileState, len(customers))}
}

// create returns the first version of customer i's profile.
func (p *profiles) create(i int, at time.Time) *kgo.Record {
	p.st[i] = profileState{optIn: p.r.IntN(3) > 0, createdAt: ms(at)}
	return p.record(i, at, "account-service", "profile_created")
}

// next returns an update to a random customer's profile at time at; about
// one in thirty is an erasure request, written as a tombstone.
func (p *profiles) next(at time.Time) *kgo.Record {
	r := p.r
	i := r.IntN(len(p.customers))
	st, c := &p.st[i], &p.customers[i]
	if st.deleted || st.version == 0 {
		// A deleted customer signing up again starts a new profile.
		return p.create(i, at)
	}
	if r.IntN(30) == 0 {
		st.deleted = true
		return &kgo.Record{
			Topic:     TopicCustomerProfiles,
			Key:       []byte(c.ID),
			Value:     nil,
			Timestamp: ms(at),
			Headers: []kgo.RecordHeader{
				{Key: "source", Value: []byte("gdpr-eraser")},
				{Key: "reason", Value: []byte("erasure-request")},
				{Key: "trace-id", Value: []byte(traceID(r))},
			},
		}
	}
	change := pickWeighted(r, []string{"points_earned", "opt_in_changed", "tier_changed", "email_changed", "address_changed"}, []int{50, 15, 15, 10, 10})
	source := "crm-sync"
	switch change {
	case "points_earned":
		amount := 10 + r.Float64()*300
		st.points += int(amount)
		st.ltv = money(st.ltv+amount*eurTo[c.Currency], c.Currency)
		source = "loyalty-service"
	case "opt_in_changed":
		st.optIn = !st.optIn
		source = "preference-center"
	case "tier_changed":
		c.Tier = pickTier(r)
	case "email_changed":
		c.Email = emailFor(r, c.First, c.Last)
		source = "account-service"
	case "address_changed":
		for _, co := range countries {
			if co.code == c.Country {
				c.City = co.cities[r.IntN(len(co.cities))]
				c.Postcode = co.postcode(r)
			}
		}
		source = "account-service"
	}
	return p.record(i, at, source, change)
}

func (p *profiles) record(i int, at time.Time, source, change string) *kgo.Record {
	st, c := &p.st[i], &p.customers[i]
	st.version++
	v, _ := json.Marshal(profile{
		CustomerID: c.ID, Name: c.First + " " + c.Last, Email: c.Email, Tier: c.Tier, Language: c.Language,
		Address:        address{c.City, c.Postcode, c.Country},
		MarketingOptIn: st.optIn, LoyaltyPoints: st.points, LifetimeValue: st.ltv, Currency: c.Currency,
		Version: st.version, CreatedAt: st.createdAt, UpdatedAt: ms(at),
	})
	return &kgo.Record{
		Topic:     TopicCustomerProfiles,
		Key:       []byte(c.ID),
		Value:     v,
		Timestamp: ms(at),
		Headers: []kgo.RecordHeader{
			{Key: "content-type", Value: []byte("application/json")},
			{Key: "source", Value: []byte(source)},
			{Key: "change", Value: []byte(change)},
			{Key: "trace-id", Value: []byte(traceID(p.r))},
		},
	}
}
