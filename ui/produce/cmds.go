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
// closure captures copies of what it needs, never the model.

func listTopics(ctx context.Context, b kafkaops.TopicLister, origin int64) tea.Cmd {
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
		return topicsMsg{origin: origin, names: names, err: err}
	}
}

func describeTopic(ctx context.Context, b kafkaops.TopicDescriber, topic string, origin int64) tea.Cmd {
	return func() tea.Msg {
		d, err := b.DescribeTopic(ctx, topic)
		return partsMsg{origin: origin, topic: topic, n: len(d.Partitions), err: err}
	}
}

func loadHistory(path string, origin int64) tea.Cmd {
	return func() tea.Msg {
		h, warn, err := readHistory(path)
		return historyMsg{origin: origin, hist: h, warn: warn, err: err}
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
func send(ctx context.Context, b kafkaops.Producer, msg kafkaops.Message, origin int64, seq int) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		res, err := b.Produce(ctx, msg)
		return sentMsg{origin: origin, seq: seq, msg: msg, res: res, err: err, took: time.Since(start)}
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
// 0..n-1, and returns the first progress report. The spinner of owner is
// on until the last report, which turns it off itself: the form may have
// been closed by then and never see it.
func repeat(ctx context.Context, b kafkaops.Producer, tmpl kafkaops.Message, n int, origin int64, run int, owner string) tea.Cmd {
	return tea.Sequence(busy(owner, true), func() tea.Msg {
		st := &runState{done: make(chan struct{}), start: time.Now(), owner: owner}
		st.p.n = n
		go st.send(ctx, b, tmpl, n)
		return st.wait(origin, run)
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

// waitCmd reports the run's progress after the next interval or its end.
func waitCmd(st *runState, origin int64, run int) tea.Cmd {
	return func() tea.Msg { return st.wait(origin, run) }
}

func (st *runState) wait(origin int64, run int) tea.Msg {
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
	msg := repeatMsg{origin: origin, run: run, st: st, progress: p}
	if !done {
		return msg
	}
	return tea.BatchMsg{busy(st.owner, false), func() tea.Msg { return msg }}
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

// writeEditorFile writes text to a temporary file for the editor. The
// file is private: the value may be anything.
func writeEditorFile(text string, origin int64, ext string) tea.Cmd {
	return func() tea.Msg {
		f, err := os.CreateTemp("", "kafkatui-value-*"+ext)
		if err != nil {
			return editorReadyMsg{origin: origin, err: fmt.Errorf("open $EDITOR: %w", err)}
		}
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return editorReadyMsg{origin: origin, err: fmt.Errorf("open $EDITOR: %w", err)}
		}
		return editorReadyMsg{origin: origin, path: f.Name()}
	}
}

// runEditor suspends the UI, runs the editor on path, then reads the file
// back and removes it.
func runEditor(path string, origin int64) tea.Cmd {
	args := editorCommand()
	cmd := exec.Command(args[0], append(args[1:], path)...)
	return tea.ExecProcess(cmd, editorResult(path, origin, args[0]))
}

// editorResult is what the editor left in path, once it has exited with
// err.
func editorResult(path string, origin int64, editor string) func(error) tea.Msg {
	return func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return editedMsg{origin: origin, err: fmt.Errorf("$EDITOR (%s) failed: %w", editor, err)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return editedMsg{origin: origin, err: fmt.Errorf("read the edited value: %w", err)}
		}
		return editedMsg{origin: origin, text: string(data)}
	}
}

func busy(owner string, on bool) tea.Cmd {
	return func() tea.Msg { return common.BusyMsg{Owner: owner, Busy: on} }
}

// isCanceled reports an error caused by the form closing.
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}
