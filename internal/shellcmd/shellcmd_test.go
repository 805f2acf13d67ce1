package shellcmd

import (
	"context"
	"errors"
	"testing"
)

func TestRunBoundsOutput(t *testing.T) {
	out, _, err := Run(context.Background(), "printf 12345", 5)
	if err != nil || out != "12345" {
		t.Fatalf("at the limit: %q, %v", out, err)
	}
	_, _, err = Run(context.Background(), "printf 123456", 5)
	var tm *TooMuchOutputError
	if !errors.As(err, &tm) || tm.Limit != 5 || err.Error() != "command printed more than 5 bytes on standard output; a secret is shorter: make it print only the secret" {
		t.Fatalf("over the limit: %v", err)
	}
}
