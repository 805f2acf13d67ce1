package produce

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestEmptyTopicIsRefused(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "")
	press(t, m, keySend)
	if m.errs[fTopic] != "a topic is required" || m.focus != fTopic {
		t.Errorf("errs %q, focus %d", m.errs[fTopic], m.focus)
	}
	if len(f.sent) != 0 {
		t.Errorf("sent %d messages with no topic", len(f.sent))
	}
	if !strings.Contains(plain(m.View()), "✗ a topic is required") {
		t.Errorf("the error is not shown:\n%s", plain(m.View()))
	}
	// Fixing the field clears the error as it is typed.
	typeText(t, m, "orders")
	if m.errs[fTopic] != "" {
		t.Errorf("error %q after typing a topic", m.errs[fTopic])
	}
}

func TestPartitionChecks(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	if m.partCount() != 3 {
		t.Fatalf("partition count %d, want 3 from DescribeTopic", m.partCount())
	}
	focusField(t, m, fPartition)
	typeText(t, m, "3")
	press(t, m, keySend)
	want := "partition 3 does not exist: the topic has 3 partitions (0-2)"
	if m.errs[fPartition] != want || m.focus != fPartition {
		t.Errorf("error %q (focus %d), want %q", m.errs[fPartition], m.focus, want)
	}
	press(t, m, uitest.Key("backspace"))
	typeText(t, m, "x")
	if !strings.HasPrefix(m.errs[fPartition], "a partition number") {
		t.Errorf("error for x: %q", m.errs[fPartition])
	}
	press(t, m, uitest.Key("backspace"))
	typeText(t, m, "2")
	press(t, m, keySend)
	if len(f.sent) != 1 || f.sent[0].Partition != 2 {
		t.Fatalf("sent %+v, want one message to partition 2", f.sent)
	}
	// Empty means by key.
	press(t, m, uitest.Key("backspace"), keySend)
	if f.sent[1].Partition != -1 {
		t.Errorf("empty partition sent as %d, want -1 (by key)", f.sent[1].Partition)
	}
}

func TestPartitionCountFollowsTopic(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "")
	typeText(t, m, "order-events")
	press(t, m, keyTab) // leaving the topic asks for its partitions
	if m.partCount() != 1 {
		t.Fatalf("partition count %d, want 1", m.partCount())
	}
	if !strings.Contains(plain(m.View()), "1 partition") {
		t.Errorf("the count is not shown")
	}
	typeText(t, m, "1")
	press(t, m, keySend)
	if m.errs[fPartition] != "partition 1 does not exist: the topic has 1 partition (0)" {
		t.Errorf("error %q", m.errs[fPartition])
	}
}

func TestTopicCompletion(t *testing.T) {
	m := newForm(t, newFake(), "")
	typeText(t, m, "pay")
	press(t, m, keyTab)
	if m.topic.Value() != "payments" || m.focus != fTopic {
		t.Fatalf("tab after pay: topic %q focus %d, want payments still in the topic field", m.topic.Value(), m.focus)
	}
	press(t, m, keyTab)
	if m.focus != fPartition || m.partCount() != 6 {
		t.Errorf("second tab: focus %d, partitions %d", m.focus, m.partCount())
	}
	// Internal topics are not offered.
	for _, s := range m.topic.AvailableSuggestions() {
		if strings.HasPrefix(s, "__") {
			t.Errorf("suggests internal topic %s", s)
		}
	}
}

func TestBadHeaderLine(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	focusField(t, m, fHeaders)
	typeText(t, m, "trace=abc")
	press(t, m, keyEnter)
	press(t, m, keyEnter)
	typeText(t, m, "no-equals-here")
	press(t, m, keySend)
	want := `line 3: "no-equals-here" is not key=value`
	if m.errs[fHeaders] != want {
		t.Errorf("error %q, want %q", m.errs[fHeaders], want)
	}
	if len(f.sent) != 0 {
		t.Errorf("sent with a bad header")
	}
	if !strings.Contains(plain(m.View()), "✗ "+want) {
		t.Errorf("the error is not under the headers:\n%s", plain(m.View()))
	}
	hs, msg := parseHeaders("a=1\n\n b = x=y \nempty=\n=v")
	if msg != "line 5: the header has no key" || hs != nil {
		t.Errorf("parse: %v %q", hs, msg)
	}
	hs, msg = parseHeaders("a=1\n\n b = x=y \nempty=")
	if msg != "" || len(hs) != 3 || hs[1].Key != "b" || string(hs[1].Value) != " x=y " || hs[2].Value == nil || len(hs[2].Value) != 0 {
		t.Errorf("parse: %+v %q", hs, msg)
	}
}

func TestKeyNullOrEmpty(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	press(t, m, keySend)
	if f.sent[0].Key != nil {
		t.Errorf("empty key sent as %q, want null", f.sent[0].Key)
	}
	press(t, m, keyEmpty, keySend)
	if k := f.sent[1].Key; k == nil || len(k) != 0 {
		t.Errorf("after ctrl+t the key is %v, want the empty string", k)
	}
	if !strings.Contains(plain(m.View()), "empty string (ctrl+t: null)") {
		t.Errorf("the key field does not say it is the empty string")
	}
	typeText(t, m, "order-1")
	press(t, m, keySend)
	if string(f.sent[2].Key) != "order-1" {
		t.Errorf("key %q", f.sent[2].Key)
	}
}

func TestJSONHint(t *testing.T) {
	m := newForm(t, newFake(), "orders")
	focusField(t, m, fValue)
	typeText(t, m, `{"id":1,"items":[1,2]}`)
	v := plain(m.View())
	if !strings.Contains(v, "✓ valid JSON · ctrl+f pretty-prints") {
		t.Errorf("no valid JSON hint:\n%s", v)
	}
	press(t, m, keyPretty)
	want := "{\n  \"id\": 1,\n  \"items\": [\n    1,\n    2\n  ]\n}"
	if m.value.Value() != want {
		t.Errorf("pretty-printed:\n%s\nwant\n%s", m.value.Value(), want)
	}
	m.value.SetValue(`{"id":1,}`)
	m.valueChanged()
	if m.hint != hintNotJSON || !strings.Contains(m.hintText, "line 1, column 9") {
		t.Errorf("hint %d %q", m.hint, m.hintText)
	}
	press(t, m, keyPretty)
	if m.formErr == "" || m.value.Value() != `{"id":1,}` {
		t.Errorf("ctrl+f on invalid JSON: err %q, value %q", m.formErr, m.value.Value())
	}
	// Invalid JSON is flagged, not refused.
	f := m.b.(*fakeBackend)
	press(t, m, keySend)
	if len(f.sent) != 1 || string(f.sent[0].Value) != `{"id":1,}` {
		t.Errorf("invalid JSON was not sent: %+v", f.sent)
	}
	// Plain text is a normal value: no flag.
	m.value.SetValue("hello")
	m.valueChanged()
	if m.hint != hintNone {
		t.Errorf("plain text hinted %d", m.hint)
	}
}

func TestResultAndContentKept(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	typeText(t, m, "k1")
	focusField(t, m, fValue)
	typeText(t, m, "v1")
	before := m.content()
	if m.UnsavedWork() == "" {
		t.Errorf("typed text is not unsaved work")
	}
	msgs := press(t, m, keySend)
	if _, ok := uitest.Has[common.BusyMsg](msgs); !ok {
		t.Errorf("no spinner around the send")
	}
	if m.result != "✓ sent to orders/1 at offset 0 (acks=all)" {
		t.Errorf("result %q", m.result)
	}
	if m.content() != before {
		t.Errorf("form changed after a send")
	}
	if m.UnsavedWork() != "" {
		t.Errorf("unsaved work %q after the send", m.UnsavedWork())
	}
	focusField(t, m, fAcks)
	press(t, m, ctrl(tea.KeyRight), ctrl(tea.KeyRight), keySend)
	if f.sent[1].Acks != kafkaops.AcksNone || m.result != "✓ sent to orders/1, offset not known (acks=none)" {
		t.Errorf("acks %d, result %q", f.sent[1].Acks, m.result)
	}
}

func TestErrorPlacementAndContentKeptAfterFailure(t *testing.T) {
	cases := []struct {
		err   string
		field field
		shown string
	}{
		{`produce to "orderz": topic does not exist`, fTopic, "topic does not exist"},
		{"produce to orders: partition 9 does not exist (topic has 3 partitions: 0-2)", fPartition, "partition 9 does not exist (topic has 3 partitions: 0-2)"},
		{"produce to orders/0: message too large: 2000 bytes of key, value and headers; the topic accepts at most 1000 bytes per record batch, overhead included (max.message.bytes)", fValue, "message too large: 2000 bytes"},
		{"produce to orders/0: not enough in-sync replicas for acks=all (fewer than the topic's min.insync.replicas)", fAcks, "not enough in-sync replicas"},
		{"produce to orders/0: not authorized to write to the topic", fTopic, "not authorized"},
		{"produce to orders/0: read metadata: dial tcp 10.0.0.1:9092: i/o timeout", numFields, "i/o timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.shown, func(t *testing.T) {
			f := newFake()
			f.answer = func(kafkaops.Message) (kafkaops.ProduceResult, error) {
				return kafkaops.ProduceResult{}, errors.New(tc.err)
			}
			m := newForm(t, f, "orders")
			typeText(t, m, "k")
			focusField(t, m, fValue)
			typeText(t, m, "value")
			before := m.content()
			press(t, m, keySend)
			if m.content() != before {
				t.Errorf("the form changed after a failure")
			}
			if m.resultOK || !strings.HasPrefix(m.result, "✗ not sent") {
				t.Errorf("result %q", m.result)
			}
			v := plain(m.View())
			if tc.field == numFields {
				if !strings.Contains(m.result, tc.shown) {
					t.Errorf("form-level error %q", m.result)
				}
				return
			}
			if !strings.Contains(m.errs[tc.field], tc.shown) {
				t.Errorf("field %d error %q, want it to say %q", tc.field, m.errs[tc.field], tc.shown)
			}
			// Shown right under its field's line.
			label := fieldLabels[tc.field]
			lines := strings.Split(v, "\n")
			at := -1
			for i, l := range lines {
				if strings.HasPrefix(strings.TrimLeft(l, " "), label) {
					at = i
				}
			}
			found := false
			for i := at + 1; i < len(lines) && i <= at+m.value.Height()+2; i++ {
				if strings.Contains(lines[i], "✗ "+tc.shown[:min(len(tc.shown), 20)]) {
					found = true
				}
			}
			if !found {
				t.Errorf("error not under %s:\n%s", label, v)
			}
		})
	}
}

func TestReproducePrefill(t *testing.T) {
	f := newFake()
	rec := kafkaops.Record{
		Topic: "orders", Partition: 2, Offset: 41,
		Key:     []byte("order-7"),
		Value:   []byte("{\"id\":7}\x1b[31m"), // an escape sequence must not reach the screen
		Headers: []kafkaops.Header{{Key: "trace", Value: []byte("abc")}, {Key: "null", Value: nil}},
	}
	m := NewFromRecord(newCommon(), f, rec, WithHistoryFile(""))
	m.SetSize(100, 28)
	feed(t, m, m.Init())
	if m.topic.Value() != "orders" || m.key.Value() != "order-7" || m.focus != fValue {
		t.Errorf("topic %q key %q focus %d", m.topic.Value(), m.key.Value(), m.focus)
	}
	v := m.View()
	if strings.Contains(v, "\x1b[31m") {
		t.Fatalf("the record's escape sequence reached the view")
	}
	if !strings.Contains(plain(v), "value, headers shown escaped: sent byte for byte unless edited") {
		t.Errorf("no escaped note:\n%s", plain(v))
	}
	if m.UnsavedWork() == "" {
		t.Errorf("a loaded record is not unsaved work")
	}
	// Sent unchanged to another topic: the exact bytes.
	focusField(t, m, fTopic)
	for range len("orders") {
		press(t, m, uitest.Key("backspace"))
	}
	typeText(t, m, "payments")
	press(t, m, keySend)
	if len(f.sent) != 1 {
		t.Fatalf("sent %d", len(f.sent))
	}
	got := f.sent[0]
	if got.Topic != "payments" || string(got.Key) != "order-7" || string(got.Value) != string(rec.Value) ||
		len(got.Headers) != 2 || got.Headers[1].Value != nil || string(got.Headers[0].Value) != "abc" {
		t.Errorf("sent %+v", got)
	}
	// Edited, the text is what goes.
	focusField(t, m, fValue)
	m.value.SetValue(`{"id":8}`)
	m.valueChanged()
	press(t, m, keySend)
	if string(f.sent[1].Value) != `{"id":8}` {
		t.Errorf("edited value sent as %q", f.sent[1].Value)
	}
	// A tombstone and an empty key stay what they were.
	m = NewFromRecord(newCommon(), f, kafkaops.Record{Topic: "orders", Key: []byte{}, Value: nil}, WithHistoryFile(""))
	feed(t, m, m.Init())
	press(t, m, keySend)
	last := f.sent[len(f.sent)-1]
	if last.Key == nil || len(last.Key) != 0 || last.Value != nil {
		t.Errorf("empty key / null value sent as %v / %v", last.Key, last.Value)
	}
}

func TestEscGoesBack(t *testing.T) {
	m := newForm(t, newFake(), "orders")
	msgs := press(t, m, keyEsc)
	if _, ok := uitest.Has[common.BackMsg](msgs); !ok {
		t.Errorf("esc: %v", msgs)
	}
}

// A record's headers are all in view when it is loaded: the field grows
// with them, and past its limit the label counts the lines.
func TestHeadersFieldShowsEveryHeader(t *testing.T) {
	rec := func(n int) kafkaops.Record {
		r := kafkaops.Record{Topic: "orders", Key: []byte("k"), Value: []byte("v")}
		for i := range n {
			r.Headers = append(r.Headers, kafkaops.Header{Key: fmt.Sprintf("h%d", i), Value: []byte("x")})
		}
		return r
	}
	for _, tc := range []struct {
		headers int
		label   string
	}{{2, "Headers  "}, {5, "Headers  "}, {6, "Headers  "}, {9, "Headers (9)"}} {
		m := NewFromRecord(newCommon(), newFake(), rec(tc.headers), WithHistoryFile(""))
		m.SetSize(100, 30)
		v := plain(m.View())
		if !strings.Contains(v, " "+tc.label) {
			t.Errorf("%d headers: no label %q:\n%s", tc.headers, tc.label, v)
		}
		shown := min(tc.headers, maxHeaderLines)
		for i := range tc.headers {
			if in := strings.Contains(v, fmt.Sprintf("h%d=x", i)); in != (i < shown) {
				t.Errorf("%d headers: h%d shown %v", tc.headers, i, in)
			}
		}
		if n := strings.Count(v, "\n") + 1; n != 30 {
			t.Errorf("%d headers: view is %d lines, want 30", tc.headers, n)
		}
		// Emptied, the field gives its lines back to the value.
		focusField(t, m, fHeaders)
		for range 200 {
			press(t, m, uitest.Key("backspace"))
		}
		if m.headers.Height() != minHeaderLines || m.value.Height() != min(30-fixedLines, 20) {
			t.Errorf("%d headers emptied: headers %d value %d lines", tc.headers, m.headers.Height(), m.value.Height())
		}
	}
}
