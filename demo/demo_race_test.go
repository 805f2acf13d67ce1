//go:build race

package demo

import "time"

// startBudget is how long Start may take in the tests: the race detector
// slows the in-process brokers and the JSON encoding of the history about
// tenfold.
const startBudget = 20 * time.Second
