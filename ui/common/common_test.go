package common

import (
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/themes"
)

// Configure keeps the default refresh period when the command line gives
// none, and read-only mode disables the dangerous keys; leaving it (a
// switch to a cluster configured otherwise) enables them again.
func TestConfigureAndReadOnly(t *testing.T) {
	c := NewCommon(themes.Plain())
	c.Configure(Settings{ReadOnly: true, TailBuffer: 10})
	if c.Refresh != 5*time.Second || c.TailBuffer != 10 {
		t.Errorf("refresh %s, tail buffer %d", c.Refresh, c.TailBuffer)
	}
	if !c.ReadOnly || c.Keys.Topics.Delete.Enabled() {
		t.Fatalf("read-only %v, delete enabled %v", c.ReadOnly, c.Keys.Topics.Delete.Enabled())
	}
	c.SetReadOnly(false)
	if c.ReadOnly || !c.Keys.Topics.Delete.Enabled() {
		t.Errorf("after leaving read-only mode: %v, delete enabled %v", c.ReadOnly, c.Keys.Topics.Delete.Enabled())
	}
	c.Configure(Settings{Refresh: time.Minute})
	if c.Refresh != time.Minute {
		t.Errorf("refresh %s, want the configured minute", c.Refresh)
	}
}
