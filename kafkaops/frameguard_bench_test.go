package kafkaops

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// fetchBody is a Fetch v11 reply body (after the correlation id) holding
// about 1 MiB of uncompressed 200-byte records in batches of 100, what one
// fetch of a busy partition brings.
func fetchBody() []byte {
	var batches []byte
	val := bytes.Repeat([]byte("x"), 200)
	for off := int64(0); len(batches) < 1<<20; off += 100 {
		var recs []byte
		for i := range 100 {
			var rec []byte
			rec = append(rec, 0)
			rec = binary.AppendVarint(rec, 0)
			rec = binary.AppendVarint(rec, int64(i))
			rec = binary.AppendVarint(rec, -1)
			rec = binary.AppendVarint(rec, int64(len(val)))
			rec = append(rec, val...)
			rec = binary.AppendVarint(rec, 0)
			recs = binary.AppendVarint(recs, int64(len(rec)))
			recs = append(recs, rec...)
		}
		var tail []byte
		tail = binary.BigEndian.AppendUint16(tail, 0)
		tail = binary.BigEndian.AppendUint32(tail, 99)
		tail = binary.BigEndian.AppendUint64(tail, 0)
		tail = binary.BigEndian.AppendUint64(tail, 0)
		tail = binary.BigEndian.AppendUint64(tail, ^uint64(0))
		tail = binary.BigEndian.AppendUint16(tail, ^uint16(0))
		tail = binary.BigEndian.AppendUint32(tail, ^uint32(0))
		tail = binary.BigEndian.AppendUint32(tail, 100)
		tail = append(tail, recs...)
		batches = binary.BigEndian.AppendUint64(batches, uint64(off))
		batches = binary.BigEndian.AppendUint32(batches, uint32(9+len(tail)))
		batches = binary.BigEndian.AppendUint32(batches, 0)
		batches = append(batches, 2)
		batches = binary.BigEndian.AppendUint32(batches, crc32.Checksum(tail, crc32.MakeTable(crc32.Castagnoli)))
		batches = append(batches, tail...)
	}
	resp := kmsg.NewPtrFetchResponse()
	resp.SetVersion(11)
	rt := kmsg.NewFetchResponseTopic()
	rt.Topic = "bench"
	rp := kmsg.NewFetchResponseTopicPartition()
	rp.RecordBatches = batches
	rt.Partitions = []kmsg.FetchResponseTopicPartition{rp}
	resp.Topics = []kmsg.FetchResponseTopic{rt}
	return resp.AppendTo(nil)
}

// metadataBody is a Metadata v8 reply body for 1,000 topics of 12
// partitions on 3 brokers.
func metadataBody() []byte {
	resp := kmsg.NewPtrMetadataResponse()
	resp.SetVersion(8)
	for id := range int32(3) {
		b := kmsg.NewMetadataResponseBroker()
		b.NodeID, b.Host, b.Port = id, fmt.Sprintf("broker-%d.example.com", id), 9092
		resp.Brokers = append(resp.Brokers, b)
	}
	for i := range 1000 {
		t := kmsg.NewMetadataResponseTopic()
		t.Topic = kmsg.StringPtr(fmt.Sprintf("orders.events.v1.%04d", i))
		for p := range int32(12) {
			mp := kmsg.NewMetadataResponseTopicPartition()
			mp.Partition, mp.Leader, mp.Replicas, mp.ISR = p, p%3, []int32{0, 1, 2}, []int32{0, 1, 2}
			t.Partitions = append(t.Partitions, mp)
		}
		resp.Topics = append(resp.Topics, t)
	}
	return resp.AppendTo(nil)
}

// BenchmarkCheckFetchReply is the guard's work on a 1 MiB fetch reply: one
// kmsg decode (record batches are sliced, not copied) and the batch-header
// walk.
func BenchmarkCheckFetchReply(b *testing.B) {
	body := fetchBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := checkReply(sentRequest{key: 1, version: 11}, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckMetadataReply is the guard's work on the metadata of a
// cluster of 1,000 topics (12,000 partitions).
func BenchmarkCheckMetadataReply(b *testing.B) {
	body := metadataBody()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := checkReply(sentRequest{key: 3, version: 8}, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGuardRead is a 1 MiB fetch reply read through a frameGuard from
// an in-memory pipe, as kafka-go reads it (4 KiB at a time): the copy and
// the check together.
func BenchmarkGuardRead(b *testing.B) {
	b.Run("guarded", func(b *testing.B) { benchGuardRead(b, true) })
	b.Run("plain", func(b *testing.B) { benchGuardRead(b, false) })
}

func benchGuardRead(b *testing.B, guarded bool) {
	body := fetchBody()
	frame := binary.BigEndian.AppendUint32(nil, uint32(4+len(body)))
	frame = binary.BigEndian.AppendUint32(frame, 1)
	frame = append(frame, body...)
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	var g io.Reader = client
	guard := newFrameGuard(client, "bench")
	if guarded {
		g = guard
	}
	req := binary.BigEndian.AppendUint32(nil, 8+2)
	req = binary.BigEndian.AppendUint16(req, 1)  // Fetch
	req = binary.BigEndian.AppendUint16(req, 11) // v11
	req = binary.BigEndian.AppendUint32(req, 1)  // correlation id
	req = binary.BigEndian.AppendUint16(req, 0)  // client id ""
	buf := make([]byte, 4096)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		guard.note(req)
		go server.Write(frame)
		if _, err := io.CopyBuffer(io.Discard, io.LimitReader(g, int64(len(frame))), buf); err != nil {
			b.Fatal(err)
		}
	}
}
