package tail

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/kafkatui/kafkatui/kafkaops"
	"github.com/kafkatui/kafkatui/ui/common"
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

// BenchmarkUpdateBatch512Avro is BenchmarkUpdateBatch512 with Avro
// values framed for a Schema Registry (10 fields, ~200 bytes), decoded as
// they arrive: in the batch's Cmd (BenchmarkDecodeBatch512Avro), before
// Update, which only holds them with their JSON.
func BenchmarkUpdateBatch512Avro(b *testing.B) {
	m, batches, decs := avroBench(b)
	m.waiting = true
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(batches)
		m.Update(own(m, batchMsg{recs: batches[k], decs: decs[k]}))
	}
}

// BenchmarkDecodeBatch512Avro is the batch Cmd's decoding of 512 Avro
// records, schema cached: off the UI goroutine, but it delays the batch.
func BenchmarkDecodeBatch512Avro(b *testing.B) {
	m, batches, _ := avroBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.src.decode(batches[i%len(batches)])
	}
}

const benchAvsc = `{"type":"record","name":"Click","namespace":"shop","fields":[
	{"name":"session","type":"string"},{"name":"user","type":"string"},
	{"name":"page","type":"string"},{"name":"referrer","type":"string"},
	{"name":"event","type":"string"},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
	{"name":"price","type":"double"},{"name":"quantity","type":"int"},
	{"name":"mobile","type":"boolean"},{"name":"country","type":["null","string"]}]}`

// avroBench is a full tail of Avro records decoding with a registry, and
// 8 batches of 512 more with their decodings.
func avroBench(b *testing.B) (*Model, [][]kafkaops.Record, [][]*common.Decoding) {
	s := newSchemaShop(b)
	id := s.register(b, "clicks-value", benchAvsc)
	sch := avro.MustParse(benchAvsc)
	rec := func(i int) kafkaops.Record {
		r := clickRecord(i)
		payload, err := avro.Marshal(sch, map[string]any{
			"session": fmt.Sprintf("session-%05d", i%5000), "user": fmt.Sprintf("u-%d", i%977),
			"page": fmt.Sprintf("/products/%d", i%1000), "referrer": fmt.Sprintf("https://example.com/search?q=item%d", i%313),
			"event": "view", "ts": fixedNow.Add(time.Duration(i) * time.Millisecond),
			"price": float64(i%1000) / 4, "quantity": int32(i % 9), "mobile": i%2 == 0, "country": "NL",
		})
		if err != nil {
			b.Fatal(err)
		}
		hdr, _ := new(sr.ConfluentHeader).AppendEncode(nil, id, nil)
		r.Value = append(hdr, payload...)
		return r
	}
	m := benchTail(b, 0)
	m.src.dec, m.src.ctx = s.dec, context.Background()
	batches := make([][]kafkaops.Record, 8)
	decs := make([][]*common.Decoding, 8)
	for k := range batches {
		for i := range batchMax {
			batches[k] = append(batches[k], rec(k*batchMax+i))
		}
		decs[k] = m.src.decode(batches[k])
		if decs[k] == nil || decs[k][0].Value == nil {
			b.Fatalf("not decoded: %+v", decs[k])
		}
	}
	for range DefaultBuffer / batchMax {
		for k := range batches { // fill the ring: each batch then drops the oldest
			m.add(batches[k], decs[k])
		}
	}
	return m, batches, decs
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
