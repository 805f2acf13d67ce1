package ui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/kafkatui/kafkatui/internal/hostile"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// planted are the bytes of hostile.Payload that must never reach the
// terminal as they are: the title-setting OSC, its BEL, the clear-screen
// CSI, the C1 CSI and the right-to-left override.
var planted = []struct{ name, seq string }{
	{"OSC (set title)", "\x1b]"},
	{"BEL", "\x07"},
	{"CSI 2J (clear screen)", "\x1b[2J"},
	{"C1 CSI U+009B", "\u009b"},
	{"RLO U+202E", "\u202e"},
}

// escaped is how the payload shows once escaped.
const escaped = `\x1b]2;PWNED\x07\x1b[2J\u009b31m\u202e`

// recorder keeps every byte the program wrote while waits read them.
type recorder struct {
	all bytes.Buffer
}

// wait waits until the output since the last wait shows every want (with
// styling stripped), keeping the raw bytes.
func (r *recorder) wait(t *testing.T, out io.Reader, what string, wants ...string) {
	t.Helper()
	teatest.WaitFor(t, out, func(b []byte) bool {
		s := ansi.Strip(string(b))
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		r.all.Write(b)
		return true
	}, teatest.WithDuration(screenWait), teatest.WithCheckInterval(20*time.Millisecond))
	t.Logf("screen: %s", what)
}

func keys(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// TestHostileBrokerNeverReachesTheTerminal walks every pane against a
// Kafka-protocol server that plants escape sequences in every string it
// supplies (internal/hostile): topic names, config names and values,
// broker hosts and racks, the cluster id, group ids, states, protocols,
// member, client and instance ids, client hosts, record keys, values and
// headers, and error messages. Every one must show escaped, and no byte
// of the planted sequences may be in what the program writes. Before the
// table escaped its cells, the group state retitled the terminal and
// cleared the screen on every refresh.
func TestHostileBrokerNeverReachesTheTerminal(t *testing.T) {
	s, err := hostile.Listen("127.0.0.1:0", hostile.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	addrs := []string{s.Addr()}
	cl, err := kafkaops.Open(kafkaops.Config{Brokers: addrs, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	m, err := New(cl, Options{Brokers: addrs, Theme: "none", Settings: common.Settings{Refresh: time.Second}, DebugLog: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 40))
	out := tm.Output()
	var rec recorder

	// Topics: the hostile name escaped, the look-alike made visible.
	rec.wait(t, out, "topics", "● connected", "topic"+escaped, `orders\u200b`)
	keys(tm, "G")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "partitions", "topic"+escaped+" / partitions", "2 partitions")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	rec.wait(t, out, "configs", "config.name"+escaped, "config value"+escaped, "delete"+escaped)
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	rec.wait(t, out, "partitions again", "LEADER")

	// Tail and inspector: keys, values and headers.
	keys(tm, "t")
	rec.wait(t, out, "tail form", "Tail topic"+escaped)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "tail", "value"+escaped, "key"+`\x1b]2;PWNED`)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "inspector", "Headers (1)", "header"+escaped+"=hdr value"+escaped, "key"+escaped)
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	rec.wait(t, out, "back to partitions", "2 partitions")

	// Brokers: cluster id, host, racks.
	keys(tm, ":brokers")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "brokers", "cluster"+escaped, "host"+escaped, "rack"+escaped, "rack2"+escaped)

	// Groups: ids and states, then a group's view, members and the refused
	// reset, which quotes the state.
	keys(tm, ":groups")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "groups", "group848"+escaped, "idle"+escaped, `Stable\x1b`, `Empty\x1b`,
		"list groups: incomplete: broker 2 (host"+`\x1b]2;PWNED`)
	keys(tm, "gj") // group848, group, idle: the classic group with a member
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "group view", "Stable"+escaped+" · 1 member · range"+escaped)
	// The members table gives each column its widest cell and cuts the
	// widest first; the planted ids are long, so it gets the room to show
	// them all whole.
	tm.Send(tea.WindowSizeMsg{Width: 240, Height: 40})
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	rec.wait(t, out, "members", "member"+escaped, "client"+escaped, "10.0.0.1"+escaped)
	tm.Send(tea.WindowSizeMsg{Width: 160, Height: 40})
	keys(tm, "R")
	rec.wait(t, out, "reset refused", "The group is Stable"+escaped+" with 1 member")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	rec.wait(t, out, "groups again", "group848"+escaped)

	// Produce to the plain topic: the broker refuses with a message of its own.
	keys(tm, ":topics")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	rec.wait(t, out, "topics again", `orders\u200b`)
	keys(tm, "gp")
	rec.wait(t, out, "produce form", "Produce to orders")
	keys(tm, "v")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	rec.wait(t, out, "produce refused", "record refused"+`\x1b]2;PWNED`)

	// The form holds unsaved work, which q and ctrl+c would ask about.
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(screenWait))
	rest, _ := io.ReadAll(out)
	rec.all.Write(rest)

	raw := rec.all.String()
	for _, p := range planted {
		if i := strings.Index(raw, p.seq); i >= 0 {
			t.Errorf("%s reached the terminal: %q", p.name, raw[max(i-60, 0):min(i+60, len(raw))])
		}
	}
}
