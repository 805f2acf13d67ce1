package inspector

import (
	"fmt"

	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops/schemas"
)

// schemaLine is a line about the schema of the key or the value.
type schemaLine struct {
	text  string
	style lipgloss.Style
}

// schemaLines name the schema each decoded part was read with, and say
// why a framed part could not be decoded (it is then shown as it is).
// Everything from the registry (subject, type, error text) is escaped.
func (m *Model) schemaLines() []schemaLine {
	d := m.dec
	if d == nil {
		return nil
	}
	var out []schemaLine
	add := func(part string, dec *schemas.Decoded, err error) {
		switch {
		case dec != nil:
			out = append(out, schemaLine{part + ": " + describeSchema(dec), m.pal.muted})
		case err != nil:
			out = append(out, schemaLine{part + " not decoded, shown as bytes: " + safe.String(err.Error()), m.pal.note})
		}
	}
	add("key", d.Key, d.KeyErr)
	add("value", d.Value, d.ValueErr)
	return out
}

// describeSchema is "avro, id 7, orders-value v3, com.acme.Order".
func describeSchema(d *schemas.Decoded) string {
	s := fmt.Sprintf("%s, id %d", d.Format, d.SchemaID)
	if d.Subject != "" {
		s += ", " + safe.String(d.Subject)
		if d.Version > 0 {
			s += fmt.Sprintf(" v%d", d.Version)
		}
	}
	if d.Type != "" {
		s += ", " + safe.String(d.Type)
	}
	return s
}
