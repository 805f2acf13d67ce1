package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// customer is one shop customer; orders, payments and profiles all draw
// from the same population so ids line up across topics.
type customer struct {
	ID       string
	First    string
	Last     string
	Email    string
	Tier     string
	Country  string
	City     string
	Postcode string
	Currency string
	Language string
}

// country is where customers live and which currency they pay in.
type country struct {
	code, currency, language string
	cities                   []string
	postcode                 func(*rand.Rand) string
	weight                   int
}

func digits(n int) func(*rand.Rand) string {
	return func(r *rand.Rand) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
}

var countries = []country{
	{"DE", "EUR", "de", []string{"Berlin", "Hamburg", "München", "Köln", "Leipzig"}, digits(5), 22},
	{"US", "USD", "en", []string{"Austin", "Seattle", "Brooklyn", "Denver", "Chicago"}, digits(5), 20},
	{"GB", "GBP", "en", []string{"London", "Manchester", "Leeds", "Bristol", "Edinburgh"}, func(r *rand.Rand) string {
		return fmt.Sprintf("%c%c%d %d%c%c", 'A'+r.IntN(26), 'A'+r.IntN(26), 1+r.IntN(20), r.IntN(10), 'A'+r.IntN(26), 'A'+r.IntN(26))
	}, 14},
	{"FR", "EUR", "fr", []string{"Paris", "Lyon", "Marseille", "Lille", "Nantes"}, digits(5), 12},
	{"NL", "EUR", "nl", []string{"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"}, func(r *rand.Rand) string {
		return fmt.Sprintf("%04d %c%c", 1000+r.IntN(9000), 'A'+r.IntN(26), 'A'+r.IntN(26))
	}, 8},
	{"SE", "SEK", "sv", []string{"Stockholm", "Göteborg", "Malmö", "Uppsala"}, digits(5), 6},
	{"ES", "EUR", "es", []string{"Madrid", "Barcelona", "Valencia", "Sevilla"}, digits(5), 7},
	{"PL", "PLN", "pl", []string{"Warszawa", "Kraków", "Wrocław", "Gdańsk"}, func(r *rand.Rand) string {
		return fmt.Sprintf("%02d-%03d", r.IntN(100), r.IntN(1000))
	}, 5},
	{"JP", "JPY", "ja", []string{"Tokyo", "Osaka", "Kyoto", "Sapporo"}, func(r *rand.Rand) string {
		return fmt.Sprintf("%03d-%04d", r.IntN(1000), r.IntN(10000))
	}, 6},
}

var firstNames = []string{
	"Anna", "Ben", "Chloé", "Daniel", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas",
	"Kateřina", "Liam", "Mia", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara",
	"Umar", "Valentina", "Wei", "Xavier", "Yuki", "Zofia", "Lars", "Amara", "Mateo", "Nora",
}

var lastNames = []string{
	"Müller", "Smith", "García", "Dubois", "Jansen", "Nilsson", "Kowalski", "Tanaka", "Rossi",
	"O'Brien", "Schmidt", "Johnson", "Fernández", "Martin", "de Vries", "Andersson", "Nowak",
	"Suzuki", "Brown", "Weber", "Lefèvre", "Bakker", "Lindqvist", "Wiśniewski", "Sato",
}

// tiers with their share of the population.
var tiers = []struct {
	name   string
	weight int
}{{"bronze", 55}, {"silver", 27}, {"gold", 13}, {"platinum", 5}}

// newCustomers builds the demo's customer population from r.
func newCustomers(r *rand.Rand, n int) []customer {
	cs := make([]customer, n)
	for i := range cs {
		co := pickCountry(r)
		first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		cs[i] = customer{
			ID:       fmt.Sprintf("C-%05d", 10001+i*7),
			First:    first,
			Last:     last,
			Email:    emailFor(r, first, last),
			Tier:     pickTier(r),
			Country:  co.code,
			City:     co.cities[r.IntN(len(co.cities))],
			Postcode: co.postcode(r),
			Currency: co.currency,
			Language: co.language,
		}
	}
	return cs
}

func pickCountry(r *rand.Rand) country {
	total := 0
	for _, c := range countries {
		total += c.weight
	}
	n := r.IntN(total)
	for _, c := range countries {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return countries[0]
}

func pickTier(r *rand.Rand) string {
	n := r.IntN(100)
	for _, t := range tiers {
		if n < t.weight {
			return t.name
		}
		n -= t.weight
	}
	return tiers[0].name
}

var asciiFold = strings.NewReplacer("ü", "u", "é", "e", "ř", "r", "í", "i", "ą", "a", "ś", "s",
	"ń", "n", "è", "e", "'", "", " ", "", "ö", "o", "á", "a")

func emailFor(r *rand.Rand, first, last string) string {
	domains := []string{"example.com", "mail.example.org", "example.net", "inbox.example"}
	local := strings.ToLower(asciiFold.Replace(first) + "." + asciiFold.Replace(last))
	if r.IntN(3) == 0 {
		local += fmt.Sprint(r.IntN(100))
	}
	return local + "@" + domains[r.IntN(len(domains))]
}

// product is one catalogue entry; prices are in EUR and converted per order.
type product struct {
	SKU      string
	Name     string
	Category string
	Price    float64
}

var catalog = []product{
	{"SKU-TEE-BLK-M", "Organic cotton T-shirt, black, M", "apparel", 19.90},
	{"SKU-TEE-WHT-L", "Organic cotton T-shirt, white, L", "apparel", 19.90},
	{"SKU-HOOD-GRY-M", "Zip hoodie, heather grey, M", "apparel", 59.00},
	{"SKU-JKT-RAIN-S", "Packable rain jacket, S", "apparel", 89.00},
	{"SKU-SNK-RUN-42", "Trail running shoes, EU 42", "footwear", 129.95},
	{"SKU-SOCK-3PK", "Merino socks, 3-pack", "apparel", 24.50},
	{"SKU-MUG-CER-350", "Stoneware mug 350 ml", "home", 14.00},
	{"SKU-KTL-ELEC-1L", "Electric kettle 1 l", "home", 49.99},
	{"SKU-LAMP-DSK-LED", "LED desk lamp", "home", 39.95},
	{"SKU-BOOK-DDIA", "Designing Data-Intensive Applications", "books", 44.90},
	{"SKU-BOOK-KAFKA-TDG", "Kafka: The Definitive Guide, 2nd ed.", "books", 49.90},
	{"SKU-HP-ANC-01", "Noise-cancelling headphones", "electronics", 249.00},
	{"SKU-KB-MECH-TKL", "Mechanical keyboard, tenkeyless", "electronics", 119.00},
	{"SKU-CBL-USBC-2M", "USB-C cable 2 m", "electronics", 12.99},
	{"SKU-BTL-STEEL-750", "Insulated steel bottle 750 ml", "outdoor", 27.50},
	{"SKU-TENT-2P", "Two-person backpacking tent", "outdoor", 329.00},
	{"SKU-COF-BEAN-1KG", "Espresso beans 1 kg", "grocery", 22.80},
	{"SKU-TEA-SENCHA", "Sencha green tea 100 g", "grocery", 9.50},
}

// eurTo converts catalogue prices; JPY has no minor unit.
var eurTo = map[string]float64{"EUR": 1, "USD": 1.08, "GBP": 0.85, "SEK": 11.4, "PLN": 4.3, "JPY": 163}

func money(v float64, currency string) float64 {
	if currency == "JPY" {
		return math.Round(v)
	}
	return math.Round(v*100) / 100
}

// ids: random identifiers in the shapes real systems use.

const hexDigits = "0123456789abcdef"
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func randString(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// uuid4 formats 16 random bytes as a version-4 UUID.
func uuid4(r *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// traceID is a W3C trace-context trace id (32 hex digits).
func traceID(r *rand.Rand) string { return randString(r, hexDigits, 32) }

// ms drops sub-millisecond precision, which Kafka timestamps do not keep.
func ms(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// jitter returns a duration uniformly between lo and hi.
func jitter(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo)+1))
}
