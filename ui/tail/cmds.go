package tail

import (
	"context"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/internal/safe"
	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
	"github.com/kafkatui/kafkatui/ui/components/clipboard"
)

// Every Kafka call and all I/O of the pane is here, in a Cmd. Each closure
// captures copies of what it needs, never the model. The pane's base wraps
// each result with the pane and its stream generation (common.Result).

const (
	// batchWindow and batchMax bound a batch: the UI renders once per
	// batch, at most ~20 times a second, whatever the topic's rate.
	batchWindow = 50 * time.Millisecond
	batchMax    = 512
	// batchBacklog bounds a batch when more records are already waiting
	// in the channel (a backlog, or a topic faster than the UI): taking
	// them without waiting costs one render for several thousand records
	// instead of one per 512, which lets the tail catch up.
	batchBacklog = 16384
)

// open starts the stream. Its context is a child of the pane's, so Close
// (or reopening) ends it.
func open(ctx context.Context, cons kafkaops.Consumer, req kafkaops.ConsumeRequest, dec common.RecordDecoder) tea.Cmd {
	return func() tea.Msg {
		sctx, cancel := context.WithCancel(ctx)
		s, err := cons.Consume(sctx, req)
		if err != nil {
			cancel()
			return openedMsg{err: err}
		}
		return openedMsg{src: streamSource(sctx, s, cancel, dec)}
	}
}

// wait blocks for the first records, then gathers more for up to
// batchWindow or batchMax records, then whatever is already waiting up to
// batchBacklog, and returns them as one batch with the readers' positions
// as of then. The stream delivers a fetch response at a time, so this
// costs a channel operation per response, not per record. While no wait
// is in flight (paused) the stream's bounded channel fills and its readers
// stop fetching: backpressure, not loss.
func wait(src *source) tea.Cmd {
	batches, holding := src.batches, &src.holding
	return func() tea.Msg {
		first, ok := <-batches
		if !ok {
			return src.done(nil, true)
		}
		holding.Store(true)
		out := first
		if len(out) < batchMax {
			out = append(make([]kafkaops.Record, 0, batchMax), first...)
		}
		timer := time.NewTimer(batchWindow)
		defer timer.Stop()
		for len(out) < batchMax {
			select {
			case b, ok := <-batches:
				if !ok {
					return src.done(out, true)
				}
				out = append(out, b...)
			case <-timer.C:
				return src.done(out, false)
			}
		}
		for len(out) < batchBacklog {
			select {
			case b, ok := <-batches:
				if !ok {
					return src.done(out, true)
				}
				out = append(out, b...)
			default:
				return src.done(out, false)
			}
		}
		return src.done(out, false)
	}
}

// done is a batch with the readers' positions. The readers publish a
// position after handing its records over, so every record below a
// position taken first is in out or still in the channel; an empty channel
// after it makes the position exact for what out shows. A method rather
// than a closure in wait: one allocation less per batch.
func (src *source) done(out []kafkaops.Record, closed bool) tea.Msg {
	msg := batchMsg{recs: out, closed: closed, decs: src.decode(out)}
	if src.positions != nil {
		msg.pos = src.positions()
		msg.exact = closed || len(src.batches) == 0
	}
	if closed {
		msg.err = src.err()
	}
	return msg
}

// decode reads the records framed for the Schema Registry through it,
// here in the batch's Cmd so that Update and View never wait for a
// schema: the batch waits until its schemas are fetched (once per id:
// the decoder keeps them). nil when there is no registry or nothing in
// the batch is framed; a part that cannot be decoded keeps its reason and
// is shown as it is.
func (src *source) decode(recs []kafkaops.Record) []*common.Decoding {
	if src.dec == nil {
		return nil
	}
	var decs []*common.Decoding
	for i := range recs {
		d := common.Decode(src.ctx, src.dec, &recs[i])
		if d == nil {
			continue
		}
		if decs == nil {
			decs = make([]*common.Decoding, len(recs))
		}
		decs[i] = d
	}
	return decs
}

// tick is the next rate and position update. It carries its time (the
// rates are per second of it), so it is the pane's own rather than the
// base's common.TickMsg; the base wraps it all the same.
func tick(every time.Duration) tea.Cmd {
	return tea.Tick(every, func(t time.Time) tea.Msg { return tickMsg{at: t} })
}

// export writes recs to a new file at path as `kafkatui consume --json`
// does; an existing file is never overwritten.
func export(path string, recs []kafkaops.Record, decs []*recordjson.Decoding) tea.Cmd {
	return func() tea.Msg {
		err := writeJSONL(path, recs, decs)
		// The status says where the file is, whatever directory the
		// program was started in.
		if abs, aerr := filepath.Abs(path); aerr == nil {
			path = abs
		}
		return exportedMsg{path: path, n: len(recs), err: err}
	}
}

// copyValue copies text with clip (clipboard.Copy: OSC 52) and turns its
// answer into a status line.
func copyValue(clip func(string) tea.Cmd, text, what string) tea.Cmd {
	cmd := clip(text)
	return func() tea.Msg {
		res, ok := cmd().(clipboard.CopiedMsg)
		switch {
		case !ok:
			return nil
		case res.Err != nil:
			return common.Errorf(res.Err)
		}
		return common.StatusMsg{Kind: common.StatusSuccess, Text: clipboard.Status(what, len(text))}
	}
}

// status shows text in the status line, made safe: errors can quote what
// a broker sent.
func status(kind common.StatusKind, text string) tea.Cmd {
	text = safe.String(text)
	return func() tea.Msg { return common.StatusMsg{Kind: kind, Text: text} }
}

func back() tea.Msg { return common.BackMsg{} }
