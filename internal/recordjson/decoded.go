package recordjson

import (
	"encoding/binary"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// Field is a record's key or value as read through its schema, for
// AppendDecoded. The zero Field means "not framed": the bytes are written
// as Append writes them.
type Field struct {
	// JSON is the decoded value as JSON text; nil when not decoded.
	JSON []byte
	// SchemaID and Format (avro, protobuf, json-schema) say how it was
	// decoded; written only with JSON.
	SchemaID int
	Format   string
	// Err says why framed bytes could not be decoded; the bytes are then
	// written raw, with a sibling "<field>_decode_error".
	Err string
}

// FieldOf is what a decoder's answer for one key or value writes: its
// JSON, or the reason it could not be decoded, or nothing for bytes
// without the registry's framing (schemas.ErrNotFramed). consume and the
// tail's export both write records through it.
func FieldOf(d schemas.Decoded, err error) Field {
	switch {
	case err == nil:
		return Field{JSON: d.JSON, SchemaID: d.SchemaID, Format: string(d.Format)}
	case errors.Is(err, schemas.ErrNotFramed):
		return Field{}
	}
	return Field{Err: err.Error()}
}

// Decoding is what a Schema Registry made of a record's key and value.
type Decoding struct {
	Key, Value Field
}

// AppendDecoded is Append with the key and value replaced by their decoded
// JSON where d has it:
//
//	..,"key":{..},"key_schema_id":7,"key_format":"avro","value":{..},"value_schema_id":8,"value_format":"protobuf",..
//
// The JSON is written as a JSON value, not a string, so `jq .value.amount`
// reads a field. A key or value that could not be decoded is written raw as
// Append writes it, followed by "<field>_decode_error" with the reason. A
// nil d, or zero Fields, give exactly Append's line.
func AppendDecoded(dst []byte, r *kafkaops.Record, d *Decoding) []byte {
	return appendRecord(dst, r, d)
}

// appendField appends `,"name":..` for a key or value: decoded when f has
// JSON, else by the null/UTF-8/base64 rule with any decode error beside.
func appendField(dst []byte, name string, v []byte, f *Field) []byte {
	if f == nil || (f.JSON == nil && f.Err == "") {
		return appendBytesField(dst, name, v)
	}
	if f.JSON == nil {
		dst = appendBytesField(dst, name, v)
		dst = append(dst, ',', '"')
		dst = append(dst, name...)
		dst = append(dst, `_decode_error":`...)
		return AppendString(dst, f.Err)
	}
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	dst = AppendJSON(dst, f.JSON)
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, `_schema_id":`...)
	dst = strconv.AppendInt(dst, int64(f.SchemaID), 10)
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, `_format":`...)
	return AppendString(dst, f.Format)
}

// AppendJSON appends js, valid JSON text, with what AppendString escapes
// beyond JSON's rules (DEL, C1 controls, U+2028/U+2029) escaped too, so a
// decoded value cannot carry a terminal escape sequence either. Outside
// strings valid JSON is ASCII without controls, so those bytes can only be
// inside a string, where a \u escape means the same character.
func AppendJSON(dst, js []byte) []byte {
	const hex = "0123456789abcdef"
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	start := 0
	for i := 0; i < len(js); {
		// Quotes and backslashes are everywhere in JSON but harmless here:
		// only bytes from 0x7f up need a look, skipped a word at a time.
		if i+8 <= len(js) {
			if w := binary.LittleEndian.Uint64(js[i:]); (w+ones|w)&highs == 0 {
				i += 8
				continue
			}
		}
		c := js[i]
		switch {
		case c == 0x7f:
			dst = append(dst, js[start:i]...)
			dst = append(dst, `\u007f`...)
			i++
			start = i
		case c < utf8.RuneSelf:
			i++
		case c == 0xc2 && i+1 < len(js) && js[i+1] <= 0x9f:
			dst = append(dst, js[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hex[js[i+1]>>4], hex[js[i+1]&0xf])
			i += 2
			start = i
		case c == 0xe2 && i+2 < len(js) && js[i+1] == 0x80 && (js[i+2] == 0xa8 || js[i+2] == 0xa9):
			dst = append(dst, js[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[js[i+2]&0xf])
			i += 3
			start = i
		default:
			i++
		}
	}
	return append(dst, js[start:]...)
}
