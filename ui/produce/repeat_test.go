package produce

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/internal/uitest"
)

func TestRepeatWithCounter(t *testing.T) {
	f := newFake()
	m := newForm(t, f, "orders")
	typeText(t, m, "key-{{i}}")
	focusField(t, m, fValue)
	typeText(t, m, `{"n":{{i}}}`)
	press(t, m, keyRepeat)
	if !strings.HasPrefix(m.errs[fRepeat], "how many times?") || m.focus != fRepeat {
		t.Fatalf("ctrl+r without a count: %q focus %d", m.errs[fRepeat], m.focus)
	}
	typeText(t, m, "25")
	msgs := press(t, m, keyRepeat)
	if m.running {
		t.Fatal("still running after its last report")
	}
	if len(f.sent) != 25 || string(f.sent[24].Key) != "key-24" || string(f.sent[7].Value) != `{"n":7}` {
		t.Fatalf("sent %d, last key %q", len(f.sent), f.sent[len(f.sent)-1].Key)
	}
	if !strings.HasPrefix(m.result, "repeat done: 25 sent, 0 failed in ") || !strings.HasSuffix(m.result, "msg/s)") {
		t.Errorf("summary %q", m.result)
	}
	on, off := 0, 0
	for _, msg := range msgs {
		if b, ok := msg.(common.BusyMsg); ok {
			if b.Busy {
				on++
			} else {
				off++
			}
		}
	}
	if on != 1 || off != 1 {
		t.Errorf("spinner on %d off %d", on, off)
	}
	// Failures are counted and the first one named.
	f.answer = func(msg kafkaops.Message) (kafkaops.ProduceResult, error) {
		if strings.HasSuffix(string(msg.Key), "3") {
			return kafkaops.ProduceResult{}, errors.New("produce to orders/1: boom")
		}
		return kafkaops.ProduceResult{OffsetKnown: true}, nil
	}
	press(t, m, keyRepeat)
	if !strings.Contains(m.result, "22 sent, 3 failed") || !strings.Contains(m.result, "first error: message 3: produce to orders/1: boom") {
		t.Errorf("summary %q", m.result)
	}
}

func TestRepeatCanBeStopped(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	f.answer = func(kafkaops.Message) (kafkaops.ProduceResult, error) {
		<-release
		return kafkaops.ProduceResult{OffsetKnown: true}, nil
	}
	m := newForm(t, f, "orders")
	focusField(t, m, fRepeat)
	typeText(t, m, "1000")
	_, cmd := m.Update(keyRepeat)
	if !m.running {
		t.Fatal("not running")
	}
	if len(m.ShortHelp()) != 1 {
		t.Errorf("help while running: %d keys, want only stop", len(m.ShortHelp()))
	}
	m.Update(keyEsc) // stop
	close(release)
	feed(t, m, cmd)
	if m.running || !strings.HasPrefix(m.result, "stopped after ") {
		t.Errorf("running %v, result %q", m.running, m.result)
	}
}

func TestEditorRoundTrip(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "ed.sh")
	// The "editor" appends to the file it is given, as a user would.
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf ',\"edited\":true}\\n' >> \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", script)
	m := newForm(t, newFake(), "orders")
	focusField(t, m, fValue)
	typeText(t, m, `{"id":1`)
	_, cmd := m.Update(ctrl(tea.KeyCtrlE))
	msgs := uitest.RunCmd(t, cmd)
	ready, _, ok := uitest.Result[editorReadyMsg](msgs)
	if !ok || ready.err != nil {
		t.Fatalf("%+v", msgs)
	}
	// tea.ExecProcess needs a program: run the editor and hand its exit
	// to the callback the program would call.
	args := editorCommand()
	if args[0] != script {
		t.Fatalf("editor %v", args)
	}
	err := exec.Command(args[0], ready.path).Run()
	m.Update(own(m, editorResult(ready.path, args[0])(err)))
	if m.value.Value() != `{"id":1,"edited":true}` || m.hint != hintJSON {
		t.Errorf("value after the editor %q (hint %d)", m.value.Value(), m.hint)
	}
	if _, err := os.Stat(ready.path); err == nil {
		t.Errorf("the temporary file %s was left behind", ready.path)
	}
	// A failing editor leaves the value alone and says why.
	m.Update(own(m, editorResult(ready.path, "ed")(errors.New("exit status 1"))))
	if m.value.Value() != `{"id":1,"edited":true}` || !strings.Contains(m.formErr, "$EDITOR (ed) failed") {
		t.Errorf("value %q, error %q", m.value.Value(), m.formErr)
	}
}

// TestRepeatStopsWhenClosed: leaving the form stops the run, and the
// spinner goes off even though the form never sees the last report.
func TestRepeatStopsWhenClosed(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	f.answer = func(kafkaops.Message) (kafkaops.ProduceResult, error) {
		<-release
		return kafkaops.ProduceResult{OffsetKnown: true}, nil
	}
	m := newForm(t, f, "orders")
	focusField(t, m, fRepeat)
	typeText(t, m, "100000")
	_, cmd := m.Update(keyRepeat)
	m.Close()
	close(release)
	var msgs []tea.Msg
	for cmd != nil {
		msgs = append(msgs, uitest.RunCmd(t, cmd)...)
		cmd = nil
		if r, _, ok := uitest.Result[repeatMsg](msgs); ok && !r.done {
			msgs = nil
			cmd = watch(r.st, m.Wrap)
		}
	}
	var off bool
	for _, msg := range msgs {
		if b, ok := msg.(common.BusyMsg); ok && !b.Busy {
			off = true
		}
	}
	r, _, _ := uitest.Result[repeatMsg](msgs)
	if !off || !r.stopped || r.sent >= 100000 {
		t.Errorf("spinner off %v, report %+v", off, r.progress)
	}
}
