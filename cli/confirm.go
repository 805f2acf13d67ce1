package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// confirmByName asks the person at the terminal to type name before a
// destructive command goes on, the way `gh repo delete` does: a y/N is
// answered by reflex, a name is read. Without a terminal on standard input
// nobody can answer, so the command needs --yes (a usage error, exit 2)
// rather than reading a script's piped data as an answer.
func (a *app) confirmByName(kind, name string) error {
	return a.confirmTyped(fmt.Sprintf("This deletes %s %s and all its messages.", kind, oneLine(name)), kind, name)
}

// confirmTyped is confirmByName with what is deleted said by the caller:
// "This deletes version 3 of subject orders-value."
func (a *app) confirmTyped(what, kind, name string) error {
	if !a.env.stdinIsTerminal() {
		return usagef("standard input is not a terminal: add --yes to delete %s %s without being asked", kind, oneLine(name))
	}
	fmt.Fprintf(a.env.Stderr, "%s Type its name to confirm: ", what)
	answer, err := bufio.NewReader(a.env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if strings.TrimRight(answer, "\r\n") != name {
		if !strings.HasSuffix(answer, "\n") {
			fmt.Fprintln(a.env.Stderr) // end the prompt's line
		}
		return fmt.Errorf("%s %s not deleted: the name typed did not match", kind, oneLine(name))
	}
	return nil
}
