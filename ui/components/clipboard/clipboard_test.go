package clipboard

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestWriteOSC52(t *testing.T) {
	var b bytes.Buffer
	msg := write(&b, "héllo\x1b[2J", false, false)
	if msg.Err != nil || msg.Bytes != len("héllo\x1b[2J") {
		t.Fatalf("msg = %+v", msg)
	}
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("héllo\x1b[2J")) + "\x07"
	if b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}

func TestWriteTmux(t *testing.T) {
	var b bytes.Buffer
	write(&b, "x", true, false)
	plain := "\x1b]52;c;eA==\x07"
	if !strings.HasPrefix(b.String(), plain) || !strings.Contains(b.String()[len(plain):], "\x1bPtmux;\x1b\x1b]52;c;eA==") {
		t.Errorf("tmux: want the sequence plain and wrapped for passthrough: %q", b.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestWriteError(t *testing.T) {
	if msg := write(failWriter{}, "x", false, false); msg.Err == nil {
		t.Fatal("want an error")
	}
}

func TestStatus(t *testing.T) {
	// The terminal may drop OSC 52 without a word: the text claims only
	// the sending, and says how to enable it in tmux.
	if s := Status("value", 10); strings.HasPrefix(s, "copied") || !strings.Contains(s, "OSC 52") || !strings.Contains(s, "set-clipboard on") {
		t.Errorf("status %q claims a copy or lacks how to enable it", s)
	}
	if s := Status("value", 10); strings.Contains(s, "ignore") {
		t.Errorf("small copy warns: %q", s)
	}
	if s := Status("value", Limit+1); !strings.Contains(s, "ignore") {
		t.Errorf("large copy does not warn: %q", s)
	}
}
