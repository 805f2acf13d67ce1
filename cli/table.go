package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kafkatui/kafkatui/internal/numfmt"
	"github.com/kafkatui/kafkatui/internal/safe"
)

// The headers of the human tables, the same labels as the panes' columns
// for the same data (TestHeadersMatchThePanes compares them with the
// panes' goldens). Markers as newTable reads them.
var (
	topicsHeader     = []string{"NAME", "PARTITIONS>", "RF>", "OFFSETS>", "UNDER-REPL>", "OFFLINE>"}
	partitionsHeader = []string{"PARTITION>", "LEADER>", "REPLICAS", "ISR", "OFFLINE-REPLICAS?", "LOW>", "HIGH>", "OFFSETS>", "STATUS"}
	groupsHeader     = []string{"GROUP", "STATE", "PROTOCOL-TYPE", "MEMBERS>", "COORDINATOR>", "LAG>", "EXPIRED>?", "ERROR?"}
	membersHeader    = []string{"MEMBER", "CLIENT-ID", "HOST", "ASSIGNED"}
	offsetsHeader    = []string{"TOPIC", "PARTITION>", "COMMITTED>", "LOG-END>", "LAG>", "OWNER", "ERROR?"}
	resetHeader      = []string{"PARTITION>", "CURRENT>", "NEW>", "LOG-START>", "LOG-END>", "LAG-BEFORE>", "LAG-AFTER>"}
	resetAllHeader   = append([]string{"TOPIC"}, resetHeader...)
)

// table lays out rows in aligned columns: text left-aligned, numbers
// right-aligned so their digits line up. (text/tabwriter aligns every column
// the same way, which leaves numbers ragged.) Cells pass through safe.String:
// names and ids come from the cluster and may hold anything.
type table struct {
	header   []string
	right    []bool
	optional []bool
	rows     [][]string
}

// newTable starts a table. A header name ending in ">" marks a right-aligned
// (numeric) column; one ending in "?" a column left out when every cell is
// empty (an ERROR column on a healthy cluster). Markers are not printed.
func newTable(header ...string) *table {
	n := len(header)
	t := &table{header: make([]string, n), right: make([]bool, n), optional: make([]bool, n)}
	for i, h := range header {
		if strings.HasSuffix(h, "?") {
			t.optional[i] = true
			h = strings.TrimSuffix(h, "?")
		}
		if strings.HasSuffix(h, ">") {
			t.right[i] = true
			h = strings.TrimSuffix(h, ">")
		}
		t.header[i] = h
	}
	return t
}

func (t *table) add(cells ...string) {
	row := make([]string, len(t.header))
	for i := range row {
		if i < len(cells) {
			row[i] = safe.String(cells[i])
		}
	}
	t.rows = append(t.rows, row)
}

func (t *table) write(w io.Writer) error {
	cols := t.visible()
	widths := make([]int, len(t.header))
	for _, i := range cols {
		widths[i] = utf8.RuneCountInString(t.header[i])
		for _, r := range t.rows {
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	bw := bufio.NewWriter(w)
	line := func(cells []string) {
		// Trailing empty cells would only add trailing spaces.
		last := len(cols) - 1
		for last > 0 && cells[cols[last]] == "" {
			last--
		}
		for k, i := range cols[:last+1] {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cells[i]))
			if k > 0 {
				bw.WriteString("  ")
			}
			if t.right[i] {
				bw.WriteString(pad)
				bw.WriteString(cells[i])
			} else {
				bw.WriteString(cells[i])
				if k < last {
					bw.WriteString(pad)
				}
			}
		}
		bw.WriteByte('\n')
	}
	line(t.header)
	for _, r := range t.rows {
		line(r)
	}
	return bw.Flush()
}

// visible lists the columns to print: all but optional ones with no values.
func (t *table) visible() []int {
	cols := make([]int, 0, len(t.header))
	for i := range t.header {
		if t.optional[i] && !slices.ContainsFunc(t.rows, func(r []string) bool { return r[i] != "" }) {
			continue
		}
		cols = append(cols, i)
	}
	return cols
}

// num formats a quantity the way every table of kafkatui does
// (numfmt.Group): 1234567 is "1,234,567".
func num[T ~int | ~int32 | ~int64](n T) string { return numfmt.Group(n) }

// id formats an identifier (partition number, broker id) plain: it is
// typed back into commands, not read as a size, so it gets no separators.
func id[T ~int | ~int32 | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }

// ids formats broker ids as "1,2,3", or "-" when there are none.
func ids(v []int32) string {
	if len(v) == 0 {
		return "-"
	}
	parts := make([]string, len(v))
	for i, id := range v {
		parts[i] = strconv.Itoa(int(id))
	}
	return strings.Join(parts, ",")
}

// writeJSON writes v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// orEmpty turns a nil slice into an empty one so JSON shows [] not null.
func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
