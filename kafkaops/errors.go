package kafkaops

import (
	"errors"
	"strings"
)

// unwrapKafkaGo strips kafka-go's "kafka.(*Client).Method: " prefixes, which
// name library internals rather than what the user was doing; callers wrap
// the result with their own context.
func unwrapKafkaGo(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "kafka.(") {
		return err
	}
	if i := strings.Index(msg, ": "); i >= 0 {
		return &trimmedError{msg: msg[i+2:], err: err}
	}
	return err
}

// trimmedError shows a shorter message but keeps the chain for errors.Is/As.
type trimmedError struct {
	msg string
	err error
}

func (e *trimmedError) Error() string { return e.msg }
func (e *trimmedError) Unwrap() error { return errors.Unwrap(e.err) }
