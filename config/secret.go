package config

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kafkatui/kafkatui/internal/shellcmd"
)

// DefaultCommandTimeout bounds a *_cmd when Resolver.CommandTimeout is zero.
// Long enough for a password manager that asks for its own passphrase.
const DefaultCommandTimeout = 30 * time.Second

// maxCommandOutput bounds a secret command's output: a secret is short, a
// runaway command must not fill memory, and more is refused rather than
// cut (a cut secret fails later, far from its cause).
const maxCommandOutput = 64 << 10

// Secret is where a secret comes from: a literal value, an environment
// variable, or a command. Every printed form (String, GoString, Format with
// any verb, MarshalText) names the source and never the value, so a Secret
// can sit in structs that are logged or printed with %v.
type Secret struct {
	value string
	env   string
	cmd   string
	// where names the setting for messages, e.g.
	// `config.yaml:14: cluster "staging": sasl.password_cmd`.
	where string
}

// LiteralSecret is a secret given as its value; where names the setting.
func LiteralSecret(value, where string) Secret { return Secret{value: value, where: where} }

// EnvSecret is a secret read from the environment variable name.
func EnvSecret(name, where string) Secret { return Secret{env: name, where: where} }

// CommandSecret is a secret printed by command, run with sh -c.
func CommandSecret(command, where string) Secret { return Secret{cmd: command, where: where} }

// IsZero reports whether no source is set.
func (s Secret) IsZero() bool { return s.value == "" && s.env == "" && s.cmd == "" }

// IsLiteral reports whether the value itself is held (written in a file or
// given on the command line).
func (s Secret) IsLiteral() bool { return s.value != "" }

// Source describes where the value comes from, without the value: "",
// "literal", "$NAME" or "command".
func (s Secret) Source() string {
	switch {
	case s.value != "":
		return "literal"
	case s.env != "":
		return "$" + s.env
	case s.cmd != "":
		return "command"
	}
	return ""
}

// String never shows the value.
func (s Secret) String() string {
	if s.IsZero() {
		return "<no secret>"
	}
	return "<secret: " + s.Source() + ">"
}

// GoString keeps %#v as safe as %v.
func (s Secret) GoString() string { return s.String() }

// Format makes every verb print String, so no format reaches the value.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// MarshalText keeps encoders (JSON, YAML) from writing the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Resolver turns secrets into values.
type Resolver struct {
	// Getenv reads *_env variables; nil means an empty environment.
	Getenv func(string) string
	// CommandTimeout bounds each *_cmd; zero means DefaultCommandTimeout.
	CommandTimeout time.Duration
}

// Resolve returns the secret's value: the literal, the variable's value, or
// the command's standard output with surrounding white space trimmed. An
// empty result is an error. Errors name the setting and never the value.
func (s Secret) Resolve(ctx context.Context, r Resolver) (string, error) {
	switch {
	case s.value != "":
		return s.value, nil
	case s.env != "":
		v := ""
		if r.Getenv != nil {
			v = r.Getenv(s.env)
		}
		if v == "" {
			return "", fmt.Errorf("%s: environment variable %s is not set", s.where, s.env)
		}
		return v, nil
	case s.cmd != "":
		v, err := runSecretCommand(ctx, s.cmd, r.commandTimeout())
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.where, err)
		}
		return v, nil
	}
	return "", nil
}

func (r Resolver) commandTimeout() time.Duration {
	if r.CommandTimeout <= 0 {
		return DefaultCommandTimeout
	}
	return r.CommandTimeout
}

// runSecretCommand runs command with sh -c and no standard input, so a
// command cannot hang reading the terminal the UI is about to take.
func runSecretCommand(ctx context.Context, command string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stdout, stderr, err := shellcmd.Run(ctx, command, maxCommandOutput)
	out := strings.TrimSpace(stdout)
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("command did not finish within %s", timeout)
		}
		return "", ctx.Err()
	}
	var tooMuch *shellcmd.TooMuchOutputError
	if errors.As(err, &tooMuch) {
		return "", err
	}
	if err != nil {
		msg := firstLine(stderr)
		// A failing command may have printed part of the secret, and
		// its message may repeat it.
		if len(out) >= 4 {
			msg = strings.ReplaceAll(msg, out, "<redacted>")
		}
		if msg == "" {
			return "", fmt.Errorf("command failed (%v) and printed nothing on standard error", err)
		}
		return "", fmt.Errorf("command failed (%v): %s", err, msg)
	}
	if out == "" {
		return "", errors.New("command printed nothing on standard output")
	}
	if strings.ContainsAny(out, "\r\n") {
		return "", errors.New("command printed more than one line; make it print only the secret (for example: pass show NAME | head -n 1)")
	}
	return out, nil
}

// firstLine is the first non-empty line of s, shortened to 200 bytes.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > 200 {
				l = l[:200] + "..."
			}
			return l
		}
	}
	return ""
}
