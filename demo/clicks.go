package demo

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// clicks simulates browsing sessions: each event belongs to a session that
// lives for a while, so keys repeat and a session's views stay in order on
// one partition.
type clicks struct {
	r         *rand.Rand
	customers []customer
	sessions  []*session
}

type session struct {
	id      string
	userID  *string // nil while browsing anonymously
	device  string
	agent   string
	country string
	ip      string
	page    string
	left    int // events before the session ends
}

type pageView struct {
	EventID    string    `json:"event_id"`
	EventType  string    `json:"event_type"`
	SessionID  string    `json:"session_id"`
	UserID     *string   `json:"user_id"`
	Page       string    `json:"page"`
	Referrer   string    `json:"referrer,omitempty"`
	Device     string    `json:"device"`
	UserAgent  string    `json:"user_agent"`
	Country    string    `json:"country"`
	IP         string    `json:"ip"`
	DurationMs int       `json:"duration_ms"`
	Timestamp  time.Time `json:"ts"`
}

var userAgents = map[string][]string{
	"desktop": {
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
	},
	"mobile": {
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
	},
	"tablet": {
		"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	},
}

var referrers = []string{"https://www.google.com/", "https://duckduckgo.com/", "https://www.instagram.com/", "https://news.ycombinator.com/", "", "", ""}

var searchTerms = []string{"rain+jacket", "kafka+book", "headphones", "merino", "tent", "espresso", "usb-c", "desk+lamp"}

func newClicks(r *rand.Rand, customers []customer) *clicks {
	return &clicks{r: r, customers: customers}
}

// next returns one clickstream event at time at.
func (c *clicks) next(at time.Time) *kgo.Record {
	r := c.r
	// Keep a few hundred sessions alive; new visitors arrive as others leave.
	if len(c.sessions) < 400 || r.IntN(50) == 0 {
		c.sessions = append(c.sessions, c.newSession())
	}
	i := r.IntN(len(c.sessions))
	s := c.sessions[i]
	ev := pageView{
		EventID:   uuid4(r),
		EventType: "page_view",
		SessionID: s.id,
		UserID:    s.userID,
		Device:    s.device,
		UserAgent: s.agent,
		Country:   s.country,
		IP:        s.ip,
		Timestamp: ms(at),
	}
	prev := s.page
	switch n := r.IntN(100); {
	case s.page == "" || n < 8:
		s.page = "/"
		ev.Referrer = referrers[r.IntN(len(referrers))]
	case n < 45:
		p := catalog[r.IntN(len(catalog))]
		s.page = "/products/" + p.SKU
	case n < 60:
		s.page = "/c/" + catalog[r.IntN(len(catalog))].Category
	case n < 70:
		s.page = "/search?q=" + searchTerms[r.IntN(len(searchTerms))]
		ev.EventType = "search"
	case n < 82:
		ev.EventType = "add_to_cart"
	case n < 90:
		s.page = "/cart"
	case n < 95:
		s.page = "/checkout"
		if s.userID == nil {
			c.login(s)
			ev.UserID = s.userID
			ev.EventType = "login"
		}
	default:
		ev.EventType = "click"
	}
	ev.Page = s.page
	if ev.Referrer == "" && prev != "" && prev != s.page {
		ev.Referrer = "https://shop.example.com" + prev
	}
	ev.DurationMs = 300 + r.IntN(45_000)
	s.left--
	if s.left <= 0 {
		c.sessions[i] = c.sessions[len(c.sessions)-1]
		c.sessions = c.sessions[:len(c.sessions)-1]
	}
	v, _ := json.Marshal(ev)
	return &kgo.Record{
		Topic:     TopicClickstream,
		Key:       []byte(s.id),
		Value:     v,
		Timestamp: ev.Timestamp,
		Headers:   []kgo.RecordHeader{{Key: "content-type", Value: []byte("application/json")}},
	}
}

func (c *clicks) newSession() *session {
	r := c.r
	device := pickWeighted(r, []string{"desktop", "mobile", "tablet"}, []int{42, 50, 8})
	agents := userAgents[device]
	s := &session{
		id:      "s-" + randString(r, hexDigits, 16),
		device:  device,
		agent:   agents[r.IntN(len(agents))],
		country: pickCountry(r).code,
		// Documentation ranges (RFC 5737), so no real address appears.
		ip:   fmt.Sprintf("%s.%d", []string{"192.0.2", "198.51.100", "203.0.113"}[r.IntN(3)], 1+r.IntN(254)),
		left: 3 + r.IntN(40),
	}
	if r.IntN(3) == 0 {
		c.login(s)
	}
	return s
}

func (c *clicks) login(s *session) {
	cu := &c.customers[c.r.IntN(len(c.customers))]
	id := cu.ID
	s.userID = &id
	s.country = cu.Country
}
