package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/twmb/franz-go/pkg/sr"
)

// maxSchemaFile bounds a schema file read for register and check; a
// registry refuses far smaller ones (Confluent's default is 1 MiB).
const maxSchemaFile = 16 << 20

// readSchemaFile reads FILE (or standard input for "-") and the type its
// extension says, unless --type was given.
func (a *app) readSchemaFile(path, typeFlag string) (sr.Schema, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(a.env.Stdin, maxSchemaFile+1))
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, maxSchemaFile+1))
			f.Close()
		}
	}
	if err != nil {
		return sr.Schema{}, err
	}
	if len(data) > maxSchemaFile {
		return sr.Schema{}, fmt.Errorf("%s is larger than %d MiB: not a schema", path, maxSchemaFile>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return sr.Schema{}, fmt.Errorf("%s is empty", path)
	}
	var t sr.SchemaType
	if typeFlag != "" {
		if t, err = parseSchemaType(typeFlag); err != nil {
			return sr.Schema{}, err
		}
	} else {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".avsc", ".avro":
			t = sr.TypeAvro
		case ".proto":
			t = sr.TypeProtobuf
		case ".json":
			// A JSON Schema; but Avro schemas are often kept in .json
			// files too, and registering one as JSON Schema succeeds and
			// breaks every reader later.
			if looksAvro(data) {
				return sr.Schema{}, usagef("%s looks like an Avro schema: give --type avro (or --type json if it is a JSON Schema)", path)
			}
			t = sr.TypeJSON
		default:
			return sr.Schema{}, usagef("cannot tell the format of %s from its name (.avsc, .proto, .json): give --type avro, protobuf or json", path)
		}
	}
	return sr.Schema{Schema: string(data), Type: t}, nil
}

// looksAvro reports whether JSON text is an Avro named type or union.
func looksAvro(data []byte) bool {
	var v struct {
		Type any `json:"type"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		var union []any
		return json.Unmarshal(data, &union) == nil
	}
	switch v.Type {
	case "record", "enum", "fixed":
		return true
	}
	return false
}
