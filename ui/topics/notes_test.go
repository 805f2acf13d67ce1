package topics

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// notingBackend is a fakeBackend that also says which topics hold fewer
// records than offsets, and counts how often it was asked.
type notingBackend struct {
	*fakeBackend
	mu    sync.Mutex
	notes map[string]kafkaops.OffsetNote
	asked int
}

func (n *notingBackend) TopicOffsetNotes(_ context.Context, topics []string) (map[string]kafkaops.OffsetNote, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.asked++
	out := map[string]kafkaops.OffsetNote{}
	for _, t := range topics {
		if note, ok := n.notes[t]; ok {
			out[t] = note
		}
	}
	return out, nil
}

// The count column is named for what it is (offsets), and a compacted or
// transactional topic's count is marked as more than its records, with the
// reason in the summary line. The notes are read with the first list, then
// only every notesEvery lists or when the topics change.
func TestOffsetsNotedForCompactedAndTransactional(t *testing.T) {
	n := &notingBackend{fakeBackend: &fakeBackend{topics: sampleTopics()}, notes: map[string]kafkaops.OffsetNote{
		"__consumer_offsets": {Compacted: true},
		"payments":           {Transactional: true},
		"users":              {Compacted: true, Transactional: true},
	}}
	m := New(newCommon(false), n)
	m.SetSize(100, 30)
	for _, msg := range collect(t, m.Init()) {
		send(t, m, msg)
	}
	v := m.View()
	checkSize(t, v, 100, 30)
	golden(t, "offsets_noted_100x30", v)
	plain := ansi.Strip(v)
	for _, want := range []string{"OFFSETS", "≤98,765", "≤12,300", "≤ fewer records (compacted/transactions)"} {
		if !strings.Contains(plain, want) {
			t.Errorf("view lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "≤1.2M") || strings.Contains(plain, "MESSAGES") {
		t.Errorf("Orders is neither compacted nor transactional, and the column is OFFSETS:\n%s", plain)
	}
	if n.asked != 1 {
		t.Fatalf("notes asked %d times on the first load, want 1", n.asked)
	}
	for range notesEvery {
		send(t, m, answer(m, sampleTopics()))
	}
	if n.asked != 1 {
		t.Errorf("notes asked %d times after %d quiet refreshes, want still 1", n.asked, notesEvery)
	}
	send(t, m, answer(m, sampleTopics()))
	if n.asked != 2 {
		t.Errorf("notes asked %d times, want 2 after %d refreshes", n.asked, notesEvery+1)
	}
	// A new topic reads them at once.
	n.notes["fresh"] = kafkaops.OffsetNote{Compacted: true}
	send(t, m, answer(m, append(sampleTopics(), kafkaops.TopicSummary{Name: "fresh", Partitions: 1, ReplicationFactor: 1, Messages: 7})))
	if n.asked != 3 || !strings.Contains(ansi.Strip(m.View()), "≤7") {
		t.Errorf("new topic: asked %d, view:\n%s", n.asked, ansi.Strip(m.View()))
	}
}
