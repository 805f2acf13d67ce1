package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// maxDecodeNotes bounds the distinct reasons consume prints on stderr: bytes
// that do not match a schema can fail differently record by record, and a
// screenful of notes says all there is to say.
const maxDecodeNotes = 10

// recordDecoder reads the keys and values of consume's records through the
// cluster's Schema Registry. It exists only when a registry is configured
// and --decode is auto, so a consume without one pays nothing.
type recordDecoder struct {
	dec   *schemas.Decoder
	topic string
	// d is reused record after record: its JSON slices are the decoder's
	// (one allocation per decoded value) and are written out before the next.
	d recordjson.Decoding
	// noted are the reasons already told on stderr, each once.
	noted  map[string]bool
	stderr io.Writer
	// flush writes stdout's buffer first, so a note follows the records
	// before it.
	flush func() error
}

func newRecordDecoder(src schemas.Source, topic string, stderr io.Writer, flush func() error) *recordDecoder {
	return &recordDecoder{dec: schemas.NewDecoder(src), topic: topic, noted: map[string]bool{}, stderr: stderr, flush: flush}
}

// decode reads r's key and value. Unframed bytes leave their Field zero
// (written as today); a failure leaves the reason in Err and says it once
// on stderr.
func (rd *recordDecoder) decode(ctx context.Context, r *kafkaops.Record) *recordjson.Decoding {
	rd.field(ctx, &rd.d.Key, r, "key", r.Key)
	rd.field(ctx, &rd.d.Value, r, "value", r.Value)
	return &rd.d
}

func (rd *recordDecoder) field(ctx context.Context, f *recordjson.Field, r *kafkaops.Record, name string, b []byte) {
	*f = recordjson.Field{}
	if b == nil {
		return
	}
	*f = recordjson.FieldOf(rd.dec.Decode(ctx, b))
	if f.Err != "" {
		rd.note(r, name, f.Err)
	}
}

// note tells a reason on stderr the first time it comes, naming the first
// record it held back: one line per cause, not per record.
func (rd *recordDecoder) note(r *kafkaops.Record, name, reason string) {
	key := name + "\x00" + reason
	if rd.noted[key] || len(rd.noted) > maxDecodeNotes {
		return
	}
	rd.noted[key] = true
	_ = rd.flush()
	if len(rd.noted) > maxDecodeNotes {
		fmt.Fprintf(rd.stderr, "kafkatui: more records not decoded for other reasons; not shown (--json gives each record's reason)\n")
		return
	}
	fmt.Fprintf(rd.stderr, "kafkatui: %s/%d@%d: %s not decoded: %s\n", oneLine(rd.topic), r.Partition, r.Offset, name, oneLine(reason))
}

// appendRecordPlainDecoded is appendRecordPlain with decoded keys and
// values printed as their JSON.
func (f plainFormat) appendRecordPlainDecoded(dst []byte, r *kafkaops.Record, d *recordjson.Decoding) []byte {
	if f.keyDelim != "" {
		dst = appendPlainField(dst, r.Key, &d.Key)
		dst = append(dst, f.keyDelim...)
	}
	dst = appendPlainField(dst, r.Value, &d.Value)
	return append(dst, '\n')
}

func appendPlainField(dst, raw []byte, f *recordjson.Field) []byte {
	if f.JSON != nil {
		return safe.AppendText(dst, f.JSON)
	}
	return safe.AppendText(dst, raw)
}

// parseDecode checks --decode.
func parseDecode(s string) (auto bool, err error) {
	switch s {
	case "auto", "":
		return true, nil
	case "raw":
		return false, nil
	}
	return false, usagef("--decode %q: want auto (decode records framed for a Schema Registry) or raw", s)
}

// consumeDecoder is the decoder of a consume: nil when --decode is raw or
// no Schema Registry is configured for the cluster.
func (a *app) consumeDecoder(ctx context.Context, auto bool, topic string, stderr io.Writer) (*recordDecoder, error) {
	if !auto {
		return nil, nil
	}
	cfg, ok, err := a.registryFor(ctx, a.target.cluster, a.explicit)
	if err != nil {
		return nil, withRawHint(err)
	}
	if !ok {
		return nil, nil
	}
	reg, err := schemas.NewRegistry(cfg)
	if err != nil {
		return nil, withRawHint(err)
	}
	return newRecordDecoder(reg, topic, stderr, nil), nil
}

// withRawHint adds the way around a registry set up wrong to its error,
// keeping a usage error one (its exit status and help line).
func withRawHint(err error) error {
	const hint = " (or give --decode raw to read the records undecoded)"
	var ue *usageError
	if errors.As(err, &ue) {
		return usagef("%s%s", err.Error(), hint)
	}
	return fmt.Errorf("%w%s", err, hint)
}
