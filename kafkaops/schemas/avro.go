package schemas

import (
	"fmt"
	"strconv"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// Avro records are decoded by walking the binary encoding against the schema hamba/avro parsed
// (names, namespaces, references, logical types, defaults are its work), writing JSON as it
// goes. hamba/avro's own generic decoding gives maps, which lose the schema's field order, wrap
// union values and need a second pass to become JSON; one pass keeps the order and costs a
// fraction of the allocations. The JSON forms (see avroNode kinds):
//   - a union shows the value of its branch, not Avro JSON's {"type": value} wrapper, so filters
//     and jq columns read `.amount`, not `.amount.double`; the inspector's schema view tells the
//     branch types apart when it matters;
//   - bytes and fixed are base64 strings (standard alphabet, padded), as protojson writes bytes;
//   - enums are their symbol; maps are objects in the order the record carries the entries;
//   - decimal is a JSON number with exactly the digits the scale gives ("12.30"), never a float;
//   - date is "2006-01-02", time-millis/micros "15:04:05.000"/"15:04:05.000000",
//     timestamp-millis/micros RFC 3339 in UTC, local-timestamp-millis/micros the same without
//     a zone; uuid a string; duration {"months":m,"days":d,"milliseconds":ms};
//   - float and double NaN and infinities, which JSON has no number for, are the strings
//     "NaN", "Infinity", "-Infinity" (as protojson writes them).

type avroKind uint8

const (
	avNull avroKind = iota
	avBoolean
	avInt
	avLong
	avFloat
	avDouble
	avBytes
	avString
	avRecord
	avEnum
	avArray
	avMap
	avUnion
	avFixed
	avDecimalBytes
	avDecimalFixed
	avDate
	avTimeMillis
	avTimeMicros
	avTimestampMillis
	avTimestampMicros
	avLocalTimestampMillis
	avLocalTimestampMicros
	avUUIDFixed
	avDuration
)

// avroNode is a schema node compiled for decoding: JSON keys and enum symbols are escaped once.
type avroNode struct {
	kind     avroKind
	name     string      // full name of a named type, for messages
	fields   []avroField // record
	symbols  [][]byte    // enum: each symbol as a JSON string
	items    *avroNode   // array items, map values
	branches []*avroNode // union
	size     int         // fixed
	scale    int         // decimal
}

type avroField struct {
	name string
	key  []byte // `"name":`
	node *avroNode
}

// avroCodec decodes one registered Avro schema.
type avroCodec struct {
	root *avroNode
	name string // the root's full name, or its type when unnamed
}

// compileAvro parses text after the referenced schemas deps (in dependency order), whose named
// types it may use, and compiles it for decoding.
func compileAvro(text string, deps []refSchema) (*avroCodec, error) {
	cache := &avro.SchemaCache{} // per schema id: ids do not share names
	for _, dep := range deps {
		if dep.schema.Type != sr.TypeAvro {
			return nil, fmt.Errorf("avro: reference %q is not an Avro schema", dep.name)
		}
		if _, err := avro.ParseWithCache(dep.schema.Schema.Schema, "", cache); err != nil {
			return nil, fmt.Errorf("avro: cannot parse reference %q: %w", dep.name, err)
		}
	}
	s, err := avro.ParseWithCache(text, "", cache)
	if err != nil {
		return nil, fmt.Errorf("avro: cannot parse the schema: %w", err)
	}
	c := &avroCodec{root: compileAvroNode(s, make(map[avro.Schema]*avroNode))}
	c.name = string(s.Type())
	if n, ok := s.(avro.NamedSchema); ok {
		c.name = n.FullName()
	}
	return c, nil
}

// describe names the root for an error: "record orders.Order".
func (c *avroCodec) describe() string {
	t := string(kindType(c.root.kind))
	if c.root.name != "" {
		return t + " " + c.root.name
	}
	return t
}

func kindType(k avroKind) avro.Type {
	switch k {
	case avRecord:
		return avro.Record
	case avEnum:
		return avro.Enum
	case avFixed, avDecimalFixed, avUUIDFixed, avDuration:
		return avro.Fixed
	case avArray:
		return avro.Array
	case avMap:
		return avro.Map
	case avUnion:
		return avro.Union
	}
	return "value"
}

// compileAvroNode compiles s; named types are compiled once (seen), so recursive types refer
// back to their node.
func compileAvroNode(s avro.Schema, seen map[avro.Schema]*avroNode) *avroNode {
	if ref, ok := s.(*avro.RefSchema); ok {
		s = ref.Schema()
	}
	if n, ok := seen[s]; ok {
		return n
	}
	n := &avroNode{}
	if named, ok := s.(avro.NamedSchema); ok {
		n.name = named.FullName()
		seen[s] = n
	}
	switch s := s.(type) {
	case *avro.NullSchema:
		n.kind = avNull
	case *avro.PrimitiveSchema:
		n.kind = primitiveKind(s)
		if d, ok := s.Logical().(*avro.DecimalLogicalSchema); ok && n.kind == avDecimalBytes {
			n.scale = d.Scale()
		}
	case *avro.RecordSchema:
		n.kind = avRecord
		n.fields = make([]avroField, len(s.Fields()))
		for i, f := range s.Fields() {
			key := appendJSONString(nil, []byte(f.Name()))
			n.fields[i] = avroField{name: f.Name(), key: append(key, ':'), node: compileAvroNode(f.Type(), seen)}
		}
	case *avro.EnumSchema:
		n.kind = avEnum
		for _, sym := range s.Symbols() {
			n.symbols = append(n.symbols, appendJSONString(nil, []byte(sym)))
		}
	case *avro.ArraySchema:
		n.kind = avArray
		n.items = compileAvroNode(s.Items(), seen)
	case *avro.MapSchema:
		n.kind = avMap
		n.items = compileAvroNode(s.Values(), seen)
	case *avro.UnionSchema:
		n.kind = avUnion
		for _, t := range s.Types() {
			n.branches = append(n.branches, compileAvroNode(t, seen))
		}
	case *avro.FixedSchema:
		n.kind, n.size = avFixed, s.Size()
		switch l := s.Logical().(type) {
		case *avro.DecimalLogicalSchema:
			n.kind, n.scale = avDecimalFixed, l.Scale()
		case avro.LogicalSchema:
			switch l.Type() {
			case avro.Duration:
				if s.Size() == 12 {
					n.kind = avDuration
				}
			case avro.UUID:
				if s.Size() == 16 {
					n.kind = avUUIDFixed
				}
			}
		}
	}
	return n
}

func primitiveKind(s *avro.PrimitiveSchema) avroKind {
	var logical avro.LogicalType
	if l := s.Logical(); l != nil {
		logical = l.Type()
	}
	switch s.Type() {
	case avro.Boolean:
		return avBoolean
	case avro.Int:
		switch logical {
		case avro.Date:
			return avDate
		case avro.TimeMillis:
			return avTimeMillis
		}
		return avInt
	case avro.Long:
		switch logical {
		case avro.TimeMicros:
			return avTimeMicros
		case avro.TimestampMillis:
			return avTimestampMillis
		case avro.TimestampMicros:
			return avTimestampMicros
		case avro.LocalTimestampMillis:
			return avLocalTimestampMillis
		case avro.LocalTimestampMicros:
			return avLocalTimestampMicros
		}
		return avLong
	case avro.Float:
		return avFloat
	case avro.Double:
		return avDouble
	case avro.Bytes:
		if logical == avro.Decimal {
			return avDecimalBytes
		}
		return avBytes
	case avro.String:
		return avString // uuid is a string already
	}
	return avNull
}

// decode returns payload as JSON.
func (c *avroCodec) decode(payload []byte) ([]byte, error) {
	r := avroReader{b: payload, budget: 4*len(payload) + 1024}
	dst, err := r.value(make([]byte, 0, 2*len(payload)+16), c.root, 0)
	if err != nil {
		return nil, err
	}
	if r.pos != len(r.b) {
		return nil, fmt.Errorf("%d bytes left over after the %s", len(r.b)-r.pos, c.describe())
	}
	return dst, nil
}

// avroPathError is a decoding failure with where in the value it happened.
type avroPathError struct {
	path   string
	reason string
}

func (e *avroPathError) Error() string {
	if e.path == "" {
		return e.reason
	}
	return "at " + e.path + ": " + e.reason
}

func atField(err error, name string) error {
	if pe, ok := err.(*avroPathError); ok {
		pe.path = "." + name + pe.path
		return pe
	}
	return err
}

func atIndex(err error, i int) error {
	if pe, ok := err.(*avroPathError); ok {
		pe.path = "[" + strconv.Itoa(i) + "]" + pe.path
		return pe
	}
	return err
}

func failf(format string, a ...any) error {
	return &avroPathError{reason: fmt.Sprintf(format, a...)}
}
