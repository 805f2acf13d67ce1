package schemas

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bufbuild/protocompile"
	"github.com/twmb/franz-go/pkg/sr"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// Protobuf records are decoded into a dynamicpb message of the message type their indexes name
// and printed with protojson:
//   - field names as the .proto spells them (UseProtoNames), enums by name;
//   - unpopulated fields are emitted (EmitUnpopulated: zero numbers, empty strings, null
//     messages), so every field of the message shows and a jq column `.count` reads 0, not
//     null, when the writer left it at its default; unset oneof members are left out, as
//     protojson does;
//   - well-known types (Timestamp, Duration, wrappers, Struct...) in their JSON forms, an Any
//     with its type's fields when that type is in the schema or its imports; 64-bit integers
//     are strings and bytes base64, as protojson writes them.

// protoCodec decodes records of one registered Protobuf schema.
type protoCodec struct {
	file      protoreflect.FileDescriptor
	fast      map[protoreflect.FullName]*pfMsg // messages the fast path decodes
	marshal   protojson.MarshalOptions
	unmarshal proto.UnmarshalOptions
}

// compileProto compiles text, with the referenced schemas deps as the files it imports (by
// reference name) and the well-known types protocompile carries.
func compileProto(ctx context.Context, id int, text string, deps []refSchema) (*protoCodec, error) {
	main := "schema-" + strconv.Itoa(id) + ".proto"
	srcs := map[string]string{main: text}
	for _, dep := range deps {
		if dep.schema.Type != sr.TypeProtobuf {
			return nil, fmt.Errorf("protobuf: reference %q is not a Protobuf schema", dep.name)
		}
		srcs[dep.name] = dep.schema.Schema.Schema
	}
	comp := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(srcs),
		}),
	}
	files, err := comp.Compile(ctx, main)
	if err != nil {
		return nil, fmt.Errorf("protobuf: cannot compile the schema: %w", err)
	}
	fd := files[0]
	reg := new(protoregistry.Files)
	if err := registerFile(reg, fd); err != nil {
		return nil, fmt.Errorf("protobuf: %w", err)
	}
	types := dynamicpb.NewTypes(reg)
	return &protoCodec{
		file: fd,
		fast: compileFastFile(fd),
		// AllowPartial: a proto2 message missing a required field is still shown, not refused.
		marshal:   protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true, AllowPartial: true, Resolver: types},
		unmarshal: proto.UnmarshalOptions{Resolver: types, AllowPartial: true},
	}, nil
}

// registerFile adds fd and everything it imports to reg, so an Any can name any message the
// schema can see.
func registerFile(reg *protoregistry.Files, fd protoreflect.FileDescriptor) error {
	if _, err := reg.FindFileByPath(fd.Path()); err == nil {
		return nil
	}
	imports := fd.Imports()
	for i := range imports.Len() {
		if err := registerFile(reg, imports.Get(i).FileDescriptor); err != nil {
			return err
		}
	}
	return reg.RegisterFile(fd)
}

// message finds the message the indexes name: the first is among the file's top-level
// messages, each next one among the previous one's nested messages.
func (c *protoCodec) message(indexes []int) (protoreflect.MessageDescriptor, error) {
	var md protoreflect.MessageDescriptor
	msgs := c.file.Messages()
	for depth, i := range indexes {
		if i >= msgs.Len() {
			where := "the schema"
			if md != nil {
				where = string(md.FullName())
			}
			return nil, fmt.Errorf("message index %v: %s has %d messages at depth %d, not %d",
				indexes, where, msgs.Len(), depth, i+1)
		}
		md = msgs.Get(i)
		msgs = md.Messages()
	}
	if md == nil {
		return nil, fmt.Errorf("the schema declares no message")
	}
	return md, nil
}

// decode reads the message indexes and the message after them, returning the message as JSON
// and the message's full name.
func (c *protoCodec) decode(rest []byte) ([]byte, string, error) {
	indexes, payload, err := messageIndexes(rest)
	if err != nil {
		return nil, "", err
	}
	md, err := c.message(indexes)
	if err != nil {
		return nil, "", err
	}
	if fm := c.fast[md.FullName()]; fm != nil {
		if out, err := fastMessage(make([]byte, 0, 2*len(payload)+16), fm, payload, 0); err == nil {
			return out, string(md.FullName()), nil
		}
	}
	return c.decodeMessage(md, payload)
}

// decodeMessage decodes payload as md with dynamicpb and prints it with protojson.
func (c *protoCodec) decodeMessage(md protoreflect.MessageDescriptor, payload []byte) ([]byte, string, error) {
	name := string(md.FullName())
	m := dynamicpb.NewMessage(md)
	if err := c.unmarshal.Unmarshal(payload, m); err != nil {
		return nil, name, err
	}
	text, err := c.marshal.Marshal(m)
	if err != nil {
		// The bytes parsed; what fails is printing, e.g. an Any whose type the schema and its
		// imports do not declare.
		return nil, name, &unprintableError{err}
	}
	return compactJSON(text), name, nil
}

// compactJSON drops the spaces protojson puts between tokens: it varies its spacing on purpose
// (so no one depends on its bytes), and the tail wants one compact form for every record. The
// input is protojson's, valid JSON, so knowing whether we are inside a string is enough; this
// works in place, where json.Compact would validate again and copy.
func compactJSON(b []byte) []byte {
	out := b[:0]
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			continue
		}
		out = append(out, c)
	}
	return out
}

// unprintableError is a message that decoded but that protojson cannot print.
type unprintableError struct{ err error }

func (e *unprintableError) Error() string { return e.err.Error() }
func (e *unprintableError) Unwrap() error { return e.err }
