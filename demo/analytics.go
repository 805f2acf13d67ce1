package demo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// analyticsShare is how much of the clickstream analytics keeps up with:
// under half, so its lag grows by more than a hundred records a second.
const analyticsShare = 0.4

// laggingCommitEvery is how often a lagging member commits. Every partition's
// committed offset moves at each commit, so a lag evaluator (Burrow's rules)
// sees a consumer that is committing but falling behind, not a stalled one.
const laggingCommitEvery = 2 * time.Second

// laggard makes a group member fall behind evenly. Pacing the records polled
// does not: kgo drains buffered fetches unevenly, so some partitions stop
// moving for many minutes while others stay at the end, which reads as a
// stall. Instead the member reads everything and, with autocommit off,
// commits on every partition an offset that advances by share of what was
// produced there since the last commit (the growth of the high watermark),
// never past what it has read.
type laggard struct {
	group string
	share float64

	// commitMu is held for a whole commit round and by the revoke callback,
	// so a commit computed for a partition never lands after the partition
	// has moved to another member (which would move its offset backwards).
	commitMu sync.Mutex

	mu    sync.Mutex
	parts map[int32]*laggingPart // assigned partitions of the one topic
	topic string
}

// laggingPart is what a laggard knows of one assigned partition.
type laggingPart struct {
	pos      int64   // the offset to commit; -1 until known
	consumed int64   // one past the highest offset read; pos never passes it
	hwm      int64   // the highest high watermark fetched; -1 until seen
	lastHwm  int64   // hwm at the last commit round; -1 before the first
	carry    float64 // fraction of a record owed, so slow partitions move too
}

func newLaggard(group, topic string, share float64) *laggard {
	return &laggard{group: group, topic: topic, share: share, parts: map[int32]*laggingPart{}}
}

// opts are the client options a laggard needs.
func (l *laggard) opts() []kgo.Opt {
	return []kgo.Opt{
		kgo.DisableAutoCommit(),
		kgo.OnPartitionsAssigned(l.assigned),
		kgo.OnPartitionsRevoked(l.revoked),
		kgo.OnPartitionsLost(l.revoked),
	}
}

// assigned starts tracking new partitions from the offsets the group has
// committed for them, read back so that nothing moves backwards.
func (l *laggard) assigned(ctx context.Context, cl *kgo.Client, assigned map[string][]int32) {
	ps := assigned[l.topic]
	if len(ps) == 0 {
		return
	}
	// If the read fails, pos is learnt from the first record read, which is
	// where kgo resumed: the committed offset, or the log start past it.
	committed := map[int32]int64{}
	os, err := kadm.NewClient(cl).FetchOffsets(ctx, l.group)
	if err == nil {
		err = os.Error()
	}
	if err == nil {
		os.Each(func(o kadm.OffsetResponse) {
			if o.Topic == l.topic && o.At >= 0 {
				committed[o.Partition] = o.At
			}
		})
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range ps {
		pos, ok := committed[p]
		if !ok {
			pos = -1
		}
		l.parts[p] = &laggingPart{pos: pos, consumed: pos, hwm: -1, lastHwm: -1}
	}
}

// revoked stops tracking partitions. It waits for a commit round in flight,
// so the next owner reads back the last offset committed here. The progress
// since that round (at most laggingCommitEvery) is not committed: the next
// owner starts counting afresh, a little further behind.
func (l *laggard) revoked(_ context.Context, _ *kgo.Client, revoked map[string][]int32) {
	l.commitMu.Lock()
	defer l.commitMu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range revoked[l.topic] {
		delete(l.parts, p)
	}
}

// read notes what a poll returned.
func (l *laggard) read(fs kgo.Fetches) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs.EachPartition(func(fp kgo.FetchTopicPartition) {
		st := l.parts[fp.Partition]
		if fp.Topic != l.topic || st == nil || fp.Err != nil {
			return
		}
		st.hwm = max(st.hwm, fp.HighWatermark)
		for _, r := range fp.Records {
			if st.pos < 0 {
				st.pos, st.consumed = r.Offset, r.Offset
			}
			if r.Offset >= st.consumed {
				st.consumed = r.Offset + 1
			}
		}
	})
}

// advance moves every partition's position on by share of the records
// produced there since the last round, and returns what to commit.
func (l *laggard) advance() map[string]map[int32]kgo.EpochOffset {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int32]kgo.EpochOffset{}
	for p, st := range l.parts {
		if st.pos < 0 || st.hwm < 0 {
			continue
		}
		if st.lastHwm >= 0 {
			st.carry += l.share * float64(st.hwm-st.lastHwm)
			n := int64(st.carry)
			st.carry -= float64(n)
			st.pos = min(st.pos+n, st.consumed)
		}
		st.lastHwm = st.hwm
		out[p] = kgo.EpochOffset{Epoch: -1, Offset: st.pos}
	}
	if len(out) == 0 {
		return nil
	}
	return map[string]map[int32]kgo.EpochOffset{l.topic: out}
}

// commitLoop commits every laggingCommitEvery until ctx is done.
func (c *Cluster) commitLoop(ctx context.Context, cl *kgo.Client, l *laggard) {
	defer c.wg.Done()
	t := time.NewTicker(laggingCommitEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := l.commit(ctx, cl); err != nil {
			c.warnf("demo group %s: %v", l.group, err)
		}
	}
}

// commit runs one commit round. Errors a rebalance or shutdown causes are
// expected and not returned: the next round commits again.
func (l *laggard) commit(ctx context.Context, cl *kgo.Client) error {
	l.commitMu.Lock()
	defer l.commitMu.Unlock()
	offsets := l.advance()
	if len(offsets) == 0 {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, 5*laggingCommitEvery)
	defer cancel()
	var rerr error
	cl.CommitOffsetsSync(cctx, offsets, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
		if err != nil {
			rerr = err
			return
		}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				if err := kerr.ErrorForCode(p.ErrorCode); err != nil && rerr == nil {
					rerr = fmt.Errorf("%s/%d: %w", t.Topic, p.Partition, err)
				}
			}
		}
	})
	if rerr == nil || errClosed(rerr) || ctx.Err() != nil ||
		errors.Is(rerr, kerr.RebalanceInProgress) || errors.Is(rerr, kerr.IllegalGeneration) || errors.Is(rerr, kerr.UnknownMemberID) {
		return nil
	}
	return fmt.Errorf("commit offsets: %w", rerr)
}
