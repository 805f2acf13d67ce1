package common

import (
	"context"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// RecordDecoder reads keys and values framed for a Schema Registry
// (*schemas.Decoder, which caches each schema once fetched). The command
// line opens one per cluster that has a registry; nil where none is
// configured, and then nothing is decoded.
type RecordDecoder interface {
	Decode(ctx context.Context, b []byte) (schemas.Decoded, error)
}

// Decoding is what a Schema Registry made of a record's key and value:
// each part either decoded (Key, Value) or not, with why (KeyErr,
// ValueErr); both nil for a part without the registry's framing, which is
// shown as it is.
type Decoding struct {
	Key, Value       *schemas.Decoded
	KeyErr, ValueErr error
}

// Decode reads rec's key and value with dec. It returns nil when neither
// is framed (the common case of a topic without schemas costs a byte
// check per part, no allocation) or dec is nil. It does I/O the first time
// a schema id is met: call it from a Cmd.
func Decode(ctx context.Context, dec RecordDecoder, rec *kafkaops.Record) *Decoding {
	if dec == nil {
		return nil
	}
	_, _, kf := schemas.Framed(rec.Key)
	_, _, vf := schemas.Framed(rec.Value)
	if !kf && !vf {
		return nil
	}
	d := new(Decoding)
	if kf {
		d.Key, d.KeyErr = decodePart(ctx, dec, rec.Key)
	}
	if vf {
		d.Value, d.ValueErr = decodePart(ctx, dec, rec.Value)
	}
	return d
}

func decodePart(ctx context.Context, dec RecordDecoder, b []byte) (*schemas.Decoded, error) {
	out, err := dec.Decode(ctx, b)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Shown is rec as a pane shows it and its filters read it: a decoded key
// or value replaced by its JSON. The raw bytes stay in rec for the
// inspector's hex view, copies and re-producing.
func (d *Decoding) Shown(rec kafkaops.Record) kafkaops.Record {
	if d == nil {
		return rec
	}
	if d.Key != nil {
		rec.Key = d.Key.JSON
	}
	if d.Value != nil {
		rec.Value = d.Value.JSON
	}
	return rec
}
