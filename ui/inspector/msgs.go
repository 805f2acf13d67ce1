package inspector

// docMsg carries a value prepared off the UI goroutine (see asyncSize).
// It reaches the inspector tagged by its base with the value generation
// that asked: a result for a record or view the user has since left is
// dropped.
type docMsg struct {
	d *doc
}
