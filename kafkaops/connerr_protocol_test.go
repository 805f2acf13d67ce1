package kafkaops

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/internal/testkafka"
)

// redisLike answers every read with an error line, as Redis does to a
// command it does not know.
func redisLike(c net.Conn) {
	buf := make([]byte, 1024)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
		if _, err := c.Write([]byte("-ERR unknown command '\x00\x00', with args beginning with:\r\n")); err != nil {
			return
		}
	}
}

// sshLike greets with a banner before reading anything, as SSH does.
func sshLike(c net.Conn) { _, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")) }

// silent reads and never answers.
func silent(c net.Conn) { _, _ = c.Read(make([]byte, 1024)) }

// binaryNoise answers with bytes that are neither Kafka nor text.
func binaryNoise(c net.Conn) {
	_, _ = c.Read(make([]byte, 1024))
	_, _ = c.Write([]byte{0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x00, '\n'})
}

func probeCluster(t *testing.T, cfg Config) *Cluster {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	c, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestExplainWrongProtocol points the cluster at services that are not
// Kafka and at Kafka itself: the former are named, with what they said,
// the latter (and anything it cannot tell) gives nil, each within the
// probe's budget.
func TestExplainWrongProtocol(t *testing.T) {
	web := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(web.Close)
	webTLS := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(webTLS.Close)
	kafkaAddrs := testkafka.Brokers(t)

	cases := []struct {
		name string
		cfg  Config
		want string // "" for no explanation
	}{
		{"http server", Config{Brokers: []string{strings.TrimPrefix(web.URL, "http://")}},
			` is not a Kafka broker (it answered like an HTTP server: "HTTP/1.1 400 Bad Request"): check the address and port`},
		{"https server with tls", Config{Brokers: []string{strings.TrimPrefix(webTLS.URL, "https://")}, TLS: TLSConfig{Enabled: true, InsecureSkipVerify: true}},
			` is not a Kafka broker (it answered like an HTTP server: "HTTP/1.1 400 Bad Request")`},
		{"redis-like", Config{Brokers: []string{testkafka.Endpoint(t, redisLike)}},
			` is not a Kafka broker (it answered with text: "-ERR unknown command`},
		{"ssh-like", Config{Brokers: []string{testkafka.Endpoint(t, sshLike)}},
			` is not a Kafka broker (it answered like an SSH server: "SSH-2.0-OpenSSH_9.2p1 Debian-2")`},
		{"second of two", Config{Brokers: []string{kafkaAddrs[0], strings.TrimPrefix(web.URL, "http://")}},
			strings.TrimPrefix(web.URL, "http://") + " is not a Kafka broker (it answered like an HTTP server"},
		{"kafka", Config{Brokers: kafkaAddrs}, ""},
		{"silent", Config{Brokers: []string{testkafka.Endpoint(t, silent)}}, ""},
		{"binary noise", Config{Brokers: []string{testkafka.Endpoint(t, binaryNoise)}}, ""},
		{"nothing listening", Config{Brokers: []string{"127.0.0.1:1"}}, ""},
	}
	cause := errors.New("the request's own error")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want != "" {
				// A peer that answers ends the probe at once: a generous
				// bound costs nothing here and holds on a loaded machine,
				// where the default quarter of 2s may not be enough.
				tc.cfg.ProbeTimeout = time.Minute
			}
			c := probeCluster(t, tc.cfg)
			// The request that failed has used up its context.
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Millisecond))
			defer cancel()
			start := time.Now()
			err := c.explainWrongProtocol(ctx, cause)
			// The silent peer never answers: only the probe's own bound (a
			// quarter of the timeout) ends that wait, so returning at all,
			// long before the test gives up, shows the bound holds whatever
			// the machine's speed.
			if took := time.Since(start); took > 30*time.Second {
				t.Errorf("took %s", took)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("explained as %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("got %v, want one line containing %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.cfg.Brokers[0]) && tc.name != "second of two" {
				t.Errorf("%q does not start with the address", err)
			}
			if !errors.Is(err, cause) {
				t.Errorf("%v does not wrap the request's error", err)
			}
		})
	}

	// A user who gave up (Ctrl-C) gets no extra second of probing.
	c := probeCluster(t, Config{Brokers: []string{strings.TrimPrefix(web.URL, "http://")}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.explainWrongProtocol(ctx, context.Canceled); err != nil {
		t.Errorf("probed after cancel: %v", err)
	}
}

// TestClassifyAnswer covers the answers that decide the verdict byte by
// byte, including Kafka answers that hold a new line in their size.
func TestClassifyAnswer(t *testing.T) {
	for _, tc := range []struct {
		answer, want string
	}{
		{"", ""},
		{"\x00\x00\x01\x0a\r\n\r\n\x00\x00", ""}, // Kafka: size 266, our correlation id
		{"\x00\x00\x00\x0a", ""},                 // the first 4 bytes of one
		{"HTTP/1.0 400 Bad request syntax\r\n", `like an HTTP server: "HTTP/1.0 400 Bad request syntax"`},
		{"HTTP/1.1 400 Bad Request", `like an HTTP server: "HTTP/1.1 400 Bad Request"`},
		{"<!DOCTYPE HTML>\n<html lang=\"en\">", `like an HTTP server, with a page: "<!DOCTYPE HTML>"`},
		{"<html><body>400", `like an HTTP server, with a page: "<html><body>400"`},
		{"220 mail.example.com ESMTP Postfix\r\n", `with text: "220 mail.example.com ESMTP Postfix"`},
		{"+OK\r\n", `with text: "+OK"`},
		{strings.Repeat("x", 100) + "\n", `with text: "` + strings.Repeat("x", 60) + `..."`},
		{"\x15\x03\x03\x00\x02\x02\x16", ""},                                         // a TLS alert
		{"ok: caf\xc3\xa9 \x00\xff\n", `with text: "ok: café \x00` + "\uFFFD" + `"`}, // quoted, never raw
		{"a\x1b[2Jb\n", ""},
	} {
		if got := classifyAnswer([]byte(tc.answer)); got != tc.want {
			t.Errorf("classifyAnswer(%q) = %q, want %q", tc.answer, got, tc.want)
		}
	}
}

// TestProbeTimeout keeps the default bound of the wrong-protocol probe (a
// quarter of the request timeout, at most a second) and lets a caller set
// it, as tests on a loaded machine do.
func TestProbeTimeout(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want time.Duration
	}{
		{Config{Timeout: 2 * time.Second}, 500 * time.Millisecond},
		{Config{}, peerProbeBudget},
		{Config{Timeout: time.Second, ProbeTimeout: time.Minute}, time.Minute},
	} {
		if got := tc.cfg.probeTimeout(); got != tc.want {
			t.Errorf("%+v: probe timeout %s, want %s", tc.cfg, got, tc.want)
		}
	}
}
