package kafkaops

import (
	"encoding/binary"
	"runtime"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestFetchSkeletonAcceptsRealReplies: replies kmsg encodes, at every
// version kafka-go or kmsg may use, with aborted transactions and records,
// pass the walk.
func TestFetchSkeletonAcceptsRealReplies(t *testing.T) {
	for v := int16(0); v <= kmsg.NewPtrFetchResponse().MaxVersion(); v++ {
		resp := kmsg.NewPtrFetchResponse()
		resp.SetVersion(v)
		for ti := range 3 {
			rt := kmsg.NewFetchResponseTopic()
			rt.Topic, rt.TopicID = "topic", [16]byte{byte(ti)}
			for p := range int32(4) {
				rp := kmsg.NewFetchResponseTopicPartition()
				rp.Partition, rp.RecordBatches = p, claimingBatch(1)[:0]
				if p%2 == 0 {
					rp.RecordBatches = []byte("0123456789")
					a := kmsg.NewFetchResponseTopicPartitionAbortedTransaction()
					rp.AbortedTransactions = append(rp.AbortedTransactions, a, a)
				}
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		if err := fetchSkeleton(v, resp.AppendTo(nil)); err != nil {
			t.Errorf("v%d: %v", v, err)
		}
	}
}

// TestFetchSkeletonBoundsKmsg: a 1 MiB junk Fetch reply claiming a
// partition per byte is refused by the walk before kmsg allocates for it.
func TestFetchSkeletonBoundsKmsg(t *testing.T) {
	for _, v := range []int16{4, 11, 12, 16} {
		var body []byte
		if v >= 12 {
			body = append(body, 0) // header tags, skipped by checkReply
		}
		body = append(body, make([]byte, 4)...) // throttle
		if v >= 7 {
			body = append(body, make([]byte, 2+4)...) // error, session
		}
		if v >= 12 {
			body = binary.AppendUvarint(body, 2) // one topic
			if v >= 13 {
				body = append(body, make([]byte, 16)...)
			} else {
				body = append(body, 1) // "" topic name
			}
			body = binary.AppendUvarint(body, 1<<20) // partitions
		} else {
			body = binary.BigEndian.AppendUint32(body, 1)
			body = binary.BigEndian.AppendUint16(body, 0)
			body = binary.BigEndian.AppendUint32(body, 1<<20-64)
		}
		body = append(body, make([]byte, 1<<20-len(body))...)
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		err := checkReply(sentRequest{key: 1, version: v}, body)
		runtime.ReadMemStats(&b)
		if err == nil {
			t.Errorf("v%d: junk passed", v)
		}
		if got := b.TotalAlloc - a.TotalAlloc; got > 8<<20 {
			t.Errorf("v%d: checking a 1 MiB reply allocated %d MB", v, got>>20)
		}
	}
}
