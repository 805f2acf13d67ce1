package recordjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kafkatui/kafkatui/kafkaops"
)

func TestAppendDecoded(t *testing.T) {
	r := kafkaops.Record{Topic: "t", Partition: 1, Offset: 7, Key: []byte("\x00\x00\x00\x00\x05k"), Value: []byte("\x00\x00\x00\x00\x0cv")}
	for _, c := range []struct {
		name string
		d    *Decoding
		want string
	}{
		{"nil", nil, string(Append(nil, &r))},
		{"zero", &Decoding{}, string(Append(nil, &r))},
		{"decoded", &Decoding{
			Key:   Field{JSON: []byte(`"k1"`), SchemaID: 5, Format: "avro"},
			Value: Field{JSON: []byte(`{"a":"x\u007f\u0085\u2028y","n":1}`), SchemaID: 12, Format: "protobuf"},
		}, `{"topic":"t","partition":1,"offset":7,"timestamp":null,` +
			`"key":"k1","key_schema_id":5,"key_format":"avro",` +
			`"value":{"a":"x\u007f\u0085\u2028y","n":1},"value_schema_id":12,"value_format":"protobuf","headers":[]}` + "\n"},
		{"error", &Decoding{Value: Field{Err: "schema 12: not found in the registry"}},
			// Append's raw line with the reason after the value.
			strings.Replace(string(Append(nil, &r)), `,"headers"`, `,"value_decode_error":"schema 12: not found in the registry","headers"`, 1)},
	} {
		got := string(AppendDecoded(nil, &r, c.d))
		if got != c.want {
			t.Errorf("%s: got  %s\nwant %s", c.name, got, c.want)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(got), &m); err != nil {
			t.Errorf("%s: not JSON: %v\n%s", c.name, err, got)
		}
	}
}

// AppendJSON escapes the characters a terminal acts on even where they
// are valid inside a JSON string, and changes nothing else.
func TestAppendJSONEscapes(t *testing.T) {
	in := "{\"s\":\"a\x7fb\u0085c\u2028d\u2029e é 東\",\"n\":[1,2.5,true,null]}"
	got := AppendJSON(nil, []byte(in))
	want := `{"s":"a\u007fb\u0085c\u2028d\u2029e é 東","n":[1,2.5,true,null]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var a, b any
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("meaning changed: %s vs %s", ja, jb)
	}
}

// AppendJSON's word-at-a-time skip finds every character to escape at every
// position of a word.
func TestAppendJSONEveryPosition(t *testing.T) {
	for _, c := range []string{"\x7f", "\u0085", "\u2028", "\u2029"} {
		for pos := 0; pos < 17; pos++ {
			s := `"` + strings.Repeat("a", pos) + c + strings.Repeat("b", 9) + `"`
			got := string(AppendJSON(nil, []byte(s)))
			if strings.Contains(got, c) {
				t.Errorf("%q at %d: %s carries it unescaped", c, pos, got)
			}
			var back string
			if err := json.Unmarshal([]byte(got), &back); err != nil || back != s[1:len(s)-1] {
				t.Errorf("%q at %d: %s decodes to %q, %v", c, pos, got, back, err)
			}
		}
	}
}
