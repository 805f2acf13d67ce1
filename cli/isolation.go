package cli

import "github.com/kafkatui/kafkatui/kafkaops"

// isolationFlag is --isolation: a kafkaops.Isolation that pflag can set, so
// a bad value is refused while the command line (or KAFKATUI_ISOLATION) is
// read, with the grammar in the message.
//
// The zero value, uncommitted, is the default on purpose: kafkatui is for
// looking at what a topic holds, and a debugging tool that silently hides
// rolled-back records, or stalls at an open transaction with no word why,
// misleads the person chasing an exactly-once bug. It shows them and marks
// them instead, as Kafka's own console consumer shows them (unmarked).
type isolationFlag kafkaops.Isolation

func (f *isolationFlag) String() string { return kafkaops.Isolation(*f).String() }

func (f *isolationFlag) Set(s string) error {
	iso, err := kafkaops.ParseIsolation(s)
	if err != nil {
		return err
	}
	*f = isolationFlag(iso)
	return nil
}

// Type is what cobra's help shows as the value's name.
func (f *isolationFlag) Type() string { return "committed|uncommitted" }
