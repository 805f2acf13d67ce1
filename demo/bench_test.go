package demo

import (
	"context"
	"testing"
)

// BenchmarkStart measures what a user waits for after `kafkatui demo`:
// Start (brokers, topics, the seeded history, the groups' first members)
// and Close. Well under a second on an idle machine; the tests do not
// assert it, since a loaded one takes many times longer.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		c, err := Start(context.Background(), Options{Logf: func(string, ...any) {}})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
