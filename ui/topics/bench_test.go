package topics

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kafkatui/kafkatui/kafkaops"
)

// manyTopics is a 10,000-topic cluster with names like real ones: teams,
// services, versions, dead letter queues.
func manyTopics(n int) []kafkaops.TopicSummary {
	out := make([]kafkaops.TopicSummary, n)
	for i := range out {
		out[i] = kafkaops.TopicSummary{
			Name:              fmt.Sprintf("team-%02d.service-%03d.events.v%d", i%37, i%311, i%5),
			Partitions:        1 + i%48,
			ReplicationFactor: 3,
			Messages:          int64(i) * 7919,
			UnderReplicated:   boolInt(i%97 == 0),
		}
		if i%3 == 0 {
			out[i].Name += ".dlq"
		}
		out[i].Name += fmt.Sprintf("-%05d", i)
	}
	// ListTopics returns topics sorted by name.
	slices.SortFunc(out, func(a, b kafkaops.TopicSummary) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// benchPane is a pane of 10,000 topics at 100x30 with its data loaded.
func benchPane(b *testing.B) (*Model, []kafkaops.TopicSummary) {
	b.Helper()
	topics := manyTopics(10_000)
	m := New(newCommon(false), &fakeBackend{})
	m.SetSize(100, 30)
	m.NextGen()
	m.Update(answer(m, topics))
	if len(m.data.shown) != 10_000 {
		b.Fatalf("%d rows", len(m.data.shown))
	}
	return m, topics
}

// BenchmarkBuildRows is data arrival: 10,000 topics made into prepared,
// sorted, filtered rows, none of them known before (the first load).
func BenchmarkBuildRows(b *testing.B) {
	m, topics := benchPane(b)
	m.table.SetCursor(5_000)
	b.ReportAllocs()
	for b.Loop() {
		m.data.all, m.data.shown, m.data.names = nil, nil, nil
		m.Update(answer(m, topics))
	}
}

// BenchmarkRefreshAllChanged is a refresh where every topic's counts
// changed (a busy cluster): every row is rebuilt, names are reused.
func BenchmarkRefreshAllChanged(b *testing.B) {
	m, topics := benchPane(b)
	m.table.SetCursor(5_000)
	lists := changedLists(topics)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Update(answer(m, lists[i%2]))
		i++
	}
}

// changedLists are two versions of topics where every topic differs, so
// that alternating between them rebuilds every row.
func changedLists(topics []kafkaops.TopicSummary) [2][]kafkaops.TopicSummary {
	other := slices.Clone(topics)
	for i := range other {
		other[i].Messages++
	}
	return [2][]kafkaops.TopicSummary{topics, other}
}

// BenchmarkBuildRowsSorted is BuildRows with the table sorted by message
// count, so the rows must be sorted too.
func BenchmarkBuildRowsSorted(b *testing.B) {
	m, topics := benchPane(b)
	for range 3 {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	}
	if m.data.sortCol != colMessages {
		b.Fatalf("sorted by column %d", m.data.sortCol)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.data.all, m.data.shown, m.data.names = nil, nil, nil
		m.Update(answer(m, topics))
	}
}

// BenchmarkRefreshRows is a periodic refresh of 10,000 topics where 1% of
// them got new messages: unchanged rows are reused.
func BenchmarkRefreshRows(b *testing.B) {
	m, topics := benchPane(b)
	next := slices.Clone(topics)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		for j := i % 100; j < len(next); j += 100 {
			next[j].Messages++
		}
		i++
		m.Update(answer(m, slices.Clone(next)))
	}
}

// BenchmarkFilterKeystroke is one key typed into the filter over 10,000
// topics: Update (refilter, rows to the table) plus the View drawn after
// it. Keys alternate between typing "1" and deleting it, so each
// operation is one real keystroke against the whole list.
func BenchmarkFilterKeystroke(b *testing.B) {
	m, _ := benchPane(b)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("v")})
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("1")}, {Type: tea.KeyBackspace}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Update(keys[i%2])
		_ = m.View()
		i++
	}
	if !m.filter.Focused() {
		b.Fatal("the filter lost focus")
	}
}

// BenchmarkScrollKeystroke is j (cursor down) plus the View after it.
func BenchmarkScrollKeystroke(b *testing.B) {
	m, _ := benchPane(b)
	down := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}
	b.ReportAllocs()
	for b.Loop() {
		if m.table.Cursor() == m.table.Len()-1 {
			m.table.SetCursor(0)
		}
		m.Update(down)
		_ = m.View()
	}
}

// BenchmarkView is View alone, the cursor in the middle of the list.
func BenchmarkView(b *testing.B) {
	m, _ := benchPane(b)
	m.table.SetCursor(5_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}
