package cli

import (
	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

// appendRecordJSON appends one record as the JSON line of --json; the
// encoder is shared with the UI's export (internal/recordjson).
func appendRecordJSON(dst []byte, r *kafkaops.Record) []byte { return recordjson.Append(dst, r) }

// appendJSONString appends s as a JSON string that cannot carry a terminal
// escape sequence (see recordjson.AppendString).
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	return recordjson.AppendString(dst, s)
}

// plainFormat is how consume prints a record without --json.
type plainFormat struct {
	// keyDelim, when set, prints the key and this delimiter before the value.
	keyDelim string
}

// appendRecordPlain appends one record as one line of terminal-safe text.
// A null key or value prints as nothing.
func (f plainFormat) appendRecordPlain(dst []byte, r *kafkaops.Record) []byte {
	if f.keyDelim != "" {
		dst = safe.AppendText(dst, r.Key)
		dst = append(dst, f.keyDelim...)
	}
	dst = safe.AppendText(dst, r.Value)
	return append(dst, '\n')
}
