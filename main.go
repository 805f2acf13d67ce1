// Command kafkatui is a keyboard-driven terminal UI and headless command line
// for Apache Kafka. Everything lives in package cli; main only hands it the
// process's arguments and standard streams and exits with its status.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/kafkatui/kafkatui/cli"
)

func main() {
	stop := profile(os.Getenv("KAFKATUI_CPUPROFILE"))
	code := cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// profile writes a CPU profile of the whole run to path, for the
// benchmark scripts (scripts/bench-tail.sh PROFILE=...): the UI cannot be
// profiled from a Go benchmark as a real terminal drives it. An empty path
// does nothing.
func profile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "kafkatui: KAFKATUI_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
