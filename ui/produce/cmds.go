package produce

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Every Kafka call and file access of the form is here, in a Cmd. Each
// closure captures copies of what it needs, never the model. The form's
// base tags their results with the form (Wrap, Request).

func listTopics(ctx context.Context, b kafkaops.TopicLister) tea.Cmd {
	return func() tea.Msg {
		ts, err := b.ListTopics(ctx)
		var names []string
		for _, t := range ts {
			// The completion shows names as they are: offer only those
			// that are safe to print (Kafka's own rules make them so).
			if !t.Internal && safe.String(t.Name) == t.Name {
				names = append(names, t.Name)
			}
		}
		sort.Strings(names)
		return topicsMsg{names: names, err: err}
	}
}

func describeTopic(ctx context.Context, b kafkaops.TopicDescriber, topic string) tea.Cmd {
	return func() tea.Msg {
		d, err := b.DescribeTopic(ctx, topic)
		return partsMsg{topic: topic, n: len(d.Partitions), err: err}
	}
}

func loadHistory(path string) tea.Cmd {
	return func() tea.Msg {
		h, warn, err := readHistory(path)
		return historyMsg{hist: h, warn: warn, err: err}
	}
}

// saveHistory writes e to the history file; only a failure is reported.
func saveHistory(path string, e entry) tea.Cmd {
	return func() tea.Msg {
		if err := appendHistory(path, e); err != nil {
			return common.StatusMsg{Kind: common.StatusWarning, Text: err.Error()}
		}
		return nil
	}
}

// send produces msg once.
func send(ctx context.Context, b kafkaops.Producer, msg kafkaops.Message) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		res, err := b.Produce(ctx, msg)
		return sentMsg{msg: msg, res: res, err: err, took: time.Since(start)}
	}
}

// progress is where a repeat run stands.
type progress struct {
	n, sent, failed int
	firstErr        error
	elapsed         time.Duration
	done, stopped   bool
}

// runState is a repeat run shared by the goroutine that sends and the
// Cmds that report on it.
type runState struct {
	mu    sync.Mutex
	p     progress
	start time.Time
	done  chan struct{}
	owner string // of the spinner
}

// progressEvery is how often a running repeat reports: often enough to
// look alive, rarely enough to cost nothing.
const progressEvery = 100 * time.Millisecond

// repeat starts sending tmpl n times, {{i}} in key and value replaced by
// 0..n-1, and returns the first progress report, tagged by wrap (the
// form's base). The spinner of owner is on until the last report.
func repeat(ctx context.Context, b kafkaops.Producer, tmpl kafkaops.Message, n int, owner string, wrap func(tea.Cmd) tea.Cmd) tea.Cmd {
	st := &runState{done: make(chan struct{}), p: progress{n: n}, owner: owner}
	return tea.Sequence(busy(owner, true), func() tea.Msg {
		st.start = time.Now()
		go st.send(ctx, b, tmpl, n)
		return watch(st, wrap)()
	})
}

func (st *runState) send(ctx context.Context, b kafkaops.Producer, tmpl kafkaops.Message, n int) {
	defer close(st.done)
	// This goroutine is the UI's own, not bubbletea's: a panic here would
	// end the process with the terminal still in the alternate screen.
	// Bubbletea recovers panics in Update, View and Cmds, not here.
	defer func() {
		if r := recover(); r != nil {
			st.mu.Lock()
			st.p.failed++
			if st.p.firstErr == nil {
				st.p.firstErr = fmt.Errorf("internal error (please report it): %v", r)
			}
			st.mu.Unlock()
		}
	}()
	for i := range n {
		if ctx.Err() != nil {
			st.mu.Lock()
			st.p.stopped = true
			st.mu.Unlock()
			return
		}
		msg := tmpl
		msg.Key = expand(tmpl.Key, i)
		msg.Value = expand(tmpl.Value, i)
		_, err := b.Produce(ctx, msg)
		st.mu.Lock()
		if err != nil {
			if ctx.Err() != nil {
				st.p.stopped = true
				st.mu.Unlock()
				return
			}
			st.p.failed++
			if st.p.firstErr == nil {
				st.p.firstErr = fmt.Errorf("message %d: %w", i, err)
			}
		} else {
			st.p.sent++
		}
		st.mu.Unlock()
	}
}

// watch reports the run's progress after the next interval or its end,
// tagged by wrap. The last report turns the spinner off itself, outside
// the tag: the form may have been closed by then and never see it.
func watch(st *runState, wrap func(tea.Cmd) tea.Cmd) tea.Cmd {
	var p repeatMsg
	tagged := wrap(func() tea.Msg { return p })
	return func() tea.Msg {
		p = st.wait()
		if !p.done {
			return tagged()
		}
		res := tagged()
		return tea.BatchMsg{busy(st.owner, false), func() tea.Msg { return res }}
	}
}

func (st *runState) wait() repeatMsg {
	t := time.NewTimer(progressEvery)
	defer t.Stop()
	done := false
	select {
	case <-st.done:
		done = true
	case <-t.C:
	}
	st.mu.Lock()
	p := st.p
	st.mu.Unlock()
	p.elapsed = time.Since(st.start)
	p.done = done
	return repeatMsg{st: st, progress: p}
}

// editorCommand is $VISUAL or $EDITOR (which may carry arguments, as in
// "code -w"), else vi.
func editorCommand() []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(os.Getenv(v)); len(f) > 0 {
			return f
		}
	}
	return []string{"vi"}
}

// writeEditorFile writes the value to a temporary file for the editor.
// The file is private: the value may be anything.
func writeEditorFile(value []byte, ext string) tea.Cmd {
	return func() tea.Msg {
		f, err := os.CreateTemp("", "kafkatui-value-*"+ext)
		if err != nil {
			return editorReadyMsg{err: fmt.Errorf("open $EDITOR: %w", err)}
		}
		_, err = f.Write(value)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return editorReadyMsg{err: fmt.Errorf("open $EDITOR: %w", err)}
		}
		return editorReadyMsg{path: f.Name()}
	}
}

// runEditor suspends the UI, runs the editor on path, then reads the file
// back and removes it. wrap (the form's base) tags the result.
func runEditor(path string, wrap func(tea.Cmd) tea.Cmd) tea.Cmd {
	args := editorCommand()
	cmd := exec.Command(args[0], append(args[1:], path)...)
	result := editorResult(path, args[0])
	// The program calls back with the editor's exit; the tag is put on
	// the message that callback makes.
	var exit error
	tagged := wrap(func() tea.Msg { return result(exit) })
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		exit = err
		return tagged()
	})
}

// editorResult is what the editor left in path, once it has exited with
// err.
func editorResult(path string, editor string) func(error) tea.Msg {
	return func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return editedMsg{err: fmt.Errorf("$EDITOR (%s) failed: %w", editor, err)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return editedMsg{err: fmt.Errorf("read the edited value: %w", err)}
		}
		return editedMsg{data: data}
	}
}

func busy(owner string, on bool) tea.Cmd {
	return func() tea.Msg { return common.BusyMsg{Owner: owner, Busy: on} }
}

// isCanceled reports an error caused by the form closing.
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}
