package tail

import (
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
)

const (
	// keyBytes and valueBytes bound what a row keeps of the key and value:
	// enough for the widest terminal, so a 1 MB value costs its row no
	// more than a short one.
	keyBytes   = 96
	valueBytes = 512
	// maxKeyWidth caps the key column.
	maxKeyWidth = 24
)

// row is a record's cells in one string (one allocation): time,
// partition, offset, key, header count and the value preview, ends[i]
// being where cell i ends.
type row struct {
	text string
	ends [5]uint16
}

const (
	cellTime = iota
	cellPart
	cellOffset
	cellKey
	cellHeaders
	cellValue
)

func (r *row) cell(i int) string {
	start := 0
	if i > 0 {
		start = int(r.ends[i-1])
	}
	if i == cellValue {
		return r.text[start:]
	}
	return r.text[start:r.ends[i]]
}

// formatRow builds rec's row, for View. Key and value go through internal/safe: an
// escape sequence in a message shows as the text \x1b[2J.
func formatRow(rec *kafkaops.Record, loc *time.Location) row {
	b := make([]byte, 0, 48+min(len(rec.Key), keyBytes)+min(len(rec.Value), valueBytes))
	var r row
	if rec.Time.IsZero() {
		b = append(b, '-')
	} else {
		b = rec.Time.In(loc).AppendFormat(b, "15:04:05.000")
	}
	r.ends[cellTime] = uint16(len(b))
	b = strconv.AppendInt(b, int64(rec.Partition), 10)
	r.ends[cellPart] = uint16(len(b))
	b = strconv.AppendInt(b, rec.Offset, 10)
	r.ends[cellOffset] = uint16(len(b))
	if rec.Key != nil {
		b = appendKeyPreview(b, rec.Key)
	}
	r.ends[cellKey] = uint16(len(b))
	if len(rec.Headers) > 0 {
		b = strconv.AppendInt(b, int64(len(rec.Headers)), 10)
	}
	r.ends[cellHeaders] = uint16(len(b))
	if rec.Value == nil {
		b = append(b, "(null)"...)
	} else {
		b = appendPreview(b, rec.Value, valueBytes)
	}
	// b is never written again: the string shares its bytes rather than
	// copying them, one allocation per record instead of two.
	r.text = unsafe.String(unsafe.SliceData(b), len(b))
	return r
}

// appendPreview appends at most limit bytes of v, cut on a character
// boundary, made safe; "…" marks a cut.
func appendPreview(dst, v []byte, limit int) []byte {
	if len(v) <= limit {
		return safe.AppendText(dst, v)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	dst = safe.AppendText(dst, v[:cut])
	return append(dst, "…"...)
}

// appendKeyPreview is appendPreview for a key, in the Name form: keys are
// compared by eye, so an invisible character in one shows as an escape.
func appendKeyPreview(dst, key []byte) []byte {
	if len(key) <= keyBytes {
		return safe.AppendName(dst, key)
	}
	cut := keyBytes
	for cut > 0 && !utf8.RuneStart(key[cut]) {
		cut--
	}
	dst = safe.AppendName(dst, key[:cut])
	return append(dst, "…"...)
}

// keyWidth is the width of rec's key cell as formatRow would write it,
// using scratch (returned for reuse) instead of allocating.
func keyWidth(key, scratch []byte) (int, []byte) {
	if key == nil {
		return 0, scratch
	}
	scratch = appendKeyPreview(scratch[:0], key)
	return textWidth(unsafe.String(unsafe.SliceData(scratch), len(scratch))), scratch
}

// digits is the length of n in decimal.
func digits(n int64) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}
