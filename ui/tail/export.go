package tail

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/components/table"
)

// exportName proposes a file for an export: the topic and the time, in the
// current directory, with the characters a file name should not have
// replaced.
func (m *Model) exportName() string {
	name := strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, m.topic)
	return name + "-" + m.c.Now().Format("20060102-150405") + ".jsonl"
}

// exportNote is the status line after an export.
func exportNote(n int, path string) string {
	return fmt.Sprintf("exported %s to %s (JSON lines, as consume --json)", table.Counted(n, "record"), path)
}

// writeJSONL writes recs to a new file at path, one `consume --json` line
// each (decoded as consume decodes: decs[i] for recs[i], decs nil when
// nothing was framed); an existing file is never overwritten.
func writeJSONL(path string, recs []kafkaops.Record, decs []*recordjson.Decoding) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var buf []byte
	for i := range recs {
		var d *recordjson.Decoding
		if decs != nil {
			d = decs[i]
		}
		buf = recordjson.AppendDecoded(buf[:0], &recs[i], d)
		if _, err := w.Write(buf); err != nil {
			_ = f.Close()
			return fmt.Errorf("export to %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}
