// Package shellcmd runs the short shell commands the settings name to get a
// secret (password_cmd, token_cmd, client_secret_cmd): with sh -c and no
// standard input, in a process group of its own that is ended whole when
// the context ends (a shell's children would otherwise outlive a timeout),
// and with its output bounded: more than the limit is an error, never a
// secret silently cut. It imports only the standard library.
package shellcmd

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"time"
)

// TooMuchOutputError says a command printed more than its limit.
type TooMuchOutputError struct{ Limit int }

func (e *TooMuchOutputError) Error() string {
	return fmt.Sprintf("command printed more than %s on standard output; a secret is shorter: make it print only the secret", size(e.Limit))
}

func size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Run runs command until it ends or ctx does, and returns its standard
// output (at most maxOut bytes, else a *TooMuchOutputError) and the first
// maxOut bytes of its standard error. When ctx ends first, the command and
// everything it started are killed and ctx.Err() is returned.
func Run(ctx context.Context, command string, maxOut int) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	out := &capped{max: maxOut}
	errOut := &capped{max: maxOut}
	cmd.Stdout, cmd.Stderr = out, errOut
	// A child that keeps the pipes open after sh has gone must not keep
	// Wait from returning.
	cmd.WaitDelay = time.Second
	killProcessGroup(cmd)
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", errOut.buf.String(), ctx.Err()
	}
	if out.over {
		return "", errOut.buf.String(), &TooMuchOutputError{Limit: maxOut}
	}
	return out.buf.String(), errOut.buf.String(), err
}

// capped keeps the first max bytes written and notes whether there were
// more.
type capped struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *capped) Write(p []byte) (int, error) {
	room := b.max - b.buf.Len()
	if len(p) > room {
		b.over = true
	}
	if room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
