package ui

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// sgrPair is a style as the escape sequences that open and close it, so a
// row is built by string concatenation instead of a lipgloss Render per
// cell. Only styles without padding, margins, borders or widths can be
// split this way, which is true of every table style.
type sgrPair struct{ pre, post string }

// sgrOf splits a style's rendering of one character around it.
func sgrOf(s lipgloss.Style) sgrPair {
	out := s.Render("X")
	pre, post, ok := strings.Cut(out, "X")
	if !ok {
		return sgrPair{}
	}
	return sgrPair{pre, post}
}

// tableSGR holds every style the table draws with, split once per Styles.
type tableSGR struct {
	header, sorted, selected, marked, mark, absent, flag sgrPair
	rented, check                                        sgrPair    // a rented row, its gutter glyph
	features                                             [4]sgrPair // sms, voice, mms, fax
}

func newTableSGR(st *Styles) tableSGR {
	return tableSGR{
		header: sgrOf(st.TableHeader), sorted: sgrOf(st.SortedHeader),
		selected: sgrOf(st.SelectedRow), marked: sgrOf(st.MarkedRow), mark: sgrOf(st.Mark),
		absent: sgrOf(st.FeatureAbsent), flag: sgrOf(st.FlagBadge),
		rented: sgrOf(st.RentedRow), check: sgrOf(st.Success),
		features: [4]sgrPair{sgrOf(st.FeatureSMS), sgrOf(st.FeatureVoice), sgrOf(st.FeatureMMS), sgrOf(st.FeatureFax)},
	}
}

// View draws the pane: exactly height lines (the header, then the rows on
// screen, then blank lines), each exactly width cells wide. Only the rows
// on screen are rendered, so its cost does not depend on the number of
// results. The selected row is drawn in Styles.SelectedRow across the
// whole width.
func (t resultsTable) View() string {
	if t.height <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(t.height * (t.width + 64))
	b.WriteString(t.lay.header)
	for line := 1; line < t.height; line++ {
		b.WriteByte('\n')
		pos := t.offset + line - 1
		if pos >= t.idx.Len() {
			b.WriteString(t.lay.blank)
			continue
		}
		t.writeRow(&b, t.idx.At(pos), pos == t.cursor)
	}
	return b.String()
}

// writeRow draws the number at set index i as one line of the pane.
func (t *resultsTable) writeRow(b *strings.Builder, i int, selected bool) {
	if t.lay.used > t.width { // narrower than Number and Monthly: cut
		var row strings.Builder
		t.writeCells(&row, i, selected)
		b.WriteString(ansi.Truncate(row.String(), t.width, ""))
		return
	}
	t.writeCells(b, i, selected)
}

// writeCells draws a row at its layout width, padded to the pane width. The selected row is one style run (no per-cell colours inside
// it), and so is a rented row after its gutter (dimmed, with the check
// mark); where the selection's colours may not show, its gutter starts
// with Styles.CursorMark.
func (t *resultsTable) writeCells(b *strings.Builder, i int, selected bool) {
	g := &t.sgr
	if selected {
		b.WriteString(g.selected.pre)
	}
	if t.lay.cursor > 0 {
		if selected {
			b.WriteString(t.st.CursorMark)
		} else {
			writeSpaces(b, t.lay.cursor)
		}
	}
	gutter := t.lay.gutter - t.lay.cursor
	n := t.set.At(i)
	isMarked := t.marked(i)
	rented := t.rented != nil && t.rented(n.E164)
	dim := rented && !selected
	text := sgrPair{}
	if isMarked && !selected && !rented {
		text = g.marked
	}
	paint := func(p sgrPair) sgrPair {
		if selected || rented {
			return sgrPair{}
		}
		return p
	}
	switch {
	case rented:
		check := g.check
		if selected {
			check = sgrPair{}
		}
		writeStyled(b, t.st.Glyphs.Check, check)
		writeSpaces(b, gutter-cellWidth(t.st.Glyphs.Check))
	case isMarked:
		writeStyled(b, t.st.Glyphs.Mark, paint(g.mark))
		writeSpaces(b, gutter-cellWidth(t.st.Glyphs.Mark))
	default:
		writeSpaces(b, gutter)
	}
	if dim {
		b.WriteString(g.rented.pre)
	}
	for k, c := range t.lay.cols {
		if k > 0 {
			writeSpaces(b, colGap)
		}
		switch c.col {
		case results.Number:
			s, w := t.numberCell(i, c.w)
			writeCell(b, s, w, c, text)
		case results.Region:
			s, w := regionCell(t.st.plain(t.set.RegionSummary(i)), c.w, t.st.Glyphs.Ellipsis)
			writeCell(b, s, w, c, text)
		case results.Upfront:
			t.writeCost(b, n.Upfront, n.UpfrontCurrency, c, t.lay.upfront, text, paint(g.absent))
		case results.Monthly:
			t.writeCost(b, n.Monthly, n.MonthlyCurrency, c, t.lay.monthly, text, paint(g.absent))
		case results.Features:
			w := t.writeFeatures(b, n, selected || rented)
			writeSpaces(b, c.w-w)
		case results.Flags:
			s, w := fitText(n.Flags.Badges(), c.w, t.st.Glyphs.Ellipsis)
			writeCell(b, s, w, c, paint(g.flag))
		case results.Type:
			s, w := fitText(string(n.Type), c.w, t.st.Glyphs.Ellipsis)
			writeCell(b, s, w, c, text)
		case results.Country:
			s, w := fitText(n.Country, c.w, t.st.Glyphs.Ellipsis)
			writeCell(b, s, w, c, text)
		}
	}
	if dim {
		b.WriteString(g.rented.post)
	}
	writeSpaces(b, t.width-t.lay.used)
	if selected {
		b.WriteString(g.selected.post)
	}
}

// writeFeatures draws the feature badges ("S V · ·") and returns their
// width. Neighbours in the same style share one style run, space included
// (the absent dots, say), which saves the renderer a reset and a colour
// per badge; between different styles the space takes the next badge's
// (its colour does not show), so the renderer switches colours without a
// reset in between.
func (t *resultsTable) writeFeatures(b *strings.Builder, n *api.Number, plain bool) int {
	w := 0
	var open sgrPair
	for f, name := range api.KnownFeatures() {
		text, style := api.FeatureBadge(name), t.sgr.features[f%len(t.sgr.features)]
		if !n.Has(name) {
			text, style = t.st.Glyphs.Dot, t.sgr.absent
		}
		if plain {
			style = sgrPair{}
		}
		if f > 0 {
			if style != open {
				b.WriteString(open.post)
				b.WriteString(style.pre)
				b.WriteByte(' ')
			} else {
				b.WriteByte(' ')
			}
			w++
		} else {
			b.WriteString(style.pre)
		}
		open = style
		b.WriteString(text)
		w += cellWidth(text)
	}
	b.WriteString(open.post)
	return w
}

// numberCell is the number at set index i in international format, its
// calling code padded to the widest in the set so that national numbers
// start in one column ("+1  415-555-0100" above "+44 7700 900123"). A
// number wider than the column (the width is estimated) is drawn unpadded,
// or in E.164 form, cut if it is junk.
func (t *resultsTable) numberCell(i, w int) (string, int) {
	intl := t.set.International(i)
	if len(intl) > 64 { // not a phone number: never measure all of it
		return fitText(intl, w, t.st.Glyphs.Ellipsis)
	}
	intl = api.Printable(intl)
	if head, rest, ok := strings.Cut(intl, " "); ok && strings.HasPrefix(head, "+") && len(head) < t.data.cc {
		if padded := t.data.cc + 1 + cellWidth(rest); padded <= w {
			return head + spaces[:t.data.cc-len(head)] + " " + rest, padded
		}
	}
	if iw := cellWidth(intl); iw <= w {
		return intl, iw
	}
	return fitText(t.set.At(i).E164, w, t.st.Glyphs.Ellipsis)
}

// renderHeader draws the header line: the column titles, the sorted one
// highlighted with its direction.
func (t *resultsTable) renderHeader() string {
	var b strings.Builder
	writeSpaces(&b, t.lay.gutter)
	for k, c := range t.lay.cols {
		if k > 0 {
			writeSpaces(&b, colGap)
		}
		title, style := t.title(c.col), t.sgr.header
		if c.col == t.sort.Col {
			arrow := t.st.Glyphs.SortAsc
			if t.sort.Desc {
				arrow = t.st.Glyphs.SortDesc
			}
			title, style = title+" "+arrow, t.sgr.sorted
		}
		writeCell(&b, title, cellWidth(title), c, style)
	}
	writeSpaces(&b, t.width-t.lay.used)
	if t.lay.used > t.width {
		return ansi.Truncate(b.String(), t.width, "")
	}
	return b.String()
}

// writeCell writes s (w cells wide) in the column, aligned and padded to
// the column's width, in style p.
func writeCell(b *strings.Builder, s string, w int, c tableColumn, p sgrPair) {
	pad := c.w - w
	if c.right {
		writeSpaces(b, pad)
	}
	writeStyled(b, s, p)
	if !c.right {
		writeSpaces(b, pad)
	}
}

// writeStyled writes s in style p (nothing around it for the empty style).
func writeStyled(b *strings.Builder, s string, p sgrPair) {
	if s == "" {
		return
	}
	b.WriteString(p.pre)
	b.WriteString(s)
	b.WriteString(p.post)
}

// spaces is sliced for padding.
var spaces = strings.Repeat(" ", 256)

// writeSpaces writes n spaces (none when n <= 0).
func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

// isPlainASCII reports whether s is printable ASCII, whose width is its
// length.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// cellWidth is the width of s in terminal cells (wide and combining
// characters counted as the terminal shows them).
func cellWidth(s string) int {
	if isPlainASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// boundedWidth is the width of s as fitText draws it in at most limit
// cells.
func boundedWidth(s string, limit int) int {
	_, w := fitText(s, limit, "")
	return w
}

// fitText makes provider text safe to print (api.Printable) and cuts it
// to at most w cells, ending in the ellipsis when something was cut; it
// returns the text and its width. Only a bounded prefix of a huge string is
// looked at, so a region name of a million characters costs no more than a
// short one.
func fitText(s string, w int, ellipsis string) (string, int) {
	if w <= 0 {
		return "", 0
	}
	cut := false
	if limit := 16 * (w + 1); len(s) > limit {
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		s, cut = s[:limit], true
	}
	s = api.Printable(s)
	if isPlainASCII(s) {
		if len(s) <= w && !cut {
			return s, len(s)
		}
		ew := cellWidth(ellipsis)
		if ew >= w {
			ellipsis, ew = "", 0
		}
		if len(s) <= w-ew {
			return s + ellipsis, len(s) + ew
		}
		return s[:w-ew] + ellipsis, w
	}
	if sw := ansi.StringWidth(s); sw <= w && !cut {
		return s, sw
	}
	ew := cellWidth(ellipsis)
	if ew >= w {
		ellipsis, ew = "", 0
	}
	s = ansi.Truncate(s, w-ew, "")
	return s + ellipsis, ansi.StringWidth(s) + ew
}

// regionCell is fitText for a region summary ("Place, State"): one too
// wide for w cells is cut after its last whole word that fits (and a
// comma there), with the ellipsis ("Be'er Sheva…", not "Be'er Sheva,
// Has…"); only a first word that does not fit alone is cut inside. One
// pass over at most the bytes fitText reads: provider text may be long.
func regionCell(s string, w int, ellipsis string) (string, int) {
	if len(s) <= w || ansi.StringWidth(s) <= w {
		return fitText(s, w, ellipsis)
	}
	ew := cellWidth(ellipsis)
	if w <= ew {
		return fitText(s, w, ellipsis)
	}
	if limit := 16 * (w + 1); len(s) > limit {
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		s = s[:limit]
	}
	p := api.Printable(s)
	head := ansi.Truncate(p, w-ew, "")
	if len(head) < len(p) && p[len(head)] != ' ' && p[len(head)] != ',' {
		head = head[:max(strings.LastIndexByte(head, ' '), 0)]
	}
	head = strings.TrimRight(head, ", ")
	if head == "" {
		return fitText(s, w, ellipsis)
	}
	return head + ellipsis, ansi.StringWidth(head) + ew
}
