//go:build !unix

package kafkaops

import "os/exec"

// killProcessGroup leaves cmd as it is: without Unix process groups only
// the command itself is stopped at the timeout.
func killProcessGroup(*exec.Cmd) {}
