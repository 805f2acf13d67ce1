package health

// Series is a bounded history of one number (a lag) over the session, for
// a sparkline: the newest values are kept, the oldest dropped.
type Series struct {
	max  int
	vals []int64
}

// DefaultSeries is how many points a Series keeps: more than any
// sparkline column is wide.
const DefaultSeries = 120

// NewSeries returns an empty series keeping up to n points
// (DefaultSeries when n <= 0).
func NewSeries(n int) *Series {
	if n <= 0 {
		n = DefaultSeries
	}
	return &Series{max: n}
}

// Add appends a point, dropping the oldest once full.
func (s *Series) Add(v int64) {
	if len(s.vals) == s.max {
		copy(s.vals, s.vals[1:])
		s.vals = s.vals[:s.max-1]
	}
	s.vals = append(s.vals, v)
}

// Values are the points, oldest first; the slice is the series' own.
func (s *Series) Values() []int64 { return s.vals }

// Clone returns an independent copy.
func (s *Series) Clone() *Series {
	return &Series{max: s.max, vals: append([]int64(nil), s.vals...)}
}
