// Package bytesize writes byte counts for people ("512 B", "1.2 KiB",
// "1.0 MiB"), one way for every pane that shows a size. It imports only
// the standard library.
package bytesize

import "fmt"

// Format is n bytes for people, in binary units: "512 B", "1.2 KiB",
// "1.0 MiB", "3.4 GiB".
func Format(n int) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n) / unit
	u := "KiB"
	for _, next := range []string{"MiB", "GiB"} {
		if f < unit {
			break
		}
		f /= unit
		u = next
	}
	return fmt.Sprintf("%.1f %s", f, u)
}
