package tail

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// fuzzRecords are what a fuzzed filter or column is run on, besides one
// record made of the fuzzed bytes: JSON of each shape, text, binary, null
// and empty values, headers.
func fuzzRecords(b []byte) []kafkaops.Record {
	h := func(k, v string) kafkaops.Header { return kafkaops.Header{Key: k, Value: []byte(v)} }
	return []kafkaops.Record{
		rec(0, 0, "C-1", `{"id":1,"customer":{"id":"C-1"},"tags":["a","b"],"amount":12.5,"big":12345678901234567890}`, h("source", "web")),
		rec(0, 1, "", `[1,"two",null,{"x":[]}]`),
		rec(0, 2, "k", `"just a string"`, h("", ""), h("trace", "\x00\xff")),
		rec(1, 0, "k2", "not json at all {"),
		rec(1, 1, "\xff\xfe", "\x1b[2J\x00binary"),
		{Topic: "orders", Partition: 1, Offset: 2}, // null key and value
		rec(1, 3, "e", ""),
		rec(2, 0, string(b), string(b), h(string(b), string(b))),
	}
}

// evalBound is how long one evaluation may take in the fuzz targets: the
// jq limit plus wide room for a shared machine (a fuzz worker starved of
// CPU for seconds is not a hang; one that never returns is).
const evalBound = jqLimit + time.Minute

// FuzzTailFilter compiles arbitrary `/` filters (text, re:, key:, value:,
// header:, jq:) and runs each on a few records. Nothing may panic; a
// refused filter has a one-line message; every run ends within the jq
// limit; a plain text filter matches exactly the records whose key, value
// or a header value contains it.
func FuzzTailFilter(f *testing.F) {
	perRecordLimit(f)
	for _, s := range []string{
		"", "alpha", "re:^(a|b)+$", "re:(", "re:(?i)PAID", "key:C-1", "value:re:\\d+", "header:source=web",
		"header:source=", "header:=x", "header:source", "key:", "jq:.id == 1", "jq:.customer.id", "jq:",
		"jq:.a[", "jq:until(false; .)", "jq:[repeat(1)]|length", "jq:def f: f; f", "jq:$__loc__",
		"jq:input", "jq:env", "jq:@base64d", "jq:.[] | tostring", "jq:\"\\u0000\"", "jq:\n.id\n",
		"jq:\"unterminated", "jq:.id as $x | $y", "re:\\", "re:a{1001}", "  spaced  ", "\x1b[31m",
	} {
		f.Add(s, []byte(`{"id":1}`))
	}
	f.Add("jq:.a.b", []byte(`{"a":{"b":[1,2,3]}}`))
	f.Add("value:re:^\\{", []byte("{\xff"))
	f.Fuzz(func(t *testing.T, src string, value []byte) {
		var flt *filter
		var err error
		within(t, "compiling filter "+strconv.Quote(src), func() { flt, err = compileFilter(src) })
		if err != nil {
			checkOneLine(t, src, err.Error())
			return
		}
		if flt == nil {
			if strings.TrimSpace(src) != "" {
				t.Fatalf("filter %q compiled to no filter", src)
			}
			return
		}
		for _, r := range fuzzRecords(value) {
			var j jsonValue
			var got bool
			within(t, fmt.Sprintf("filter %q on %q", src, r.Value), func() { got = flt.match(&r, &j) })
			if flt.jq == nil && flt.re == nil && flt.field == fieldAny {
				if want := containsAnywhere(&r, flt.text); got != want {
					t.Fatalf("text filter %q on key %q value %q: match %v, want %v", src, r.Key, r.Value, got, want)
				}
			}
			if flt.jq != nil && flt.jq.slow {
				return // stopped: later runs yield nothing at once
			}
		}
	})
}

// FuzzTailColumn compiles arbitrary jq columns and fills them from a few
// records: nothing may panic, a refused column has a one-line message,
// every run ends within the jq limit and a cell never carries a control
// character to the terminal.
func FuzzTailColumn(f *testing.F) {
	perRecordLimit(f)
	for _, s := range []string{
		".id", ".customer.id", ".tags", ".amount * 2", ".big", ".[0]", "keys", "tostring", ".a[",
		"", "[repeat(.)]", "\"\\u001b[2J\"", "\"a\\nb\\tc\"", "@base64d", "..", "ltrimstr(1)",
	} {
		f.Add(s, []byte(`{"id":"\u001b]0;x\u0007"}`))
	}
	f.Fuzz(func(t *testing.T, src string, value []byte) {
		var c column
		var err error
		within(t, "compiling column "+strconv.Quote(src), func() { c, err = newColumn(src) })
		if err != nil {
			checkOneLine(t, src, err.Error())
			return
		}
		if c.width < 3 || c.width > maxColumnWidth {
			t.Fatalf("column %q width %d", src, c.width)
		}
		for _, r := range fuzzRecords(value) {
			var j jsonValue
			var cell string
			within(t, fmt.Sprintf("column %q on %q", src, r.Value), func() { cell = cellText(c.value(&r, &j)) })
			if !utf8.ValidString(cell) || strings.IndexFunc(cell, unicode.IsControl) >= 0 {
				t.Fatalf("column %q on %q: cell %q is not safe to print", src, r.Value, cell)
			}
			if c.jq.slow {
				return
			}
		}
	})
}

// within runs f and fails the test when it does not return within
// evalBound, so that a hang is reported with its input rather than
// stalling the fuzzer (f's goroutine is left behind; the test has failed).
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(evalBound):
		t.Fatalf("%s did not finish within %s", what, evalBound)
	}
}

// checkOneLine fails when a refusal is not one printable line.
func checkOneLine(t *testing.T, src, msg string) {
	t.Helper()
	if msg == "" {
		t.Fatalf("filter %q refused with an empty message", src)
	}
	for _, ch := range msg {
		if unicode.IsControl(ch) {
			t.Fatalf("refusal of %q holds %U: %q", src, ch, msg)
		}
	}
	if !utf8.ValidString(msg) {
		t.Fatalf("refusal of %q is not UTF-8: %q", src, msg)
	}
}

// containsAnywhere is the text filter's meaning, written out again: the
// text is in the key, the value or a header value.
func containsAnywhere(r *kafkaops.Record, text []byte) bool {
	if bytes.Contains(r.Key, text) || bytes.Contains(r.Value, text) {
		return true
	}
	for _, h := range r.Headers {
		if bytes.Contains(h.Value, text) {
			return true
		}
	}
	return false
}
