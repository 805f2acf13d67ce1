package inspector

// docMsg carries a value prepared off the UI goroutine (see asyncSize).
// origin names the inspector that asked, gen the request: a result for a
// record or view the user has since left is dropped.
type docMsg struct {
	origin int64
	gen    int
	d      *doc
}

// ageTickMsg brings the record's age ("3s ago") up to date in inspector
// origin. Once the inspector has left the stack nobody re-arms it.
type ageTickMsg struct{ origin int64 }
