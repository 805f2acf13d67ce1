package produce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// counter is the placeholder a repeat run replaces with the message's
// number, 0 to N-1.
const counter = "{{i}}"

// maxRepeat bounds a repeat run: the form is for quick load tests, not
// for benchmarks that would hold the UI for minutes.
const maxRepeat = 1_000_000

// parsePartition reads the partition field: empty means "by key" (-1). n
// is the topic's partition count, 0 when not known yet; then the broker
// checks the number.
func parsePartition(s string, n int) (int32, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1, ""
	}
	p, err := strconv.ParseInt(s, 10, 32)
	if err != nil || p < 0 {
		return 0, "a partition number, 0 or more (empty: chosen by key)"
	}
	if n > 0 && int(p) >= n {
		if n == 1 {
			return 0, fmt.Sprintf("partition %d does not exist: the topic has 1 partition (0)", p)
		}
		return 0, fmt.Sprintf("partition %d does not exist: the topic has %d partitions (0-%d)", p, n, n-1)
	}
	return int32(p), ""
}

// parseHeaders reads one key=value header per line. Blank lines are
// skipped; a value may be empty and may contain '='. The error names the
// first bad line by its number, as the user sees it.
func parseHeaders(s string) ([]kafkaops.Header, string) {
	var out []kafkaops.Header
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Sprintf("line %d: %q is not key=value", i+1, safe.String(strings.TrimSpace(line)))
		}
		k = strings.TrimSpace(k)
		if k == "" {
			return nil, fmt.Sprintf("line %d: the header has no key", i+1)
		}
		out = append(out, kafkaops.Header{Key: k, Value: []byte(v)})
	}
	return out, ""
}

// formatHeaders is the text of headers in the headers field. ok is false
// when some header cannot be typed back exactly (an empty key, a key with
// '=', a value with a new line or bytes the editor would change).
func formatHeaders(hs []kafkaops.Header) (text string, ok bool) {
	var b strings.Builder
	ok = true
	for i, h := range hs {
		if i > 0 {
			b.WriteByte('\n')
		}
		k, v := safe.String(h.Key), safe.String(string(h.Value))
		if k != h.Key || v != string(h.Value) || h.Key == "" || strings.Contains(h.Key, "=") || h.Value == nil ||
			strings.TrimSpace(h.Key) != h.Key || strings.ContainsAny(string(h.Value), "\n\r\t") {
			ok = false
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v)
	}
	return b.String(), ok
}

// parseRepeat reads the repeat count.
func parseRepeat(s string) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "how many times? type a number, then ctrl+r"
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, "a whole number, 1 or more"
	}
	if n > maxRepeat {
		return 0, fmt.Sprintf("at most %d", maxRepeat)
	}
	return n, ""
}

// jsonHint says whether the value is JSON: "" for an empty value.
type jsonHint int

const (
	hintNone jsonHint = iota
	hintJSON
	hintNotJSON
)

// hintFor classifies a value. Only values that look like JSON documents
// (an object or an array) are flagged when they do not parse: plain text
// is a normal Kafka value, not a mistake.
func hintFor(v string) (jsonHint, string) {
	t := strings.TrimSpace(v)
	if t == "" {
		return hintNone, ""
	}
	if json.Valid([]byte(t)) {
		return hintJSON, ""
	}
	if t[0] != '{' && t[0] != '[' {
		return hintNone, ""
	}
	var x any
	err := json.Unmarshal([]byte(t), &x)
	msg := "not valid JSON"
	if se, ok := err.(*json.SyntaxError); ok {
		line, col := position(t, se.Offset)
		msg = fmt.Sprintf("not valid JSON: %s (line %d, column %d)", se.Error(), line, col)
	} else if err != nil {
		msg = "not valid JSON: " + err.Error()
	}
	return hintNotJSON, msg
}

// position turns a byte offset into a 1-based line and column.
func position(s string, off int64) (int, int) {
	// Offset counts the bytes read, the bad one included.
	off = min(max(off, 1), int64(len(s)))
	before := s[:off-1]
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndexByte(before, '\n')
	return line, col
}

// prettyJSON indents a JSON value with two spaces; ok is false when v is
// not JSON.
func prettyJSON(v string) (string, bool) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(v)), "", "  "); err != nil {
		return "", false
	}
	return b.String(), true
}

// expand replaces the counter placeholder with i.
func expand(b []byte, i int) []byte {
	if b == nil || !bytes.Contains(b, []byte(counter)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(counter), []byte(strconv.Itoa(i)))
}
