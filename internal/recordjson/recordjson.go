// Package recordjson encodes Kafka records as the JSON lines of
// `kafkatui consume --json`, shared by the headless command and the UI's
// export so both write exactly the same format. It imports the standard
// library and kafkaops (for the Record type).
package recordjson

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// Records are encoded by hand into a reused buffer: consume must keep up
// with a fast partition, and encoding/json with reflection, pointers for
// nulls and a map per record costs several allocations a record.

// timeLayout is RFC 3339 with milliseconds, as Kafka timestamps have.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// Append appends one record as a JSON object and a newline:
//
//	{"topic":..,"partition":..,"offset":..,"timestamp":..,"key":..,"value":..,"headers":[{"key":..,"value":..}]}
//
// A record of an aborted transaction, or of one still open, ends with
// `,"transaction":"aborted"` or `"open"`; ordinary records have no such
// field, so the usual line stays as short as before and jq's
// `select(.transaction == null)` keeps what read_committed would.
//
// Keys, values and header values are JSON strings when valid UTF-8, else
// base64 with a sibling "<field>_encoding":"base64"; nil is null.
func Append(dst []byte, r *kafkaops.Record) []byte {
	return appendRecord(dst, r, nil)
}

// appendRecord is Append and AppendDecoded: one encoder, so a decoded line
// differs from a raw one only in its key and value fields.
func appendRecord(dst []byte, r *kafkaops.Record, d *Decoding) []byte {
	var kf, vf *Field
	if d != nil {
		kf, vf = &d.Key, &d.Value
	}
	dst = append(dst, `{"topic":`...)
	dst = AppendString(dst, r.Topic)
	dst = append(dst, `,"partition":`...)
	dst = strconv.AppendInt(dst, int64(r.Partition), 10)
	dst = append(dst, `,"offset":`...)
	dst = strconv.AppendInt(dst, r.Offset, 10)
	dst = append(dst, `,"timestamp":`...)
	if r.Time.IsZero() {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '"')
		dst = appendTime(dst, r.Time)
		dst = append(dst, '"')
	}
	dst = appendField(dst, "key", r.Key, kf)
	dst = appendField(dst, "value", r.Value, vf)
	dst = append(dst, `,"headers":[`...)
	for i, h := range r.Headers {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if utf8.ValidString(h.Key) {
			dst = append(dst, `"key":`...)
			dst = AppendString(dst, h.Key)
		} else {
			dst = append(dst, `"key":"`...)
			dst = base64.StdEncoding.AppendEncode(dst, []byte(h.Key))
			dst = append(dst, `","key_encoding":"base64"`...)
		}
		dst = appendBytesField(dst, "value", h.Value)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if t := r.Txn.String(); t != "" {
		dst = append(dst, `,"transaction":"`...)
		dst = append(dst, t...)
		dst = append(dst, '"')
	}
	return append(dst, "}\n"...)
}

// appendBytesField appends `,"name":<value>` by the null/UTF-8/base64 rule.
func appendBytesField(dst []byte, name string, v []byte) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	if v == nil {
		return append(dst, "null"...)
	}
	// The plain ASCII prefix is valid UTF-8 and needs no escaping: scanned
	// once for both questions.
	if n := plainJSONPrefix(v); n == len(v) || utf8.Valid(v[n:]) {
		return appendStringFrom(dst, v, n)
	}
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, v)
	dst = append(dst, `","`...)
	dst = append(dst, name...)
	return append(dst, `_encoding":"base64"`...)
}

// AppendString appends s, valid UTF-8, as a JSON string. It escapes what
// JSON requires plus DEL, C1 controls and U+2028/U+2029, so a JSON line piped
// to a terminal cannot carry an escape sequence either.
func AppendString[T string | []byte](dst []byte, s T) []byte {
	return appendStringFrom(dst, s, plainJSONPrefix(s))
}

// appendStringFrom is AppendString for an s whose first plain bytes need
// no escaping.
func appendStringFrom[T string | []byte](dst []byte, s T, plain int) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := plain; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		// s is valid UTF-8, so the two sequences to escape can be matched
		// byte by byte: C1 controls are C2 80..C2 9F, U+2028/9 E2 80 A8/A9.
		switch {
		case c == 0xc2 && i+1 < len(s) && s[i+1] <= 0x9f:
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hex[s[i+1]>>4], hex[s[i+1]&0xf])
			i += 2
			start = i
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[s[i+2]&0xf])
			i += 3
			start = i
		default:
			i++
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
