package kafkaops

import "fmt"

// recoverAs, deferred in a goroutine of ours, turns a panic into *err. The
// UI cannot recover a panic in a goroutine it did not start (bubbletea
// recovers its own: Update, View, Cmds), and an unrecovered one ends the
// process with the terminal still in the alternate screen. A stream's
// reader goroutines live for the whole stream; a bug there, or a reply
// nothing foresaw, must end the stream with an error, not the program.
// Panics inside kafka-go's own goroutines cannot be caught here: the frame
// guard (frameguard.go) keeps the replies that caused them from kafka-go.
func recoverAs(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: internal error (please report it): %v", what, r)
	}
}
