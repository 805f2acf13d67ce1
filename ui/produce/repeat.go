package produce

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/safe"
)

// startRepeat validates the form and the count and starts a run that
// sends the message N times in the background, reporting as it goes.
func (m *Model) startRepeat() tea.Cmd {
	if m.sending {
		return nil
	}
	msg, ok := m.message()
	if !ok {
		return nil
	}
	n, bad := parseRepeat(m.repeat.Value())
	if bad != "" {
		m.errs[fRepeat] = bad
		m.setFocus(fRepeat)
		return nil
	}
	// As for send: the key is disabled in read-only mode, which never
	// opens the form.
	ctx, cancel := context.WithCancel(m.Ctx())
	m.runs++
	m.running, m.runCancel, m.runTmpl = true, cancel, msg
	m.result, m.resultOK = fmt.Sprintf("sending %d messages…", n), true
	owner := fmt.Sprintf("produce#%d.repeat%d", m.Origin(), m.runs)
	return repeat(ctx, m.b, msg, n, owner, m.Wrap)
}

// cancelRun stops the run; its last report (stopped) ends it.
func (m *Model) cancelRun() {
	if m.runCancel != nil {
		m.runCancel()
	}
}

func (m *Model) repeatProgress(msg repeatMsg) tea.Cmd {
	p := msg.progress
	if !p.done {
		m.result = fmt.Sprintf("sending: %d of %d sent, %d failed…", p.sent, p.n, p.failed)
		return watch(msg.st, m.Wrap)
	}
	m.running = false
	m.cancelRun()
	m.runCancel = nil
	rate := 0.0
	if s := p.elapsed.Seconds(); s > 0 {
		rate = float64(p.sent) / s
	}
	verb := "repeat done"
	if p.stopped {
		verb = fmt.Sprintf("stopped after %d of %d", p.sent+p.failed, p.n)
	}
	m.result = fmt.Sprintf("%s: %d sent, %d failed in %s (%.0f msg/s)",
		verb, p.sent, p.failed, p.elapsed.Round(time.Millisecond), rate)
	m.resultOK = p.failed == 0 && !p.stopped
	if p.firstErr != nil {
		m.result += "; first error: " + safe.String(p.firstErr.Error())
	}
	if p.sent == 0 {
		return nil
	}
	m.sent = m.content()
	e := entryOf(m.runTmpl, m.c.Now())
	m.hist.add(e)
	m.histPos = -1
	return saveHistory(m.opts.historyPath, e)
}
