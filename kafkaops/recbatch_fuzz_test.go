package kafkaops

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go/protocol"
)

// FuzzRecordBatches feeds arbitrary bytes to the record-batch decoder, which
// reads what a broker sends: it may refuse them, but must never panic, and
// a record it keeps must lie within the batch's offsets.
func FuzzRecordBatches(f *testing.F) {
	for _, codec := range []protocol.Attributes{0, protocol.Gzip, protocol.Snappy, protocol.Lz4, protocol.Zstd} {
		in := protocol.RecordSet{
			Version:    2,
			Attributes: codec,
			Records: protocol.NewRecordReader(
				protocol.Record{Offset: 0, Time: time.UnixMilli(1000), Key: protocol.NewBytes([]byte("k")), Value: protocol.NewBytes([]byte("v0")),
					Headers: []protocol.Header{{Key: "h", Value: []byte("hv")}}},
				protocol.Record{Offset: 1, Time: time.UnixMilli(3000), Value: protocol.NewBytes([]byte("v1"))},
			),
		}
		var buf bytes.Buffer
		if _, err := in.WriteTo(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes()[4:])
	}
	f.Add(logAppendBatch(3, time.UnixMilli(1), time.UnixMilli(2)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var dec decompressor
		var a arena
		for n := 0; n < 64; n++ {
			h, rest, ok, err := nextBatch(b)
			if err != nil || !ok {
				return
			}
			b = rest
			// The CRC would refuse almost every mutation before the
			// records are read; the decoder must hold without it.
			_ = h.check()
			h.controlType()
			data, err := dec.records(&h)
			if err != nil {
				continue
			}
			d := recordDecoder{b: data}
			for i := int32(0); i < h.count && d.err == nil; i++ {
				var rec Record
				if decodeRecord(&d, &h, &a, &rec, h.base, -1, i%2 == 0) && rec.Offset < h.base {
					t.Fatalf("kept offset %d below the batch's base %d", rec.Offset, h.base)
				}
			}
		}
	})
}

// A batch that inflates past the bound is refused, not read whole.
func TestInflateBound(t *testing.T) {
	defer func(old int64) { maxInflated = old }(maxInflated)
	maxInflated = 1 << 20
	in := protocol.RecordSet{
		Version:    2,
		Attributes: protocol.Gzip,
		Records:    protocol.NewRecordReader(protocol.Record{Offset: 0, Value: protocol.NewBytes(make([]byte, 2<<20))}),
	}
	var buf bytes.Buffer
	if _, err := in.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	h, _, ok, err := nextBatch(buf.Bytes()[4:])
	if err != nil || !ok {
		t.Fatalf("batch: %v %v", ok, err)
	}
	var dec decompressor
	if _, err := dec.records(&h); err == nil || !strings.Contains(err.Error(), "inflates to more than 1 MiB") {
		t.Fatalf("a 2 MiB record under a 1 MiB bound: %v", err)
	}
	if dec.out.Len() > 1<<20+1 {
		t.Fatalf("read %d bytes past the bound", dec.out.Len())
	}
}
