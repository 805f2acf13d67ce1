package tail

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/themes"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	// The tests' jq expressions take microseconds a record, but a loaded
	// machine (the race detector, other work on the cores) can stall one
	// record past jqLimit, and the tail would remove the filter as a loop.
	// Tests of the per-record limit ask for it with perRecordLimit.
	recordLimit = time.Minute
	os.Exit(m.Run())
}

// perRecordLimit gives compiled expressions the program's per-record limit
// for one test, for the tests of that limit (the loops it stops never end,
// however fast the machine).
func perRecordLimit(t testing.TB) {
	recordLimit = jqLimit
	t.Cleanup(func() { recordLimit = time.Minute })
}

var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func newCommon(buffer int) *common.Common {
	c := common.NewCommon(themes.Dark())
	c.Now = func() time.Time { return fixedNow }
	c.TailBuffer = buffer
	return c
}

// fakeConsumer hands out a stream whose records the test sends on ch.
type fakeConsumer struct {
	mu   sync.Mutex
	ch   chan []kafkaops.Record
	req  kafkaops.ConsumeRequest
	ctx  context.Context
	err  error
	opes int
}

func newFake() *fakeConsumer { return &fakeConsumer{ch: make(chan []kafkaops.Record, 100_000)} }

func (f *fakeConsumer) Consume(ctx context.Context, req kafkaops.ConsumeRequest) (*kafkaops.Stream, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opes++
	f.req, f.ctx = req, ctx
	if f.err != nil {
		return nil, f.err
	}
	return &kafkaops.Stream{
		Batches: f.ch,
		Starts:  []kafkaops.PartitionStart{{Partition: 0}, {Partition: 1}},
	}, nil
}

// rec is record off of partition p with a JSON value.
func rec(p int32, off int64, key, value string, headers ...kafkaops.Header) kafkaops.Record {
	return kafkaops.Record{
		Topic: "orders", Partition: p, Offset: off,
		Time:    fixedNow.Add(time.Duration(off) * time.Millisecond),
		Key:     []byte(key),
		Value:   []byte(value),
		Headers: headers,
	}
}

func order(p int32, off int64) kafkaops.Record {
	return rec(p, off, fmt.Sprintf("C-%d", off%7),
		fmt.Sprintf(`{"id":%d,"customer":{"id":"C-%d"},"amount":%d}`, off, off%7, off*10))
}

func press(t testing.TB, m *Model, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(uitest.Key(k))
		out = append(out, uitest.RunCmd(t, cmd)...)
	}
	return out
}

func typeText(t testing.TB, m *Model, s string) {
	t.Helper()
	for _, msg := range uitest.Runes(s) {
		m.Update(msg)
	}
}

// started is a tail of "orders" on f, opened from the form with its
// defaults, at 100x30. The wait for the first batch is returned, not run.
func started(t testing.TB, f *fakeConsumer, buffer int) (*Model, tea.Cmd) {
	t.Helper()
	m := New(newCommon(buffer), f, "orders")
	m.SetSize(100, 30)
	_, cmd := m.Update(uitest.Key("enter"))
	msgs := uitest.RunCmd(t, cmd)
	op, raw, ok := uitest.Result[openedMsg](msgs)
	if !ok || op.err != nil {
		t.Fatalf("stream not opened: %v", msgs)
	}
	_, cmd = m.Update(raw)
	return m, waitOnly(m)
}

// waitOnly is the pane's batch wait without the rate tick, which tests
// deliver themselves.
func waitOnly(m *Model) tea.Cmd {
	if !m.waiting {
		return nil
	}
	return m.Wrap(wait(m.src))
}

// own is msg as the pane's base delivers a result of the pane's current
// generation.
func own(m *Model, msg tea.Msg) tea.Msg {
	return common.Result{Origin: m.Origin(), Gen: m.Gen(), Msg: msg}
}

// feed sends recs on the fake stream and delivers them as batches until
// all have arrived.
func feed(t testing.TB, m *Model, f *fakeConsumer, recs ...kafkaops.Record) {
	t.Helper()
	for _, r := range recs {
		f.ch <- []kafkaops.Record{r} // one record per fetch response: the wait must gather them
	}
	want := m.received + int64(len(recs))
	deadline := time.Now().Add(time.Minute) // a condition: on a loaded machine the batch wait is slow, not stuck
	for m.received < want {
		if time.Now().After(deadline) {
			t.Fatalf("received %d of %d", m.received, want)
		}
		if !m.waiting {
			t.Fatalf("no batch wait armed (paused=%v state=%v)", m.paused, m.state)
		}
		msgs := uitest.RunCmd(t, m.Wrap(wait(m.src)))
		for _, msg := range msgs {
			m.Update(msg)
		}
	}
}

func view(m *Model) string { return ansi.Strip(m.View()) }

func mustContain(t testing.TB, v string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			t.Errorf("view lacks %q:\n%s", p, v)
		}
	}
}
