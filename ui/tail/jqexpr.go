package tail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itchyny/gojq"

	"github.com/kafkatui/kafkatui/internal/safe"
)

// jqLimit is how long a jq filter or column may run on one record. Real
// expressions take microseconds; one that runs this long loops (until,
// repeat, a recursive def, a huge range). The tail evaluates in Update, so
// without a limit such an expression would freeze the whole UI.
const jqLimit = 100 * time.Millisecond

// recordLimit is the per-record limit compiled expressions get: jqLimit,
// raised by tests that measure the pass limit alone (a loaded machine can
// stall one record past 100 ms).
var recordLimit = jqLimit

// jqPassLimit is how long a jq filter or column may run over the records of
// one pass: a batch on arrival, or the held records when it is applied. An
// expression that takes a few milliseconds a record stays under jqLimit, yet
// over 10,000 held records or a 16k catch-up batch it would hold Update for
// a minute; past this it is stopped like a loop.
const jqPassLimit = time.Second

// jqExpr is a compiled jq expression that stops itself when it runs longer
// than its limit on one value and from then on yields nothing, so that a
// loop costs one limit, not one per record. The tail then removes it and
// says why. It is used from Update only; the timer's callback only cancels.
type jqExpr struct {
	src   string
	code  *gojq.Code
	limit time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	// timer cancels ctx when one run passes limit. It runs only during a
	// run: a slow Update elsewhere must not count against the expression.
	timer *time.Timer
	slow  bool

	// The current pass (see newPass): time spent and records run, and
	// whether its total, not one record, stopped the expression.
	passLimit time.Duration
	passSpent time.Duration
	passRuns  int
	passSlow  bool
}

// compileJQ parses and compiles expr. The error is one line that quotes
// the expression.
func compileJQ(expr string) (*jqExpr, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return nil, errors.New("jq: empty expression")
	}
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, jqError(expr, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, jqError(expr, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(jqLimit, cancel)
	timer.Stop()
	return &jqExpr{src: expr, code: code, limit: recordLimit, passLimit: jqPassLimit, ctx: ctx, cancel: cancel, timer: timer}, nil
}

// jqError quotes expr before gojq's reason, which quotes what it read
// raw (a control character in a string literal, a new line): the reason is
// made printable so that the refusal stays one line.
func jqError(expr string, err error) error {
	return &cleanError{msg: fmt.Sprintf("jq %q: %s", expr, safe.String(err.Error())), err: err}
}

// cleanError shows msg and keeps err for errors.Is/As.
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

// first runs e on v and returns its first result; an error (.a on a
// number...) is no result, and so is every run once e has been too slow.
func (e *jqExpr) first(v any) (any, bool) {
	if e.slow {
		return nil, false
	}
	start := time.Now()
	e.timer.Reset(e.limit)
	out, ok := e.code.RunWithContext(e.ctx, v).Next()
	e.timer.Stop()
	if e.ctx.Err() != nil {
		e.slow = true
		return nil, false
	}
	e.passSpent += time.Since(start)
	e.passRuns++
	if e.passSpent > e.passLimit {
		e.slow, e.passSlow = true, true
		return nil, false
	}
	if !ok {
		return nil, false
	}
	if _, isErr := out.(error); isErr {
		return nil, false
	}
	return out, true
}

// newPass starts a pass over records: the pass limit counts from here.
func (e *jqExpr) newPass() {
	if e != nil {
		e.passSpent, e.passRuns = 0, 0
	}
}

// tooSlow says, once e has passed its limit, why it was stopped; "" until then.
func (e *jqExpr) tooSlow() string {
	switch {
	case e == nil || !e.slow:
		return ""
	case e.passSlow:
		return fmt.Sprintf("jq %s took over %s for %d records (%s a record): too slow to keep up",
			e.src, e.passLimit, e.passRuns, (e.passSpent / time.Duration(max(e.passRuns, 1))).Round(time.Microsecond))
	}
	return fmt.Sprintf("jq %s ran for over %s on one record (does it loop?)", e.src, e.limit)
}

// jqPass starts a pass of the jq filter and columns over records.
func (s *stream) jqPass() {
	if s.filter != nil {
		s.filter.jq.newPass()
	}
	for i := range s.cols {
		s.cols[i].jq.newPass()
	}
}

// slow is tooSlow of a jq filter; "" for no filter or another kind.
func (f *filter) slow() string {
	if f == nil {
		return ""
	}
	return f.jq.tooSlow()
}

// dropSlowJQ removes the jq filter and columns that passed their limit in
// the last pass over records and says which, for the status line; "" when
// none did.
func (m *Model) dropSlowJQ() string {
	var notes []string
	if why := m.filter.slow(); why != "" {
		m.setFilter(nil)
		notes = append(notes, why+": filter removed")
	}
	for i := len(m.cols) - 1; i >= 0; i-- {
		if why := m.cols[i].jq.tooSlow(); why != "" {
			m.stream.removeColumn(i)
			notes = append(notes, why+": column removed")
		}
	}
	return strings.Join(notes, "; ")
}
