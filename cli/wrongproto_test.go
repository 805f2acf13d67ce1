package cli

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// TestHTTPServerAsBroker gives every headless command a web server as its
// broker, the mistake of pointing -b at a Schema Registry or REST proxy
// port: Go's own HTTP server, which waits for the end of a request line a
// Kafka request never sends, and one that answers 400 at once, as nginx
// does. Each command fails with one line naming the address and what went
// wrong, ended by its timeout (the watchdog never has to end it). The
// probe that names what answered gets a generous bound: a loaded machine
// may need more than its default quarter of the timeout, and the servers
// answer it at once.
func TestHTTPServerAsBroker(t *testing.T) {
	web := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(web.Close)
	eager := eagerHTTP(t)
	const timeout = 2 * time.Second
	for _, addr := range []string{strings.TrimPrefix(web.URL, "http://"), eager} {
		for _, args := range [][]string{
			{"topics"}, {"brokers"}, {"groups"}, {"topic", "describe", "orders"},
			{"consume", "orders", "-e"}, {"produce", "orders", "v"}, {"group", "describe", "g"},
		} {
			t.Run(addr+"_"+strings.Join(args, "_"), func(t *testing.T) {
				t.Parallel()
				r := runWith(t, runOpts{probeTimeout: time.Minute}, append([]string{"-b", addr, "--timeout", timeout.String()}, args...)...)
				r.endedItself(t, "--timeout "+timeout.String())
				r.failed(t, addr)
				if !strings.Contains(r.stderr, addr+" is not a Kafka broker (it answered like an HTTP server: ") {
					t.Errorf("stderr %q does not name the HTTP server", r.stderr)
				}
			})
		}
	}
}

// eagerHTTP answers whatever it reads with a 400 and closes, as nginx
// does with a request line it cannot parse.
func eagerHTTP(t *testing.T) string {
	t.Helper()
	return testkafka.Endpoint(t, func(c net.Conn) {
		defer c.Close()
		if _, err := c.Read(make([]byte, 4096)); err != nil {
			return
		}
		_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	})
}
