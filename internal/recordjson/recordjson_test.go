package recordjson

import (
	"encoding/json"
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
