package ui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// TestProgramOnHTTPServer starts the whole UI with a web server as its
// broker: once the request timeout passes the header says error and the
// status line names the address and what went wrong; the UI keeps
// answering keys while requests fail, and q quits. Only the request
// timeout can end a request to Go's HTTP server, so the error showing at
// all (before screenWait) shows it did; the probe that names the server
// gets a generous bound, since the server answers it at once and a loaded
// machine may need more than a quarter of the 1s timeout.
func TestProgramOnHTTPServer(t *testing.T) {
	web := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(web.Close)
	addr := strings.TrimPrefix(web.URL, "http://")
	const timeout = time.Second
	cl, err := kafkaops.Open(kafkaops.Config{Brokers: []string{addr}, Timeout: timeout, ProbeTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	var debug bytes.Buffer
	m, err := New(cl, Options{Brokers: []string{addr}, Theme: "none", Settings: common.Settings{Refresh: time.Second}, DebugLog: &debug})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 30))
	out := tm.Output()
	waitScreen(t, out, "connecting", "connecting")
	// The address is named as not a Kafka broker.
	teatest.WaitFor(t, out, func(b []byte) bool {
		s := ansi.Strip(string(b))
		return strings.Contains(s, "● error") && strings.Contains(s, addr+" is not a Kafka broker")
	}, teatest.WithDuration(screenWait), teatest.WithCheckInterval(20*time.Millisecond))
	// Still answering: the help opens and closes while refreshes fail.
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'?'}})
	waitScreen(t, out, "full help", "ctrl+r refresh", "ctrl+c quit")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	tm.WaitFinished(t, teatest.WithFinalTimeout(screenWait))
	if !strings.Contains(debug.String(), "connection: connecting -> error") {
		t.Errorf("debug log lacks the failed connection: %q", debug.String())
	}
}
