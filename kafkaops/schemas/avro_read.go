package schemas

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"time"
)

// maxAvroDepth bounds nesting (recursive types such as a linked list): each level costs at
// least one byte, so hostile bytes could otherwise recurse as deep as the record is long.
const maxAvroDepth = 1000

// maxDecimalBytes bounds a decimal's unscaled value (38 digits need 16 bytes); a longer one is
// not a decimal any writer produces, and formatting a huge one would be slow.
const maxDecimalBytes = 64

// avroReader walks an Avro binary payload. budget bounds the number of array items and map
// entries, since an item of a null or empty-record type takes no bytes and a hostile block
// count could make the walk endless.
type avroReader struct {
	b      []byte
	pos    int
	budget int
}

func (r *avroReader) long() (int64, error) {
	u, n := binary.Uvarint(r.b[r.pos:])
	if n <= 0 {
		if n == 0 {
			return 0, failf("the data ends early")
		}
		return 0, failf("a number is longer than 64 bits")
	}
	r.pos += n
	return int64(u>>1) ^ -int64(u&1), nil // zig-zag
}

func (r *avroReader) int() (int32, error) {
	v, err := r.long()
	if err != nil {
		return 0, err
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, failf("%d does not fit an int", v)
	}
	return int32(v), nil
}

func (r *avroReader) next(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.pos {
		return nil, failf("the data ends early (%d bytes wanted, %d left)", n, len(r.b)-r.pos)
	}
	b := r.b[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

// lenBytes reads the length-prefixed body of a bytes or string value.
func (r *avroReader) lenBytes() ([]byte, error) {
	n, err := r.long()
	if err != nil {
		return nil, err
	}
	if n < 0 || n > int64(len(r.b)-r.pos) {
		return nil, failf("a length of %d does not fit the %d bytes left", n, len(r.b)-r.pos)
	}
	return r.next(int(n))
}

// blockCount reads the count that starts a block of an array or map; a negative count is
// followed by the block's size in bytes, which is not needed here.
func (r *avroReader) blockCount() (int64, error) {
	n, err := r.long()
	if err != nil {
		return 0, err
	}
	if n < 0 {
		if n == math.MinInt64 {
			return 0, failf("a block count is out of range")
		}
		n = -n
		if _, err := r.long(); err != nil {
			return 0, err
		}
	}
	if n > int64(r.budget) {
		return 0, failf("a block claims %d items, more than the data can hold", n)
	}
	r.budget -= int(n)
	return n, nil
}

// value appends the JSON form of the value of node n at the reader's position.
func (r *avroReader) value(dst []byte, n *avroNode, depth int) ([]byte, error) {
	if depth > maxAvroDepth {
		return dst, failf("values nest deeper than %d", maxAvroDepth)
	}
	switch n.kind {
	case avNull:
		return append(dst, "null"...), nil
	case avBoolean:
		b, err := r.next(1)
		if err != nil {
			return dst, err
		}
		switch b[0] {
		case 0:
			return append(dst, "false"...), nil
		case 1:
			return append(dst, "true"...), nil
		}
		return dst, failf("a boolean byte is %d, not 0 or 1", b[0])
	case avInt:
		v, err := r.int()
		return strconv.AppendInt(dst, int64(v), 10), err
	case avLong:
		v, err := r.long()
		return strconv.AppendInt(dst, v, 10), err
	case avFloat:
		b, err := r.next(4)
		if err != nil {
			return dst, err
		}
		return appendFloat(dst, float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), 32), nil
	case avDouble:
		b, err := r.next(8)
		if err != nil {
			return dst, err
		}
		return appendFloat(dst, math.Float64frombits(binary.LittleEndian.Uint64(b)), 64), nil
	case avBytes:
		b, err := r.lenBytes()
		if err != nil {
			return dst, err
		}
		return appendBase64(dst, b), nil
	case avString:
		b, err := r.lenBytes()
		if err != nil {
			return dst, err
		}
		return appendJSONString(dst, b), nil
	case avFixed:
		b, err := r.next(n.size)
		if err != nil {
			return dst, err
		}
		return appendBase64(dst, b), nil
	case avRecord:
		dst = append(dst, '{')
		for i := range n.fields {
			f := &n.fields[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, f.key...)
			var err error
			if dst, err = r.value(dst, f.node, depth+1); err != nil {
				return dst, atField(err, f.name)
			}
		}
		return append(dst, '}'), nil
	case avEnum:
		i, err := r.int()
		if err != nil {
			return dst, err
		}
		if i < 0 || int(i) >= len(n.symbols) {
			return dst, failf("enum %s has no symbol %d", n.name, i)
		}
		return append(dst, n.symbols[i]...), nil
	case avArray:
		return r.array(dst, n, depth)
	case avMap:
		return r.mapValue(dst, n, depth)
	case avUnion:
		i, err := r.long()
		if err != nil {
			return dst, err
		}
		if i < 0 || i >= int64(len(n.branches)) {
			return dst, failf("union branch %d does not exist (the union has %d)", i, len(n.branches))
		}
		return r.value(dst, n.branches[i], depth+1)
	}
	return r.logical(dst, n)
}

func (r *avroReader) array(dst []byte, n *avroNode, depth int) ([]byte, error) {
	dst = append(dst, '[')
	idx := 0
	for {
		count, err := r.blockCount()
		if err != nil {
			return dst, atIndex(err, idx)
		}
		if count == 0 {
			return append(dst, ']'), nil
		}
		for ; count > 0; count-- {
			if idx > 0 {
				dst = append(dst, ',')
			}
			if dst, err = r.value(dst, n.items, depth+1); err != nil {
				return dst, atIndex(err, idx)
			}
			idx++
		}
	}
}

func (r *avroReader) mapValue(dst []byte, n *avroNode, depth int) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	for {
		count, err := r.blockCount()
		if err != nil {
			return dst, err
		}
		if count == 0 {
			return append(dst, '}'), nil
		}
		for ; count > 0; count-- {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			key, err := r.lenBytes()
			if err != nil {
				return dst, err
			}
			dst = append(appendJSONString(dst, key), ':')
			if dst, err = r.value(dst, n.items, depth+1); err != nil {
				return dst, atField(err, strconv.Quote(string(key)))
			}
		}
	}
}

// logical appends the value of a logical type.
func (r *avroReader) logical(dst []byte, n *avroNode) ([]byte, error) {
	switch n.kind {
	case avDecimalBytes, avDecimalFixed:
		var b []byte
		var err error
		if n.kind == avDecimalBytes {
			b, err = r.lenBytes()
		} else {
			b, err = r.next(n.size)
		}
		if err != nil {
			return dst, err
		}
		if len(b) > maxDecimalBytes {
			return dst, failf("a decimal of %d bytes is longer than any writer makes", len(b))
		}
		return appendDecimal(dst, b, n.scale), nil
	case avDate:
		v, err := r.int()
		if err != nil {
			return dst, err
		}
		dst = append(dst, '"')
		dst = time.Unix(int64(v)*86400, 0).UTC().AppendFormat(dst, "2006-01-02")
		return append(dst, '"'), nil
	case avTimeMillis:
		v, err := r.int()
		return appendTimeOfDay(dst, int64(v), 3), err
	case avTimeMicros:
		v, err := r.long()
		return appendTimeOfDay(dst, v, 6), err
	case avTimestampMillis, avLocalTimestampMillis, avTimestampMicros, avLocalTimestampMicros:
		v, err := r.long()
		if err != nil {
			return dst, err
		}
		var t time.Time
		if n.kind == avTimestampMillis || n.kind == avLocalTimestampMillis {
			t = time.UnixMilli(v).UTC()
		} else {
			t = time.UnixMicro(v).UTC()
		}
		layout := "2006-01-02T15:04:05.999999Z07:00"
		if n.kind == avLocalTimestampMillis || n.kind == avLocalTimestampMicros {
			layout = "2006-01-02T15:04:05.999999"
		}
		dst = append(dst, '"')
		dst = t.AppendFormat(dst, layout)
		return append(dst, '"'), nil
	case avUUIDFixed:
		b, err := r.next(16)
		if err != nil {
			return dst, err
		}
		var s [36]byte
		hex.Encode(s[0:8], b[0:4])
		s[8] = '-'
		hex.Encode(s[9:13], b[4:6])
		s[13] = '-'
		hex.Encode(s[14:18], b[6:8])
		s[18] = '-'
		hex.Encode(s[19:23], b[8:10])
		s[23] = '-'
		hex.Encode(s[24:36], b[10:16])
		dst = append(dst, '"')
		dst = append(dst, s[:]...)
		return append(dst, '"'), nil
	case avDuration:
		b, err := r.next(12)
		if err != nil {
			return dst, err
		}
		dst = append(dst, `{"months":`...)
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[0:4])), 10)
		dst = append(dst, `,"days":`...)
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[4:8])), 10)
		dst = append(dst, `,"milliseconds":`...)
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[8:12])), 10)
		return append(dst, '}'), nil
	}
	return dst, failf("no decoder for this type")
}

// appendTimeOfDay writes a time-millis (digits 3) or time-micros (6) value as "15:04:05.000";
// a value outside one day, which no writer should make, stays a number.
func appendTimeOfDay(dst []byte, v int64, digits int) []byte {
	unit := int64(1000)
	if digits == 6 {
		unit = 1000000
	}
	if v < 0 || v >= 86400*unit {
		return strconv.AppendInt(dst, v, 10)
	}
	secs, frac := v/unit, v%unit
	dst = append(dst, '"')
	dst = appendPadded(dst, secs/3600, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, secs/60%60, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, secs%60, 2)
	dst = append(dst, '.')
	dst = appendPadded(dst, frac, digits)
	return append(dst, '"')
}

func appendPadded(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], v, 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// appendDecimal writes the two's-complement big-endian unscaled value b with scale digits after
// the point, exactly: 1230 with scale 2 is 12.30.
func appendDecimal(dst []byte, b []byte, scale int) []byte {
	var digits []byte
	neg := len(b) > 0 && b[0]&0x80 != 0
	if len(b) <= 8 {
		var v int64
		for _, c := range b {
			v = v<<8 | int64(c)
		}
		if neg { // sign-extend
			v |= -1 << (8 * len(b))
		}
		if neg {
			digits = strconv.AppendUint(nil, uint64(-v), 10) // -MinInt64 wraps to 1<<63, still right
		} else {
			digits = strconv.AppendUint(nil, uint64(v), 10)
		}
	} else {
		i := new(big.Int).SetBytes(b)
		if neg {
			i.Sub(i, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			i.Neg(i)
		}
		digits = i.Append(nil, 10)
	}
	if neg {
		dst = append(dst, '-')
	}
	if scale <= 0 {
		return append(dst, digits...)
	}
	if len(digits) <= scale {
		dst = append(dst, '0', '.')
		for i := len(digits); i < scale; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-scale]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-scale:]...)
}

// appendFloat writes f as a JSON number, or as the string protojson uses for NaN and infinities.
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Infinity"`...)
	}
	// Plain digits between 1e-6 and 1e21, exponent form outside, as encoding/json and
	// protojson write numbers, so both formats read alike.
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(dst, f, format, -1, bits)
}

func appendBase64(dst []byte, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"')
}
