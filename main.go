// Command kafkatui is a keyboard-driven terminal UI and headless command line
// for Apache Kafka. Everything lives in package cli; main only hands it the
// process's arguments and standard streams and exits with its status.
package main

import (
	"os"

	"github.com/kafkatui/kafkatui/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
