package kafkaops

import (
	"context"
	"encoding/binary"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkatui/kafkatui/internal/hostile"
)

// hostileCluster starts a hostile broker whose Metadata replies are
// replaced by fault's bytes, and a Cluster on it.
func hostileCluster(t *testing.T, fault func(version int16, corr int32) []byte) *Cluster {
	t.Helper()
	var faults atomic.Int64
	s, err := hostile.Listen("127.0.0.1:0", hostile.Config{Fault: func(key, version int16, corr int32) []byte {
		if key != 3 { // Metadata
			return nil
		}
		faults.Add(1)
		return fault(version, corr)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := Open(Config{Brokers: []string{s.Addr()}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		if faults.Load() == 0 {
			t.Error("the broker was never asked for metadata")
		}
	})
	return c
}

// reply frames body as a reply to corr, with a flexible header when the
// Metadata version has one.
func reply(corr int32, version int16, body []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(corr))
	if metadataFlexible(version) {
		b = append(b, 0)
	}
	b = append(b, body...)
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	return b
}

func metadataFlexible(version int16) bool {
	r := kmsg.NewPtrMetadataResponse()
	r.SetVersion(version)
	return r.IsFlexible()
}

// TestMalformedFrameIsAnError: replies with a negative, too small or absurd
// size prefix, or answering a request never sent, are a clear error naming
// the broker; before the guard the negative size made kafka-go panic in its
// own goroutine and killed the process.
func TestMalformedFrameIsAnError(t *testing.T) {
	for _, tt := range []struct {
		name  string
		frame func(version int16, corr int32) []byte
		want  string
	}{
		{"negative size", func(_ int16, corr int32) []byte {
			b := binary.BigEndian.AppendUint32(nil, uint32(0xfffffff0)) // -16
			return binary.BigEndian.AppendUint32(b, uint32(corr))
		}, "a reply of -16 bytes"},
		{"below the minimum", func(int16, int32) []byte {
			return []byte{0, 0, 0, 2, 0, 0}
		}, "a reply of 2 bytes"},
		{"absurd size", func(_ int16, corr int32) []byte {
			b := binary.BigEndian.AppendUint32(nil, 0x7ffffff0)
			return binary.BigEndian.AppendUint32(b, uint32(corr))
		}, "Metadata reply: a reply of 2147483632 bytes"},
		{"wrong correlation id", func(version int16, corr int32) []byte {
			return reply(corr+1000, version, make([]byte, 16))
		}, "which was not sent"},
		{"truncated body", func(version int16, corr int32) []byte {
			return reply(corr, version, []byte{0, 0})
		}, "Metadata reply"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := hostileCluster(t, tt.frame)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := c.ListTopics(ctx)
			if err == nil {
				t.Fatal("ListTopics succeeded on a malformed reply")
			}
			if !strings.Contains(err.Error(), "sent a malformed") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not say the broker sent a malformed reply (%s)", err, tt.want)
			}
		})
	}
}

// hugeArrayMetadata is a Metadata reply of a few dozen bytes whose broker
// array claims count elements.
func hugeArrayMetadata(count uint32) func(int16, int32) []byte {
	return func(version int16, corr int32) []byte {
		var body []byte
		if version >= 3 {
			body = binary.BigEndian.AppendUint32(body, 0) // throttle
		}
		if metadataFlexible(version) {
			body = binary.AppendUvarint(body, uint64(count)+1)
		} else {
			body = binary.BigEndian.AppendUint32(body, count)
		}
		return reply(corr, version, append(body, make([]byte, 56)...))
	}
}

// TestHugeArrayCountIsBounded: a well-framed 76-byte reply claiming five
// million brokers made kafka-go allocate hundreds of megabytes (6 GB for a
// hundred million) before it noticed the bytes were missing. Now the
// reply is refused before kafka-go reads it, and the whole exchange
// allocates little. The count is kept small enough that the test did not
// endanger a shared machine when it failed.
func TestHugeArrayCountIsBounded(t *testing.T) {
	c := hostileCluster(t, hugeArrayMetadata(5_000_000))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.ListTopics(ctx)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "sent a malformed Metadata reply") {
		t.Fatalf("err = %v, want a malformed Metadata reply", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Errorf("allocated %d MB answering a 76-byte reply", got>>20)
	}
}

// TestCheckReplyBoundsArrays checks the guard's decoding alone on the
// counts that brought the machine down: the largest a reply can claim.
func TestCheckReplyBoundsArrays(t *testing.T) {
	for _, v := range []int16{1, 8, 12} {
		frame := hugeArrayMetadata(0x7fffffff)(v, 7)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := checkReply(sentRequest{key: 3, version: v}, frame[8:])
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("v%d: a reply claiming 2^31-1 brokers passed", v)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
			t.Errorf("v%d: checking allocated %d bytes", v, got)
		}
	}
}
