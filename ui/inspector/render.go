package inspector

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/kafkatui/kafkatui/ui/common"
)

// palette is the styles of the inspector, from the theme. plain is set
// for NO_COLOR and --theme none: then nothing is coloured at all.
type palette struct {
	plain  bool
	label  lipgloss.Style
	muted  lipgloss.Style
	note   lipgloss.Style
	bar    lipgloss.Style
	tokens [clPunct + 1]lipgloss.Style
}

func newPalette(c *common.Common) palette {
	s := c.Styles
	p := palette{
		plain: c.Theme.NoColor,
		label: s.TableHead,
		muted: s.Muted,
		note:  s.Warning,
		bar:   s.Header,
	}
	p.tokens[clKey] = s.Accent
	p.tokens[clString] = s.Success
	p.tokens[clNumber] = s.Warning
	p.tokens[clLiteral] = s.Header
	p.tokens[clPunct] = s.Muted
	return p
}

// docView is a doc laid out at a width: its rows, and the JSON tokens of
// the lines rendered so far.
type docView struct {
	d      *doc
	rows   []span
	hexPer int
	toks   map[int32][]token
}

// layout computes the rows at width, once per record, view and width.
func (v *docView) layout(width int) {
	v.toks = nil
	v.rows = nil
	switch {
	case v.d.null || v.d.empty || v.d.rendering:
	case v.d.kind == modeHex:
		v.hexPer = hexPerRow(width)
	default:
		v.rows = wrapLines(v.d.lines, width)
	}
}

// count is the number of rows.
func (v *docView) count() int {
	switch {
	case v.d.null || v.d.empty || v.d.rendering:
		return 1
	case v.d.kind == modeHex:
		return hexRowCount(len(v.d.data), v.hexPer)
	}
	return len(v.rows)
}

// row renders row i. Every piece of text in it comes from the escaped doc
// or from fixed labels. store keeps the JSON line's tokens for the next
// row of the same line; View passes false, as it must not change state.
func (v *docView) row(i int, p *palette, store bool) string {
	d := v.d
	switch {
	case d.null:
		return p.tokens[clLiteral].Render("null")
	case d.empty:
		return p.tokens[clString].Render(`""`) + p.muted.Render("  (empty, 0 bytes)")
	case d.rendering:
		return p.muted.Render("rendering…")
	case d.kind == modeHex:
		off, hex, text := hexRow(d.data, i, v.hexPer)
		return p.muted.Render(off) + "  " + hex + "  " + text
	}
	if i < 0 || i >= len(v.rows) {
		return ""
	}
	sp := v.rows[i]
	line := d.lines[sp.line]
	if d.kind != modeJSON || p.plain {
		return line[sp.start:sp.end]
	}
	toks, ok := v.toks[sp.line]
	if !ok {
		toks = lexLine(line, d.ctx[sp.line])
		if store {
			// Bounded: scrolling through a 1 MiB document must not keep
			// the tokens of every line it passed.
			if v.toks == nil || len(v.toks) > 4096 {
				v.toks = make(map[int32][]token)
			}
			v.toks[sp.line] = toks
		}
	}
	return highlight(line, toks, int(sp.start), int(sp.end), p)
}

// highlight styles bytes [start, end) of line by its tokens; bytes past
// the last token are left plain.
func highlight(line string, toks []token, start, end int, p *palette) string {
	var b strings.Builder
	pos := 0
	for _, t := range toks {
		te := int(t.end)
		from, to := max(pos, start), min(te, end)
		pos = te
		if from >= to {
			if te >= end {
				break
			}
			continue
		}
		seg := line[from:to]
		if t.class == clPlain {
			b.WriteString(seg)
		} else {
			b.WriteString(p.tokens[t.class].Render(seg))
		}
	}
	if pos < end {
		b.WriteString(line[max(pos, start):end])
	}
	return b.String()
}
