package recordjson

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestAppend(t *testing.T) {
	r := kafkaops.Record{
		Topic: "orders", Partition: 3, Offset: 42,
		Time:    time.Date(2025, 3, 14, 15, 9, 26, 535_000_000, time.FixedZone("x", 3600)),
		Key:     []byte("k\x1b[2J"),
		Value:   []byte{0xff, 0x00},
		Headers: []kafkaops.Header{{Key: "h", Value: nil}, {Key: "u", Value: []byte("\u2028")}},
	}
	got := string(Append(nil, &r))
	want := `{"topic":"orders","partition":3,"offset":42,"timestamp":"2025-03-14T14:09:26.535Z",` +
		`"key":"k\u001b[2J","value":"/wA=","value_encoding":"base64",` +
		`"headers":[{"key":"h","value":null},{"key":"u","value":"\u2028"}]}` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Errorf("not JSON: %v", err)
	}
	null := string(Append(nil, &kafkaops.Record{Topic: "t"}))
	if null != `{"topic":"t","partition":0,"offset":0,"timestamp":null,"key":null,"value":null,"headers":[]}`+"\n" {
		t.Errorf("nulls: %s", null)
	}
}

// TestFastPaths checks the hand-written time format against time's own and
// the word-at-a-time string scan against the byte loop, around every
// character that needs escaping at every position of a word.
func TestFastPaths(t *testing.T) {
	for _, ts := range []time.Time{
		time.UnixMilli(0), time.UnixMilli(1_796_469_267_593), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 13, 7, 9, 45_000_000, time.FixedZone("x", 5*3600)),
	} {
		want := ts.UTC().AppendFormat(nil, timeLayout)
		if got := appendTime(nil, ts); string(got) != string(want) {
			t.Errorf("appendTime(%v) = %s, want %s", ts, got, want)
		}
	}
	for _, c := range []string{"\"", "\\", "\x00", "\x1f", "\x7f", "\u0085", "\u2028", "é"} {
		for pos := 0; pos < 17; pos++ {
			s := strings.Repeat("a", pos) + c + strings.Repeat("b", 9)
			n := plainJSONPrefix(s)
			if n > pos || n%8 != 0 {
				t.Errorf("%q at %d: plain prefix %d", c, pos, n)
			}
			enc := AppendString(nil, s)
			if got := string(AppendString(nil, []byte(s))); got != string(enc) {
				t.Errorf("%q: string %s, bytes %s", s, enc, got)
			}
			var back string
			if err := json.Unmarshal(enc, &back); err != nil || back != s {
				t.Errorf("%q: encoded %s, decodes to %q, %v", s, enc, back, err)
			}
			if c != "é" && c != "\"" && c != "\\" && strings.Contains(string(enc), c) {
				t.Errorf("%q: %s carries %q unescaped", s, enc, c)
			}
		}
	}
}

// A record of an aborted or open transaction says so; an ordinary one has
// no "transaction" field at all.
func TestAppendTransaction(t *testing.T) {
	for _, c := range []struct {
		txn  kafkaops.TxnState
		want string
	}{
		{kafkaops.TxnNone, `{"topic":"t","partition":1,"offset":7,"timestamp":null,"key":null,"value":"v","headers":[]}` + "\n"},
		{kafkaops.TxnAborted, `{"topic":"t","partition":1,"offset":7,"timestamp":null,"key":null,"value":"v","headers":[],"transaction":"aborted"}` + "\n"},
		{kafkaops.TxnOpen, `{"topic":"t","partition":1,"offset":7,"timestamp":null,"key":null,"value":"v","headers":[],"transaction":"open"}` + "\n"},
	} {
		r := kafkaops.Record{Topic: "t", Partition: 1, Offset: 7, Value: []byte("v"), Txn: c.txn}
		got := string(Append(nil, &r))
		if got != c.want {
			t.Errorf("%v: got  %s\nwant %s", c.txn, got, c.want)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(got), &v); err != nil {
			t.Errorf("%v: not JSON: %v", c.txn, err)
		}
	}
}
