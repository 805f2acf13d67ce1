package recordjson

import (
	"encoding/binary"
	"time"
	"unsafe"
)

// appendTime appends t in UTC as timeLayout does, by hand: time's layout
// interpreter took a fifth of the CPU of `consume --json`. Years outside
// 0-9999 go through AppendFormat, which knows how to write them.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, timeLayout)
	}
	h, mi, s := t.Clock()
	ms := t.Nanosecond() / 1e6
	return append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-',
		byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':',
		byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), '.',
		byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

// plainJSONPrefix returns how many leading bytes of s, in whole words of 8,
// need no escaping in a JSON string: printable ASCII other than '"' and
// '\'. The byte loop of AppendString settles the rest.
func plainJSONPrefix[T string | []byte](s T) int {
	switch v := any(s).(type) {
	case []byte:
		return plainPrefix(v)
	case string:
		return plainPrefix(unsafe.Slice(unsafe.StringData(v), len(v))) // read only
	}
	return 0
}

func plainPrefix(s []byte) int {
	i := 0
	// Two words a turn: the loop's own cost was a third of the scan.
	for ; i+16 <= len(s); i += 16 {
		if plainWord(binary.LittleEndian.Uint64(s[i:]))|plainWord(binary.LittleEndian.Uint64(s[i+8:])) != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if plainWord(binary.LittleEndian.Uint64(s[i:])) != 0 {
			break
		}
	}
	return i
}

// plainWord is zero when the 8 bytes of w need no escaping in a JSON string
// (classic SWAR tests; a carry can only add false alarms, which the byte
// loop of AppendString then settles).
func plainWord(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - 0x20*ones) &^ w & highs // a byte below 0x20
	above := (w + 0x01*ones | w) & highs  // a byte of 0x7f or above
	q := w ^ 0x22*ones                    // zero where '"'
	b := w ^ 0x5c*ones                    // zero where '\'
	return below | above | (q-ones)&^q&highs | (b-ones)&^b&highs
}
