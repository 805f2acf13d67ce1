// Package table is the windowed table every list pane of kafkatui draws
// with: a header row, a cursor, columns fitted to the pane width, per-cell
// style hints (warning, error, muted...) and vim/arrow/page/mouse movement.
//
// It is purpose-built rather than bubbles/table because a pane with 10,000
// topics needs three things bubbles/table does not give: rows handed over as
// prepared cells (SetRows only stores a slice; no per-row work), a View whose
// cost is the visible rows only (bubbles rebuilds its viewport content from
// all rows around the cursor on every move), and style hints per cell so
// that an under-replicated count can be highlighted without the pane
// embedding escape codes in its data.
//
// Rows are prepared by the pane when data arrives (in Update); View only
// escapes, pads, truncates and styles the rows on screen. The package may
// import bubbletea, bubbles/key, lipgloss, x/ansi, keymap, ui/common and
// internal/safe.
package table

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/keymap"
	"github.com/kafkatui/kafkatui/ui/common"
)

// Align is a column's horizontal alignment.
type Align uint8

// Alignments.
const (
	AlignLeft Align = iota
	AlignRight
)

// Hint says how a cell (or a span of it) should stand out. The table maps
// hints to the theme's styles, so panes say what a value means, not how it
// looks.
type Hint uint8

// Hints.
const (
	HintNone Hint = iota
	HintMuted
	HintAccent
	HintSuccess
	HintWarning
	HintError
	numHints
)

// Span is a part of a cell with its own hint, e.g. one replica id of a
// replica list that is out of sync.
type Span struct {
	Text string
	Hint Hint
}

// Cell is one value of a row. Text (and every Span's) may be anything a
// broker sent: the table escapes it with internal/safe when it measures and
// draws it, so no pane can put raw Kafka text on screen through a table.
// Escaping is idempotent, so text a pane escaped already (with safe.Name,
// say) is shown as the pane made it.
type Cell struct {
	Text string
	Hint Hint
	// Spans, when set, are drawn instead of Text, each with its own hint
	// (falling back to the cell's hint).
	Spans []Span
}

// Row is one line of the table.
type Row struct {
	Cells []Cell
	// Hint applies to every cell without a hint of its own, e.g. muted
	// for configs left at their default.
	Hint Hint
}

// Column describes one column.
type Column struct {
	Title string
	// Width is the column's preferred (and, space allowing, minimum) width
	// in cells.
	Width int
	// Grow is this column's share of the width left over once every column
	// has its Width; 0 means the column never grows.
	Grow int
	// Fit widens the column to its widest cell when rows are set. Use it
	// for short lists only: it costs a pass over every row.
	Fit bool
	// Keep holds the column's width while any column without Keep can
	// still give up cells: a cut number misleads, a cut name does not.
	Keep bool
	// Drop, above 0, leaves the column out when the columns do not fit at
	// their preferred widths, before any column is cut: the highest Drop
	// goes first. It is for columns that add to a row but whose loss
	// costs less than a cut name or number, e.g. a trend.
	Drop int
	// Short, when set, is a shorter title ("PART" for "PARTITION") the
	// column takes when the columns do not fit with the full titles; it
	// keeps its full title whenever there is room for it once the Drop
	// columns are out. Width is then the column's width under Short (a
	// PART column of numbers needs 4 cells, not 9). A title marked by
	// SortMarked keeps room for the full title, so Short is for columns
	// that do not sort.
	Short string
	Align Align
}

// Styles are the table's styles, built from the pane's common.Styles.
type Styles struct {
	Header   lipgloss.Style
	Selected lipgloss.Style
	Empty    lipgloss.Style
	hints    [numHints]lipgloss.Style
	// plain[h] reports that hint h has no style, so cells skip Render.
	plain [numHints]bool
}

// NewStyles maps s (built from the theme) to the table's styles.
func NewStyles(s common.Styles) Styles {
	st := Styles{
		Header:   s.TableHead,
		Selected: s.Selected,
		Empty:    s.Muted,
	}
	st.hints[HintNone] = lipgloss.NewStyle()
	st.plain[HintNone] = true
	st.hints[HintMuted] = s.Muted
	st.hints[HintAccent] = s.Accent
	st.hints[HintSuccess] = s.Success
	st.hints[HintWarning] = s.Warning
	st.hints[HintError] = s.Error
	return st
}

// wheelStep is how many rows one mouse wheel notch moves, as in most
// terminal programs (bubbles/viewport uses 3 too).
const wheelStep = 3

// gap is the space between two columns; pad is the space at each edge.
const (
	gap = 2
	pad = 1
)

// Model is a table. The zero value is not usable: call New.
type Model struct {
	cols    []Column
	fitW    []int // widest cell per Fit column, from the last SetRows
	widths  []int
	dropped []bool // columns left out for want of room (Drop)
	short   []bool // columns showing their Short title for want of room
	rows    []Row
	cursor  int
	offset  int // first visible row
	width   int
	height  int
	keys    keymap.List
	styles  Styles
	empty   string
	overrun bool // columns do not fit even at their smallest: clip lines
}

// New returns a table with the given columns, movement keys and styles.
func New(cols []Column, keys keymap.List, st Styles) Model {
	m := Model{keys: keys, styles: st, empty: "no rows"}
	m.SetColumns(cols)
	return m
}

// SetColumns replaces the columns (e.g. to show a sort arrow in a title)
// and fits them to the width again.
func (m *Model) SetColumns(cols []Column) {
	m.cols = append(m.cols[:0:0], cols...)
	m.measureFit()
	m.layout()
}

// Columns returns a copy of the columns.
func (m *Model) Columns() []Column { return append([]Column(nil), m.cols...) }

// SetRows replaces the rows. It keeps the cursor index (clamped); a pane
// that wants the cursor on the same item calls SetCursor after. The slice
// is kept, not copied: the caller must not modify it afterwards.
func (m *Model) SetRows(rows []Row) {
	m.rows = rows
	if m.measureFit() {
		m.layout()
	}
	m.clamp()
}

// Rows returns the rows as set.
func (m *Model) Rows() []Row { return m.rows }

// Len is the number of rows.
func (m *Model) Len() int { return len(m.rows) }

// SetEmpty sets the text shown when there are no rows.
func (m *Model) SetEmpty(text string) { m.empty = text }

// SetSize sets the table's size in cells; the header takes one line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
	m.layout()
	m.clamp()
}

// Width is the table's width as last set.
func (m *Model) Width() int { return m.width }

// Height is the table's height as last set, header included.
func (m *Model) Height() int { return m.height }

// Cursor is the index of the selected row (0 when there are no rows).
func (m *Model) Cursor() int { return m.cursor }

// Offset is the index of the first row on screen.
func (m *Model) Offset() int { return m.offset }

// SetCursor selects row i (clamped) and scrolls it into view.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// Selected returns the selected row, false when there are none.
func (m *Model) Selected() (Row, bool) {
	if len(m.rows) == 0 {
		return Row{}, false
	}
	return m.rows[m.cursor], true
}

// pageSize is the number of rows on screen.
func (m *Model) pageSize() int { return max(m.height-1, 0) }

// clamp keeps the cursor on a row and the window around the cursor.
func (m *Model) clamp() {
	n := len(m.rows)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	page := m.pageSize()
	if page == 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	m.offset = min(max(m.offset, 0), max(n-page, 0))
}
