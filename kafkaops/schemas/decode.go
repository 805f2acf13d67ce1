package schemas

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
)

// Format is the schema language of a decoded key or value, spelled as `consume --json` prints it.
type Format string

// The formats a Schema Registry knows.
const (
	FormatAvro       Format = "avro"
	FormatProtobuf   Format = "protobuf"
	FormatJSONSchema Format = "json-schema"
)

// Decoded is one key or value read through its schema.
type Decoded struct {
	// JSON is the value as compact JSON text, fields in the schema's order. It is the caller's.
	JSON []byte
	// SchemaID is the id from the record's header.
	SchemaID int
	// Format is the schema's language.
	Format Format
	// Type names what was decoded: the Avro schema's full name (or its type, for an unnamed
	// one), the Protobuf message's full name; empty for JSON Schema.
	Type string
	// Schema is the schema text as the registry holds it, for the inspector's schema view.
	Schema string
	// References are the schemas this one refers to, as the registry lists them (shared
	// between records: read, do not modify).
	References []sr.SchemaReference
	// Subject and Version are where the schema is registered, when the Source can say
	// (UsageSource); empty and 0 otherwise. With several, the first the registry lists.
	Subject string
	Version int
}

// retryAfter is how long a schema that could not be fetched or parsed is remembered as failed
// before the registry is asked again: a tail of records with one unknown id must not send a
// request per record, and a registry that comes back must be used again.
const retryAfter = 10 * time.Second

// maxRefDepth bounds the chain of references a schema may pull in, so a cycle in a registry's
// references cannot recurse without end.
const maxRefDepth = 32

// Decoder turns framed keys and values into JSON with schemas from a Source. Each schema is
// fetched and parsed once per id (concurrent first uses of an id share one fetch); it is safe
// for concurrent use.
type Decoder struct {
	src Source
	now func() time.Time

	mu   sync.Mutex
	byID map[int]*entry
	refs map[refKey]sr.SubjectSchema
}

// entry is one schema id in the cache; ready is closed once c or err is set.
type entry struct {
	ready chan struct{}
	c     *compiled
	err   error
	at    time.Time
}

type refKey struct {
	subject string
	version int
}

// compiled is a schema parsed for decoding.
type compiled struct {
	id      int
	format  Format
	text    string
	refs    []sr.SchemaReference
	subject string
	version int
	avro    *avroCodec
	proto   *protoCodec
}

// NewDecoder returns a Decoder that reads schemas from src.
func NewDecoder(src Source) *Decoder {
	return &Decoder{
		src:  src,
		now:  time.Now,
		byID: make(map[int]*entry),
		refs: make(map[refKey]sr.SubjectSchema),
	}
}

// Decode reads b, a key or value, through the schema its header names. Bytes without the
// Confluent framing give ErrNotFramed (show them as they are); a schema that cannot be fetched
// or parsed, or bytes that do not match it, give an error that says why, meant for the user.
func (d *Decoder) Decode(ctx context.Context, b []byte) (Decoded, error) {
	id, rest, ok := Framed(b)
	if !ok {
		return Decoded{}, ErrNotFramed
	}
	c, err := d.schema(ctx, id)
	if err != nil {
		return Decoded{}, err
	}
	out := Decoded{
		SchemaID:   id,
		Format:     c.format,
		Schema:     c.text,
		References: c.refs,
		Subject:    c.subject,
		Version:    c.version,
	}
	switch c.format {
	case FormatAvro:
		out.Type = c.avro.name
		out.JSON, err = c.avro.decode(rest)
		if err != nil {
			return out, fmt.Errorf("avro: bytes do not match schema %d (%s): %w", id, c.avro.describe(), err)
		}
	case FormatProtobuf:
		var name string
		out.JSON, name, err = c.proto.decode(rest)
		out.Type = name
		if err != nil {
			return out, protobufError(id, name, err)
		}
	case FormatJSONSchema:
		out.JSON, err = decodeJSONPayload(rest)
		if err != nil {
			return out, fmt.Errorf("json-schema: the payload of schema %d is not JSON: %w", id, err)
		}
	}
	return out, nil
}

// Schema returns the schema with id as the decoder has it (fetching it if need be), for a view
// of the schema before any record was decoded with it.
func (d *Decoder) Schema(ctx context.Context, id int) (Decoded, error) {
	c, err := d.schema(ctx, id)
	if err != nil {
		return Decoded{}, err
	}
	out := Decoded{SchemaID: id, Format: c.format, Schema: c.text, References: c.refs,
		Subject: c.subject, Version: c.version}
	if c.avro != nil {
		out.Type = c.avro.name
	}
	return out, nil
}

// schema returns the parsed schema for id, fetching it once for all concurrent callers.
func (d *Decoder) schema(ctx context.Context, id int) (*compiled, error) {
	d.mu.Lock()
	e, ok := d.byID[id]
	if ok {
		select {
		case <-e.ready:
			if e.err != nil && d.now().Sub(e.at) >= retryAfter {
				ok = false // failed long enough ago: ask again
			}
		default:
		}
	}
	if !ok {
		e = &entry{ready: make(chan struct{})}
		d.byID[id] = e
		d.mu.Unlock()
		e.c, e.err = d.load(ctx, id)
		e.at = d.now()
		if e.err != nil && ctx.Err() != nil {
			// The caller gave up; that says nothing about the schema, so the next caller asks.
			d.mu.Lock()
			if d.byID[id] == e {
				delete(d.byID, id)
			}
			d.mu.Unlock()
		}
		close(e.ready)
		return e.c, e.err
	}
	d.mu.Unlock()
	select {
	case <-e.ready:
		if e.err != nil && ctx.Err() == nil && isContextErr(e.err) {
			return d.schema(ctx, id) // the fetching caller gave up, this one has not: ask again
		}
		return e.c, e.err
	case <-ctx.Done():
		return nil, fmt.Errorf("schema %d: %w", id, ctx.Err())
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// load fetches and parses schema id with its references.
func (d *Decoder) load(ctx context.Context, id int) (c *compiled, err error) {
	defer func() {
		// Schema text comes from outside; a parser that trips on it must not take the program
		// down with it (decoding runs in the UI's commands).
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("schema %d: the schema could not be parsed: %v", id, r)
		}
	}()
	s, err := d.src.SchemaByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("schema %d: %w", id, registryError(err))
	}
	c = &compiled{id: id, text: s.Schema, refs: s.References}
	var deps []refSchema
	if len(s.References) > 0 {
		seen := make(map[refKey]bool)
		if deps, err = d.references(ctx, s.References, seen, &[]refSchema{}, 0); err != nil {
			return nil, fmt.Errorf("schema %d: %w", id, err)
		}
	}
	switch s.Type {
	case sr.TypeAvro:
		c.format = FormatAvro
		c.avro, err = compileAvro(s.Schema, deps)
	case sr.TypeProtobuf:
		c.format = FormatProtobuf
		c.proto, err = compileProto(ctx, id, s.Schema, deps)
	case sr.TypeJSON:
		c.format = FormatJSONSchema
	default:
		err = fmt.Errorf("unknown schema type %v", s.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("schema %d: %w", id, err)
	}
	if us, ok := d.src.(UsageSource); ok {
		if uses, err := us.SchemaUsagesByID(ctx, id); err == nil && len(uses) > 0 {
			c.subject, c.version = uses[0].Subject, uses[0].Version
		}
	}
	return c, nil
}

// refSchema is a referenced schema: the name it is referred to by and its text.
type refSchema struct {
	name   string
	schema sr.SubjectSchema
}

// references fetches refs and everything they refer to, and returns them with every schema
// after the ones it refers to (the order Avro needs to parse them).
func (d *Decoder) references(ctx context.Context, refs []sr.SchemaReference, seen map[refKey]bool, out *[]refSchema, depth int) ([]refSchema, error) {
	if depth >= maxRefDepth {
		return nil, fmt.Errorf("references nest deeper than %d", maxRefDepth)
	}
	for _, ref := range refs {
		k := refKey{ref.Subject, ref.Version}
		if seen[k] {
			continue
		}
		seen[k] = true
		s, err := d.reference(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("reference %q (subject %s version %d): %w", ref.Name, ref.Subject, ref.Version, err)
		}
		if _, err := d.references(ctx, s.References, seen, out, depth+1); err != nil {
			return nil, err
		}
		*out = append(*out, refSchema{name: ref.Name, schema: s})
	}
	return *out, nil
}

// reference returns the schema registered as subject/version, asking the Source once.
func (d *Decoder) reference(ctx context.Context, k refKey) (sr.SubjectSchema, error) {
	d.mu.Lock()
	s, ok := d.refs[k]
	d.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := d.src.SchemaByVersion(ctx, k.subject, k.version)
	if err != nil {
		return s, registryError(err)
	}
	if k.version > 0 { // "latest" (-1) may change, a numbered version does not
		d.mu.Lock()
		d.refs[k] = s
		d.mu.Unlock()
	}
	return s, nil
}

// registryError says in words what the registry answered.
func registryError(err error) error {
	// A Registry's errors already say it in words; only not-found is
	// shortened, the schema id before it saying what was not found.
	var ours *Error
	if errors.As(err, &ours) {
		if errors.Is(ours.Kind, ErrNotFound) {
			return errors.New("not found in the registry")
		}
		return ours
	}
	var re *sr.ResponseError
	if errors.As(err, &re) {
		switch {
		case re.StatusCode == http.StatusNotFound:
			return errors.New("not found in the registry")
		case re.StatusCode == http.StatusUnauthorized || re.StatusCode == http.StatusForbidden:
			return fmt.Errorf("the registry refused access (HTTP %d): %s", re.StatusCode, re.Error())
		}
		return fmt.Errorf("the registry answered HTTP %d: %s", re.StatusCode, re.Error())
	}
	if isContextErr(err) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("cannot reach the registry: %w", err)
	}
	// The registry answered, but not with what a Schema Registry answers (an HTML page, say).
	return fmt.Errorf("the registry's answer is not a schema: %w", err)
}

// protobufError says whether the bytes did not parse or the message cannot be printed.
func protobufError(id int, name string, err error) error {
	var unprintable *unprintableError
	if errors.As(err, &unprintable) {
		return fmt.Errorf("protobuf: schema %d%s: cannot show as JSON: %w", id, describeMessage(name), unprintable.err)
	}
	return fmt.Errorf("protobuf: bytes do not match schema %d%s: %w", id, describeMessage(name), err)
}

func describeMessage(name string) string {
	if name == "" {
		return ""
	}
	return " (message " + name + ")"
}
