package tail

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// clickRecord is a record shaped like the demo's clickstream: a short key,
// a JSON value of ~180 bytes and one header.
func clickRecord(i int) kafkaops.Record {
	return kafkaops.Record{
		Topic: "clickstream", Partition: int32(i % 6), Offset: int64(i),
		Time: fixedNow.Add(time.Duration(i) * time.Millisecond),
		Key:  fmt.Appendf(nil, "session-%05d", i%5000),
		Value: fmt.Appendf(nil,
			`{"session":"session-%05d","user":"u-%d","page":"/products/%d","referrer":"https://example.com/search?q=item%d","event":"view","ts":%d}`,
			i%5000, i%977, i%1000, i%313, 1741964966000+int64(i)),
		Headers: []kafkaops.Header{{Key: "source", Value: []byte("web")}},
	}
}

// benchTail is a live tail holding n records (capacity max(n, 10,000)).
func benchTail(b *testing.B, n int) *Model {
	b.Helper()
	ch := make(chan []kafkaops.Record)
	m := New(newCommon(max(n, DefaultBuffer)), nil, "clickstream")
	m.SetSize(200, 50)
	m.mode = modeTail
	m.state = stateLive
	m.src = &source{batches: ch, err: func() error { return nil }, cancel: func() {},
		positions: func() []kafkaops.PartitionPosition { return nil }}
	batch := make([]kafkaops.Record, 0, batchMax)
	for i := range n {
		batch = append(batch, clickRecord(i))
		if len(batch) == batchMax || i == n-1 {
			m.add(batch, nil)
			batch = batch[:0]
		}
	}
	return m
}

// BenchmarkUpdateBatch512 is one batch of 512 records into a full 10,000
// record ring (each drops the oldest), through Update as the program does.
func BenchmarkUpdateBatch512(b *testing.B) {
	m := benchTail(b, DefaultBuffer)
	batches := make([][]kafkaops.Record, 8)
	for k := range batches {
		for i := range batchMax {
			batches[k] = append(batches[k], clickRecord(DefaultBuffer+k*batchMax+i))
		}
	}
	m.waiting = true
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(own(m, batchMsg{recs: batches[i%len(batches)]}))
	}
}

// BenchmarkUpdateBatch512JQ is the same with a jq filter and a jq column,
// each record's value parsed once for both.
func BenchmarkUpdateBatch512JQ(b *testing.B) {
	m := benchTail(b, DefaultBuffer)
	f, _ := compileFilter(`jq:.event == "view"`)
	m.setFilter(f)
	c, _ := newColumn(".user")
	m.addColumn(c)
	batch := make([]kafkaops.Record, batchMax)
	for i := range batch {
		batch[i] = clickRecord(DefaultBuffer + i)
	}
	m.waiting = true
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(own(m, batchMsg{recs: batch}))
	}
}

func benchView(b *testing.B, n int, follow bool) {
	m := benchTail(b, n)
	if !follow {
		m.follow = false
		m.cursor = n / 2
		m.clampView()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
}

// BenchmarkView10k and BenchmarkView100k render a 200x50 tail holding
// 10,000 and 100,000 records: only the window is cut to the width.
func BenchmarkView10k(b *testing.B)          { benchView(b, 10_000, true) }
func BenchmarkView100k(b *testing.B)         { benchView(b, 100_000, true) }
func BenchmarkView100kScrolled(b *testing.B) { benchView(b, 100_000, false) }

// BenchmarkHeldPerRecord reports the heap a held record costs: its bytes
// as read (key, value, headers, each allocated per record as kafka-go
// does) plus the ring entry and the formatted row, measured by filling a
// 10,000 record ring in batches as the program does.
func BenchmarkHeldPerRecord(b *testing.B) {
	const n = DefaultBuffer
	var payload int64
	for i := range n {
		r := clickRecord(i)
		payload += recordSize(&r)
	}
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := New(newCommon(n), nil, "clickstream")
		m.SetSize(200, 50)
		for k := 0; k < n; k += batchMax {
			batch := make([]kafkaops.Record, 0, batchMax)
			for j := k; j < min(k+batchMax, n); j++ {
				batch = append(batch, clickRecord(j))
			}
			m.add(batch, nil)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/record")
		b.ReportMetric(float64(payload)/n, "payload-bytes/record")
		runtime.KeepAlive(m)
	}
}
