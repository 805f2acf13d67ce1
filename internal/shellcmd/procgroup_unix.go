//go:build unix

package shellcmd

import (
	"os/exec"
	"syscall"
)

// killProcessGroup makes cmd run in a process group of its own and be
// stopped with all its children: a shell command's children would otherwise
// keep running after the shell is killed.
func killProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
