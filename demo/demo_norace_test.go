//go:build !race

package demo

import "time"

// startBudget is how long Start may take in the tests: well under a second
// on an idle machine, a few seconds on a busy shared one.
const startBudget = 5 * time.Second
