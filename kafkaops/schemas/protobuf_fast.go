package schemas

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The fast path writes a Protobuf message as JSON straight from the wire bytes, the way the
// Avro decoder does, for the messages that need none of protojson's special cases: it gives
// the same JSON value protojson gives (a test compares the two on random messages) at a
// fraction of the cost (no dynamic message, no reflection per field). Anything it does not
// handle makes it step aside (errSlowPath) and protojson decodes the record: well-known types
// and Any, groups, messages with extension ranges, a singular message sent in several parts
// (protobuf merges them), strings that are not UTF-8, bytes that do not parse (protojson's error
// then says why).

var errSlowPath = errors.New("protobuf: left to protojson")

// maxFastDepth bounds nesting on the fast path; deeper messages go to protojson.
const maxFastDepth = 100

type pfField struct {
	num      protowire.Number
	key      []byte // `"name":`
	kind     protoreflect.Kind
	list     bool
	isMap    bool
	oneof    int  // index of its oneof (or proto3 optional) in the message, -1 if none: shown only when set
	presence bool // unset shows null
	msg      *pfMsg
	enum     map[int32][]byte // enum names as JSON strings
	closed   bool             // a proto2 enum: protobuf keeps unknown numbers aside, protojson omits them
	zeroEnum []byte           // the default enum value's JSON
	mapKey   *pfField
	mapVal   *pfField
}

type pfMsg struct {
	fields []pfField
	index  map[protowire.Number]int
}

// compileFast prepares md for the fast path, or returns nil when md (or a message it holds)
// needs protojson.
func compileFast(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]*pfMsg) *pfMsg {
	if m, ok := seen[md.FullName()]; ok {
		return m // recursive message: its compilation is under way or done
	}
	if strings.HasPrefix(string(md.FullName()), "google.protobuf.") || md.ExtensionRanges().Len() > 0 {
		return nil
	}
	m := &pfMsg{index: make(map[protowire.Number]int)}
	seen[md.FullName()] = m
	fds := md.Fields()
	for i := range fds.Len() {
		f, ok := compileFastField(fds.Get(i), seen)
		if !ok {
			seen[md.FullName()] = nil
			return nil
		}
		m.index[f.num] = len(m.fields)
		m.fields = append(m.fields, f)
	}
	return m
}

func compileFastField(fd protoreflect.FieldDescriptor, seen map[protoreflect.FullName]*pfMsg) (pfField, bool) {
	key := appendJSONString(nil, []byte(fd.TextName()))
	f := pfField{num: fd.Number(), key: append(key, ':'), kind: fd.Kind(), list: fd.IsList(), isMap: fd.IsMap(),
		oneof: -1, presence: fd.HasPresence()}
	if od := fd.ContainingOneof(); od != nil {
		f.oneof = od.Index()
	}
	switch fd.Kind() {
	case protoreflect.GroupKind:
		return f, false
	case protoreflect.MessageKind:
		if fd.IsMap() {
			k, ok1 := compileFastField(fd.MapKey(), seen)
			v, ok2 := compileFastField(fd.MapValue(), seen)
			if !ok1 || !ok2 {
				return f, false
			}
			f.mapKey, f.mapVal = &k, &v
			return f, true
		}
		if f.msg = compileFast(fd.Message(), seen); f.msg == nil {
			return f, false
		}
	case protoreflect.EnumKind:
		ed := fd.Enum()
		f.enum = make(map[int32][]byte)
		f.closed = ed.IsClosed()
		vals := ed.Values()
		for i := range vals.Len() {
			v := vals.Get(i)
			if _, dup := f.enum[int32(v.Number())]; !dup { // aliases: protojson shows the first
				f.enum[int32(v.Number())] = appendJSONString(nil, []byte(v.Name()))
			}
		}
		zero := int32(0)
		if ev := fd.DefaultEnumValue(); ev != nil {
			zero = int32(ev.Number())
		} else if vals.Len() > 0 && f.closed {
			zero = int32(vals.Get(0).Number()) // a proto2 enum defaults to its first value
		}
		f.zeroEnum = f.enumJSON(nil, zero)
	}
	return f, true
}

func (f *pfField) enumJSON(dst []byte, n int32) []byte {
	if name, ok := f.enum[n]; ok {
		return append(dst, name...)
	}
	return strconv.AppendInt(dst, int64(n), 10)
}

// occurrence is one field value in the wire bytes.
type occurrence struct {
	field int
	typ   protowire.Type
	val   []byte // the bytes of a length-delimited value
	num   uint64 // a varint or fixed value
}

// fastMessage appends the JSON of message m encoded in b.
func fastMessage(dst []byte, m *pfMsg, b []byte, depth int) ([]byte, error) {
	if depth > maxFastDepth {
		return dst, errSlowPath
	}
	var stack [32]occurrence
	occ := stack[:0]
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 || num > protowire.MaxValidNumber {
			return dst, errSlowPath
		}
		b = b[n:]
		i, ok := m.index[num]
		if !ok {
			// A field the schema does not declare (a newer writer): protojson leaves it out
			// too, and a message that could have extensions never comes here.
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return dst, errSlowPath
			}
			b = b[n:]
			continue
		}
		o := occurrence{field: i, typ: typ}
		switch typ {
		case protowire.VarintType:
			o.num, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			o.num = uint64(v)
		case protowire.Fixed64Type:
			o.num, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			o.val, n = protowire.ConsumeBytes(b)
		default:
			return dst, errSlowPath
		}
		if n < 0 || !wireTypeFits(&m.fields[i], typ) {
			return dst, errSlowPath
		}
		b = b[n:]
		occ = append(occ, o)
	}
	dst = append(dst, '{')
	first := true
	var err error
	for i := range m.fields {
		f := &m.fields[i]
		last, count := -1, 0
		for j := range occ {
			if occ[j].field == i {
				last = j
				count++
			}
		}
		if f.oneof >= 0 && (count == 0 || supersededInOneof(m, occ, last, f.oneof)) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, f.key...)
		switch {
		case f.isMap:
			dst, err = fastMap(dst, f, i, occ, depth)
		case f.list:
			dst = append(dst, '[')
			n := 0
			for j := range occ {
				if occ[j].field != i {
					continue
				}
				if dst, n, err = fastListItems(dst, f, &occ[j], n, depth); err != nil {
					return dst, err
				}
			}
			dst = append(dst, ']')
		case count == 0 && f.presence:
			dst = append(dst, "null"...)
		case count == 0:
			dst = fastZero(dst, f, depth)
		case f.kind == protoreflect.MessageKind && count > 1:
			return dst, errSlowPath // parts of one message are merged: protojson's job
		default:
			dst, err = fastValue(dst, f, &occ[last], depth)
		}
		if err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// supersededInOneof reports whether another member of the oneof comes after occurrence last:
// setting a member of a oneof clears the others, so only the last one set is shown.
func supersededInOneof(m *pfMsg, occ []occurrence, last, oneof int) bool {
	for j := last + 1; j < len(occ); j++ {
		if m.fields[occ[j].field].oneof == oneof && occ[j].field != occ[last].field {
			return true
		}
	}
	return false
}

func wireTypeFits(f *pfField, typ protowire.Type) bool {
	want := wireType(f.kind)
	if f.isMap {
		want = protowire.BytesType
	}
	return typ == want || f.list && typ == protowire.BytesType && want != protowire.BytesType
}

func wireType(k protoreflect.Kind) protowire.Type {
	switch k {
	case protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind, protoreflect.FloatKind:
		return protowire.Fixed32Type
	case protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind, protoreflect.DoubleKind:
		return protowire.Fixed64Type
	case protoreflect.StringKind, protoreflect.BytesKind, protoreflect.MessageKind:
		return protowire.BytesType
	}
	return protowire.VarintType
}

// fastListItems appends the items one occurrence of a repeated field holds: one value, or for
// a packed scalar field as many as its bytes carry.
func fastListItems(dst []byte, f *pfField, o *occurrence, n int, depth int) ([]byte, int, error) {
	var err error
	if o.typ != protowire.BytesType || wireType(f.kind) == protowire.BytesType {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst, err = fastValue(dst, f, o, depth)
		return dst, n + 1, err
	}
	b := o.val
	typ := wireType(f.kind)
	for len(b) > 0 {
		item := occurrence{typ: typ}
		var used int
		switch typ {
		case protowire.VarintType:
			item.num, used = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, used = protowire.ConsumeFixed32(b)
			item.num = uint64(v)
		default:
			item.num, used = protowire.ConsumeFixed64(b)
		}
		if used < 0 {
			return dst, n, errSlowPath
		}
		b = b[used:]
		if n > 0 {
			dst = append(dst, ',')
		}
		if dst, err = fastValue(dst, f, &item, depth); err != nil {
			return dst, n, err
		}
		n++
	}
	return dst, n, nil
}

// fastValue appends one scalar or message value.
func fastValue(dst []byte, f *pfField, o *occurrence, depth int) ([]byte, error) {
	v := o.num
	switch f.kind {
	case protoreflect.BoolKind:
		if v != 0 {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case protoreflect.Int32Kind, protoreflect.Sfixed32Kind:
		return strconv.AppendInt(dst, int64(int32(v)), 10), nil
	case protoreflect.Sint32Kind:
		return strconv.AppendInt(dst, int64(int32(protowire.DecodeZigZag(v&math.MaxUint32))), 10), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return strconv.AppendUint(dst, uint64(uint32(v)), 10), nil
	case protoreflect.Int64Kind, protoreflect.Sfixed64Kind:
		return quoted(strconv.AppendInt(append(dst, '"'), int64(v), 10)), nil
	case protoreflect.Sint64Kind:
		return quoted(strconv.AppendInt(append(dst, '"'), protowire.DecodeZigZag(v), 10)), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return quoted(strconv.AppendUint(append(dst, '"'), v, 10)), nil
	case protoreflect.FloatKind:
		return appendFloat(dst, float64(math.Float32frombits(uint32(v))), 32), nil
	case protoreflect.DoubleKind:
		return appendFloat(dst, math.Float64frombits(v), 64), nil
	case protoreflect.EnumKind:
		if _, known := f.enum[int32(v)]; !known && f.closed {
			return dst, errSlowPath
		}
		return f.enumJSON(dst, int32(v)), nil
	case protoreflect.StringKind:
		if !utf8.Valid(o.val) {
			return dst, errSlowPath
		}
		return appendJSONString(dst, o.val), nil
	case protoreflect.BytesKind:
		return appendBase64(dst, o.val), nil
	case protoreflect.MessageKind:
		return fastMessage(dst, f.msg, o.val, depth+1)
	}
	return dst, errSlowPath
}

func quoted(dst []byte) []byte { return append(dst, '"') }

// fastZero appends the value of a field the message does not carry.
func fastZero(dst []byte, f *pfField, depth int) []byte {
	switch f.kind {
	case protoreflect.BoolKind:
		return append(dst, "false"...)
	case protoreflect.StringKind, protoreflect.BytesKind:
		return append(dst, `""`...)
	case protoreflect.EnumKind:
		return append(dst, f.zeroEnum...)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return append(dst, `"0"`...)
	case protoreflect.MessageKind: // a map value without its message: an empty message
		out, _ := fastMessage(dst, f.msg, nil, depth+1)
		return out
	}
	return append(dst, '0')
}

type mapEntry struct {
	key     []byte // the key as JSON text, quoted
	sortKey string
	num     int64
	unum    uint64
	val     occurrence
	has     bool
}

// fastMap appends a map field: entries sorted by key as protojson sorts them, the last of
// equal keys kept.
func fastMap(dst []byte, f *pfField, i int, occ []occurrence, depth int) ([]byte, error) {
	var entries []mapEntry
	entry := &pfMsg{fields: []pfField{*f.mapKey, *f.mapVal},
		index: map[protowire.Number]int{1: 0, 2: 1}}
	for j := range occ {
		if occ[j].field != i {
			continue
		}
		var e mapEntry
		keyOcc := occurrence{typ: wireType(f.mapKey.kind)}
		b := occ[j].val
		for len(b) > 0 {
			num, typ, n := protowire.ConsumeTag(b)
			if n < 0 || (num != 1 && num != 2) || !wireTypeFits(&entry.fields[num-1], typ) || typ == protowire.StartGroupType {
				return dst, errSlowPath
			}
			b = b[n:]
			o := occurrence{field: int(num) - 1, typ: typ}
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return dst, errSlowPath
			}
			switch typ {
			case protowire.VarintType:
				o.num, _ = protowire.ConsumeVarint(b)
			case protowire.Fixed32Type:
				v, _ := protowire.ConsumeFixed32(b)
				o.num = uint64(v)
			case protowire.Fixed64Type:
				o.num, _ = protowire.ConsumeFixed64(b)
			case protowire.BytesType:
				o.val, _ = protowire.ConsumeBytes(b)
			}
			b = b[n:]
			if num == 1 {
				keyOcc = o
			} else {
				if e.has && f.mapVal.kind == protoreflect.MessageKind {
					return dst, errSlowPath // value sent in parts: merged by protobuf
				}
				e.val, e.has = o, true
			}
		}
		var err error
		if e.key, err = fastValue(nil, f.mapKey, &keyOcc, depth); err != nil {
			return dst, err
		}
		switch f.mapKey.kind {
		case protoreflect.StringKind:
			e.sortKey = string(keyOcc.val)
		case protoreflect.BoolKind:
			e.unum = min(keyOcc.num, 1)
		case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
			e.unum = uint64(uint32(keyOcc.num))
		case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
			e.unum = keyOcc.num
		case protoreflect.Sint32Kind:
			e.num = int64(int32(protowire.DecodeZigZag(keyOcc.num & math.MaxUint32)))
		case protoreflect.Sint64Kind:
			e.num = protowire.DecodeZigZag(keyOcc.num)
		case protoreflect.Int32Kind, protoreflect.Sfixed32Kind:
			e.num = int64(int32(keyOcc.num))
		default:
			e.num = int64(keyOcc.num)
		}
		if e.key[0] != '"' {
			e.key = quoted(append([]byte{'"'}, e.key...))
		}
		entries = append(entries, e)
	}
	// Sort stably by key and keep the last of equal keys, as a map filled in wire order would.
	slices.SortStableFunc(entries, func(a, b mapEntry) int {
		if c := strings.Compare(a.sortKey, b.sortKey); c != 0 {
			return c
		}
		if a.num != b.num {
			if a.num < b.num {
				return -1
			}
			return 1
		}
		if a.unum != b.unum {
			if a.unum < b.unum {
				return -1
			}
			return 1
		}
		return 0
	})
	dst = append(dst, '{')
	n := 0
	for k := range entries {
		if k+1 < len(entries) && string(entries[k+1].key) == string(entries[k].key) {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, entries[k].key...), ':')
		var err error
		if !entries[k].has {
			dst = fastZero(dst, f.mapVal, depth)
		} else if dst, err = fastValue(dst, f.mapVal, &entries[k].val, depth); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// compileFastFile prepares every message of fd, nested ones too, for the fast path; messages
// that need protojson are left out.
func compileFastFile(fd protoreflect.FileDescriptor) (fast map[protoreflect.FullName]*pfMsg) {
	defer func() {
		if recover() != nil {
			fast = nil // a descriptor this code did not foresee: protojson decodes everything
		}
	}()
	seen := make(map[protoreflect.FullName]*pfMsg)
	out := make(map[protoreflect.FullName]*pfMsg)
	var walk func(msgs protoreflect.MessageDescriptors)
	walk = func(msgs protoreflect.MessageDescriptors) {
		for i := range msgs.Len() {
			md := msgs.Get(i)
			if m := compileFast(md, seen); m != nil {
				out[md.FullName()] = m
			}
			walk(md.Messages())
		}
	}
	walk(fd.Messages())
	return out
}
