package config

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// gone reports whether process pid has ended: no such process, or a zombie
// waiting for a parent (init, or a container's first process) to reap it.
func gone(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	// pid (comm) state ...: the state follows the last ')'.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// TestSecretCommandTimeoutEndsItsChildren: a password_cmd that starts a
// child and outlives its timeout is ended with that child; before, only
// the shell was killed and the child ran on.
func TestSecretCommandTimeoutEndsItsChildren(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	s := CommandSecret("sleep 300 & echo $! > "+pidFile+"; wait", "c.yaml:3: sasl.password_cmd")
	_, err := s.Resolve(context.Background(), Resolver{CommandTimeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not finish within") {
		t.Fatalf("err = %v", err)
	}
	b, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatalf("the command did not get to start its child: %v", rerr)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	deadline := time.Now().Add(30 * time.Second)
	for !gone(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("child %d still runs 30s after the command timed out", pid)
		}
		time.Sleep(20 * time.Millisecond) // another process's state: nothing to wait on
	}
}

// TestSecretCommandOutputOverLimit: a command printing more than the limit
// is refused with a message saying so, not cut to a wrong secret.
func TestSecretCommandOutputOverLimit(t *testing.T) {
	s := CommandSecret("head -c 70000 /dev/zero | tr '\\0' x", "c.yaml:3: sasl.password_cmd")
	_, err := s.Resolve(context.Background(), Resolver{})
	if err == nil || !strings.Contains(err.Error(), "printed more than 64 KiB") || !strings.Contains(err.Error(), "sasl.password_cmd") {
		t.Fatalf("err = %v, want a refusal naming the limit and the setting", err)
	}
	// Exactly at the limit is fine.
	s = CommandSecret("head -c 65536 /dev/zero | tr '\\0' x", "w")
	if v, err := s.Resolve(context.Background(), Resolver{}); err != nil || len(v) != 65536 {
		t.Fatalf("at the limit: %d bytes, %v", len(v), err)
	}
}
