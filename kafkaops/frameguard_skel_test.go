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

// TestMetadataSkeletonAcceptsRealReplies: every version of a real-looking
// Metadata reply passes the walk.
func TestMetadataSkeletonAcceptsRealReplies(t *testing.T) {
	for v := int16(0); v <= kmsg.NewPtrMetadataResponse().MaxVersion(); v++ {
		resp := kmsg.NewPtrMetadataResponse()
		resp.SetVersion(v)
		body := metadataBody()
		full := kmsg.NewPtrMetadataResponse()
		full.SetVersion(8)
		if err := full.ReadFrom(body); err != nil {
			t.Fatal(err)
		}
		resp.Brokers, resp.ClusterID, resp.Topics = full.Brokers, kmsg.StringPtr("c"), full.Topics[:20]
		resp.Topics[3].Partitions[0].OfflineReplicas = []int32{2}
		if err := metadataSkeleton(v, resp.AppendTo(nil)); err != nil {
			t.Errorf("v%d: %v", v, err)
		}
	}
}

// TestMetadataSkeletonBoundsKmsg: 1 MiB junk Metadata replies claiming an
// element per byte made kmsg allocate 48 to 80 MB; the walk refuses them
// first.
func TestMetadataSkeletonBoundsKmsg(t *testing.T) {
	for _, v := range []int16{1, 8, 12} {
		for _, which := range []string{"brokers", "topics"} {
			const size = 1 << 20
			var body []byte
			if v >= 9 {
				body = append(body, 0)
			}
			if v >= 3 {
				body = binary.BigEndian.AppendUint32(body, 0)
			}
			n := uint64(size - 32)
			arr := func(n uint64) {
				if v >= 9 {
					body = binary.AppendUvarint(body, n+1)
				} else {
					body = binary.BigEndian.AppendUint32(body, uint32(n))
				}
			}
			if which == "topics" {
				arr(0) // no brokers
				if v >= 9 {
					body = append(body, 0) // null cluster id
				} else if v >= 2 {
					body = binary.BigEndian.AppendUint16(body, 0xffff)
				}
				body = binary.BigEndian.AppendUint32(body, 0) // controller
			}
			arr(n)
			body = append(body, make([]byte, size-len(body))...)
			var a, b runtime.MemStats
			runtime.ReadMemStats(&a)
			err := checkReply(sentRequest{key: 3, version: v}, body)
			runtime.ReadMemStats(&b)
			if err == nil {
				t.Errorf("v%d %s: junk passed", v, which)
			}
			if got := b.TotalAlloc - a.TotalAlloc; got > 8<<20 {
				t.Errorf("v%d %s: checking a 1 MiB reply allocated %d MB", v, which, got>>20)
			}
		}
	}
}
