package tail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/itchyny/gojq"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// filterSyntax is the filter grammar, for help and error messages.
const filterSyntax = "text | re:REGEX | key:… | value:… | header:NAME=… | jq:EXPR"

// field is what part of a record a text filter looks at.
type field int

const (
	fieldAny field = iota // key, value and header values
	fieldKey
	fieldValue
	fieldHeader
)

// filter is a compiled `/` filter:
//
//	text                 substring of the key, the value or a header value
//	re:REGEX             regular expression (RE2) over the same
//	key:… value:…        only the key or the value; text or re:REGEX after it
//	header:NAME=…        only header NAME's value; NAME= alone matches its presence
//	jq:EXPR              jq over JSON values: matches when EXPR's first
//	                     result is neither false nor null; non-JSON values
//	                     never match
//
// Text is matched case-sensitively, as grep does; re:(?i)… ignores case.
type filter struct {
	src    string
	field  field
	header string
	text   []byte
	re     *regexp.Regexp
	jq     *jqExpr
}

// compileFilter parses a filter; "" is no filter (nil).
func compileFilter(src string) (*filter, error) {
	s := strings.TrimSpace(src)
	if s == "" {
		return nil, nil
	}
	f := &filter{src: s}
	if rest, ok := strings.CutPrefix(s, "jq:"); ok {
		code, err := compileJQ(rest)
		if err != nil {
			return nil, err
		}
		f.jq = code
		return f, nil
	}
	switch {
	case strings.HasPrefix(s, "key:"):
		f.field, s = fieldKey, s[len("key:"):]
	case strings.HasPrefix(s, "value:"):
		f.field, s = fieldValue, s[len("value:"):]
	case strings.HasPrefix(s, "header:"):
		name, pat, ok := strings.Cut(s[len("header:"):], "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("header filter %q: want header:NAME=TEXT (or NAME= for any value)", src)
		}
		f.field, f.header, s = fieldHeader, name, pat
	}
	if rest, ok := strings.CutPrefix(s, "re:"); ok {
		re, err := regexp.Compile(rest)
		if err != nil {
			return nil, fmt.Errorf("regular expression %q: %w", rest, unwrapSyntax(err))
		}
		f.re = re
		return f, nil
	}
	f.text = []byte(s)
	return f, nil
}

// unwrapSyntax keeps regexp's own words ("missing closing )") without
// repeating the expression it already quotes.
func unwrapSyntax(err error) error {
	var se *syntax.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%s", se.Code)
	}
	return err
}

// match reports whether r passes the filter. j is r's value parsed as JSON,
// shared with the jq columns so a record is parsed once.
func (f *filter) match(r *kafkaops.Record, j *jsonValue) bool {
	if f.jq != nil {
		v, ok := j.get(r.Value)
		if !ok {
			return false
		}
		out, ok := f.jq.first(v)
		return ok && out != nil && out != false
	}
	switch f.field {
	case fieldKey:
		return f.matchBytes(r.Key)
	case fieldValue:
		return f.matchBytes(r.Value)
	case fieldHeader:
		for _, h := range r.Headers {
			if h.Key == f.header && f.matchBytes(h.Value) {
				return true
			}
		}
		return false
	}
	if f.matchBytes(r.Key) || f.matchBytes(r.Value) {
		return true
	}
	for _, h := range r.Headers {
		if f.matchBytes(h.Value) {
			return true
		}
	}
	return false
}

func (f *filter) matchBytes(b []byte) bool {
	if f.re != nil {
		return f.re.Match(b)
	}
	return bytes.Contains(b, f.text)
}

// why says why the filter hides r, for the inspector; "" when it lets r
// through (or there is no filter).
func (f *filter) why(r *kafkaops.Record) string {
	if f == nil {
		return ""
	}
	var j jsonValue
	if f.match(r, &j) {
		return ""
	}
	if f.jq != nil {
		v, ok := j.get(r.Value)
		if !ok {
			return fmt.Sprintf("the jq filter %s never matches this record: %s", f.src, j.reason)
		}
		out, ok := f.jq.first(v)
		switch {
		case f.jq.slow:
			return fmt.Sprintf("the jq filter %s was stopped on this record", f.src)
		case !ok:
			return fmt.Sprintf("the jq filter %s hides this record: it gives no result for this value (an error or empty)", f.src)
		default:
			return fmt.Sprintf("the jq filter %s hides this record: it gives %v for this value", f.src, out)
		}
	}
	where := "the key, the value or a header value"
	switch f.field {
	case fieldKey:
		where = "the key"
	case fieldValue:
		where = "the value"
	case fieldHeader:
		where = "header " + f.header
	}
	return fmt.Sprintf("the filter %s hides this record: no match in %s", f.src, where)
}

// jsonValue is a record value parsed as JSON at most once.
type jsonValue struct {
	done   bool
	ok     bool
	v      any
	reason string
}

func (j *jsonValue) get(b []byte) (any, bool) {
	if j.done {
		return j.v, j.ok
	}
	j.done = true
	switch {
	case b == nil:
		j.reason = "the value is null"
		return nil, false
	case len(bytes.TrimSpace(b)) == 0:
		j.reason = "the value is empty"
		return nil, false
	}
	// Numbers stay json.Number (gojq reads them as int or big.Int), so a
	// 19-digit id shows as itself rather than 1.2345e+18.
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	err := d.Decode(&j.v)
	if err == nil && d.More() {
		err = errors.New("more data after the first JSON value")
	}
	if err != nil {
		j.v = nil
		j.reason = "the value is not JSON (" + err.Error() + ")"
		return nil, false
	}
	j.ok = true
	return j.v, true
}

// column is a column of the table defined by a jq expression.
type column struct {
	src   string
	jq    *jqExpr
	width int // widest value seen, capped
}

// maxColumnWidth caps a jq column: it is for ids and amounts, not documents.
const maxColumnWidth = 24

func newColumn(src string) (column, error) {
	expr := strings.TrimSpace(src)
	code, err := compileJQ(expr)
	if err != nil {
		return column{}, err
	}
	return column{src: expr, jq: code, width: min(max(len([]rune(expr)), 3), maxColumnWidth)}, nil
}

// value is the column's text for a record: the first jq result, strings as
// they are and anything else as compact JSON; "" for a non-JSON value or no
// result. The caller makes it safe to show.
func (c *column) value(r *kafkaops.Record, j *jsonValue) string {
	v, ok := j.get(r.Value)
	if !ok {
		return ""
	}
	out, ok := c.jq.first(v)
	if !ok || out == nil {
		return ""
	}
	if s, isStr := out.(string); isStr {
		return s
	}
	b, err := gojq.Marshal(out)
	if err != nil {
		return ""
	}
	return string(b)
}
