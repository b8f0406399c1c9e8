package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// The detail pane's content: sections of label/value rows and wrapped
// paragraphs, built from an api.Number for one width.

// Bounds that keep hostile provider data from freezing the UI: a value is
// cut to detailMaxValue bytes (a provider field's indented JSON to
// detailMaxJSON) before it is wrapped, and the content stops at
// detailMaxLines lines.
const (
	detailMaxValue = 4 << 10
	detailMaxJSON  = 16 << 10
	detailMaxLines = 5000
	detailMaxDepth = 16
	// detailMaxLabel is the widest the label column gets, in cells.
	detailMaxLabel = 16
	// detailMinValue is the narrowest value column beside the labels;
	// narrower panes put each value under its label.
	detailMinValue = 12
)

// detailContent renders the pane's content for number n in lines of at
// most w cells: sections with a heading each, shown only when they have
// something to show.
func detailContent(st *Styles, n *api.Number, intl, national string, w int) []string {
	return detailContentShaped(st, n, intl, national, w, nil)
}

// detailSection names the content's sections, in display order.
type detailSection int

const (
	secNumber detailSection = iota
	secCost
	secFeatures
	secFlags
	secRegion
	secRequirements
	secFields
	detailSections // how many there are
)

// detailReserve is the most lines a section keeps for later numbers (see
// detailShape): a number with a long list of provider fields must not
// leave a screenful of blank lines under every number after it.
const detailReserve = 12

// detailShape is the layout the pane keeps from one number to the next:
// the label column's width and, per section, the most lines it has taken
// (up to detailReserve). Sections then start on the same line and values
// in the same column for every number of a search, whatever its regions
// or flags, and a section seen once stays (saying "none" when a number has
// nothing for it). A cursor move then changes only the cells whose text
// changed (digits, costs, a feature), which is what the terminal receives
// (the renderer diffs cells) — not every line below the first one that
// moved. The zero value is a fresh layout.
//
// Within the Region section each label keeps its line too (regions): the
// demo's providers, like real ones, send a country part for some numbers
// and not for others, or a postal code and LATA, and without the slots
// every row under the first difference would move (about 200 B a move at
// 120x40).
type detailShape struct {
	labelW  int
	lines   [detailSections]int
	regions []string // region labels in the order first seen, at most detailReserve
}

// detailContentShaped is detailContent laid out to shape (which it
// updates); nil shape lays out each number on its own.
func detailContentShaped(st *Styles, n *api.Number, intl, national string, w int, shape *detailShape) []string {
	return buildDetail(st, n, intl, national, w, shape, false).lines
}

// Two columns: a pane at least detailColumnsMinWidth cells wide inside
// (below the table on a wide screen; beside it the pane is at most 80)
// puts what the number is (Number, then Cost and features) on the left and what
// the provider says of it (flags, region, requirements, fields) on the
// right, detailColumnGap cells apart, so that a pane of a dozen lines
// shows what a tall one does. The renderer rewrites a line from its first
// changed cell to its last, so the number's three forms, which change on
// every move, are best beside lines that change less often: the flags'
// one line and a blank one, then the Region heading.
const (
	detailColumnGap       = 3
	detailColumnsMinWidth = 2*40 + detailColumnGap
)

// detailContentColumns is detailContentShaped for a pane w cells wide
// inside: in two columns when w is at least detailColumnsMinWidth (Number,
// Cost and Features left, the others right, each keeping its kept
// layout); in one column otherwise.
func detailContentColumns(st *Styles, n *api.Number, intl, national string, w int, shape *detailShape) []string {
	if w < detailColumnsMinWidth {
		return detailContentShaped(st, n, intl, national, w, shape)
	}
	cw := (w - detailColumnGap) / 2
	b := buildDetail(st, n, intl, national, cw, shape, true)
	if b.split <= 0 || b.split >= len(b.lines) {
		return b.lines
	}
	left, right := b.lines[:b.split], b.lines[b.split+1:] // less the blank line between
	gap := strings.Repeat(" ", detailColumnGap)
	out := make([]string, max(len(left), len(right)))
	for i := range out {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		if r == "" {
			out[i] = l
			continue
		}
		out[i] = l + strings.Repeat(" ", max(cw-ansi.StringWidth(l), 0)) + gap + r
	}
	return out
}

// buildDetail lays out the content; its split is where the sections after
// Features begin. cols lays it out for a column of a two-column pane.
func buildDetail(st *Styles, n *api.Number, intl, national string, w int, shape *detailShape, cols bool) *detailBuilder {
	b := &detailBuilder{st: st, w: w, shape: shape, split: -1}
	if n == nil {
		b.para("No number selected", st.Faint, 0)
		return b
	}
	if intl == "" {
		intl = results.International(n)
	}
	if national == "" {
		national = results.National(n)
	}
	b.labelW = b.labelWidth(n)
	if shape != nil {
		b.labelW = max(b.labelW, shape.labelW)
		shape.labelW = b.labelW
	}

	b.section(secNumber, "Number", true, func() {
		b.row("E.164", n.E164)
		b.row("International", intl)
		b.row("National", national)
		b.row("Country", countryText(n.Country))
		b.row("Type", typeText(n))
		// Last, so that the rows above keep their lines with or without it.
		if d := strings.TrimSpace(n.Display); d != "" && d != n.E164 && d != intl && d != national {
			b.row("Display", d)
		}
	})
	// In two columns the features are a row under the costs, not a
	// section of their own: the heading and the blank line above it are
	// the two lines by which the left column of a pane below the table at
	// 100x30 (11 lines inside) did not show them.
	features := featureLegend(n.Features)
	costTitle := "Cost"
	if cols {
		costTitle = "Cost and features"
	}
	b.section(secCost, costTitle, true, func() {
		b.row("Upfront", results.CostLong(n.Upfront, n.UpfrontCurrency))
		b.row("Monthly", results.CostLong(n.Monthly, n.MonthlyCurrency))
		if cols {
			b.row("Features", features)
		}
	})
	b.section(secFeatures, "Features", features != "" && !cols, func() {
		b.para(features, st.Value, 0)
	})
	labels := flagLegend(n.Flags)
	b.section(secFlags, "Provider flags", len(labels) > 0, func() {
		b.para(strings.Join(labels, ", "), st.Value, 0)
	})
	b.section(secRegion, "Region", len(n.Regions) > 0, func() {
		b.regions(regionRows(n))
	})
	b.section(secRequirements, "Requirements", len(n.Requirements) > 0, func() {
		for _, r := range n.Requirements {
			if b.full() {
				break
			}
			b.requirement(r)
		}
	})
	b.section(secFields, "Provider fields", len(n.Extra) > 0, func() {
		for i, f := range n.Extra {
			if b.full() {
				b.para(fmt.Sprintf("%d more fields not shown", len(n.Extra)-i), st.Faint, 0)
				break
			}
			b.field(f)
		}
	})
	for len(b.lines) > 0 && b.lines[len(b.lines)-1] == "" { // the last section's reserve
		b.lines = b.lines[:len(b.lines)-1]
	}
	if len(b.lines) > detailMaxLines+1 { // one value wrapped to very many lines
		b.lines = append(b.lines[:detailMaxLines], st.Faint.Render(pickerEllipsize(st, "(cut: too long to show)", w)))
	}
	return b
}

// section adds one section: its heading and what fill adds when present,
// else "none" when the shape has seen the section before (else nothing);
// then blank lines up to the lines the section took before.
func (b *detailBuilder) section(id detailSection, title string, present bool, fill func()) {
	seen := b.shape != nil && b.shape.lines[id] > 0
	if !present && !seen {
		return
	}
	start := len(b.lines)
	if id > secFeatures && b.split < 0 {
		b.split = start
	}
	b.heading(title)
	if present {
		fill()
	} else {
		b.para("none", b.st.Faint, 0)
	}
	if b.shape == nil {
		return
	}
	n := len(b.lines) - start
	for ; n < b.shape.lines[id]; n++ {
		b.lines = append(b.lines, "")
	}
	b.shape.lines[id] = max(b.shape.lines[id], min(n, detailReserve))
}

// detailBuilder collects the content lines, each at most w cells.
type detailBuilder struct {
	st     *Styles
	w      int
	labelW int
	lines  []string
	shape  *detailShape // nil: no layout kept between numbers
	split  int          // the line where the first section after Features starts (its blank line), or -1
}

// full reports whether the content reached its line budget.
func (b *detailBuilder) full() bool { return len(b.lines) >= detailMaxLines }

// labelWidth is the label column's width: the widest label, at most
// detailMaxLabel (longer region types wrap in it). The fixed labels always
// fit: a pane too narrow for them beside a value stacks them instead.
func (b *detailBuilder) labelWidth(n *api.Number) int {
	lw := lipgloss.Width("International")
	for i, r := range n.Regions {
		if i == 64 {
			break
		}
		lw = max(lw, lipgloss.Width(safeValue(b.st, api.RegionLabel(r.Type))))
	}
	return min(lw, detailMaxLabel)
}

// heading starts a section, after a blank line unless it is the first.
func (b *detailBuilder) heading(title string) {
	if len(b.lines) > 0 {
		b.lines = append(b.lines, "")
	}
	b.para(title, b.st.PaneTitle, 0)
}

// para adds provider or fixed text wrapped to the pane, indented by ind
// cells (less when the pane is narrow).
func (b *detailBuilder) para(text string, style lipgloss.Style, ind int) {
	if b.w-ind < 8 {
		ind = 0
	}
	pad := strings.Repeat(" ", ind)
	for _, l := range wrapCells(safeValue(b.st, text), b.w-ind) {
		b.lines = append(b.lines, pad+style.Render(l))
	}
}

// row adds "label  value" with the label in its own column; both wrap
// within their columns. In a narrow pane the value goes under the label.
func (b *detailBuilder) row(label, value string) {
	st := b.st
	value = safeValue(st, value)
	if strings.TrimSpace(value) == "" {
		value = dash(st)
	}
	vw := b.w - b.labelW - 2
	if vw < detailMinValue {
		b.para(label, st.Label, 0)
		b.para(value, st.Value, 2)
		return
	}
	ls := wrapCells(safeValue(st, label), b.labelW)
	vs := wrapCells(value, vw)
	for i := range max(len(ls), len(vs)) {
		l, v := "", ""
		if i < len(ls) {
			l = ls[i]
		}
		if i < len(vs) {
			v = vs[i]
		}
		l += strings.Repeat(" ", max(b.labelW-lipgloss.Width(l), 0))
		b.lines = append(b.lines, st.Label.Render(l)+"  "+st.Value.Render(v))
	}
}

// regionRows is the number's region rows for the pane: those of
// results.RegionRows less a country part that names the number's own
// country, which the Number section already shows ("Country  United
// States (US, +1)"), unless it is the only part. Some providers send it
// for every number and others never, and a row that comes and goes costs
// a repaint on every move between them.
func regionRows(n *api.Number) []results.RegionRow {
	rows := results.RegionRows(n)
	out := make([]results.RegionRow, 0, len(rows))
	for i, r := range rows {
		if i < len(n.Regions) && isCountryRegion(n.Regions[i].Type) &&
			strings.EqualFold(strings.TrimSpace(n.Regions[i].Name), n.Country) {
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return rows
	}
	return out
}

// isCountryRegion reports whether a provider's region type names a
// country ("country_code", "Country").
func isCountryRegion(typ string) bool {
	t := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, typ)
	return t == "countrycode" || t == "country"
}

// regions adds a number's region rows. With a kept layout, the labels
// seen for earlier numbers come first, in the order first seen, each on
// the line it had (a dash where this number has no such part), then this
// number's other parts in the provider's order, whose labels are kept for
// the numbers after it.
func (b *detailBuilder) regions(rows []results.RegionRow) {
	used := make([]bool, len(rows))
	if b.shape != nil {
		for _, label := range b.shape.regions {
			value := ""
			for i, r := range rows {
				if !used[i] && r.Label == label {
					used[i], value = true, r.Value
					break
				}
			}
			b.row(label, value)
		}
	}
	for i, r := range rows {
		if used[i] {
			continue
		}
		if b.full() {
			break
		}
		if b.shape != nil && len(b.shape.regions) < detailReserve {
			b.shape.regions = append(b.shape.regions, r.Label)
		}
		b.row(r.Label, r.Value)
	}
}

// requirement adds a regulatory requirement's label, with the provider's
// detail and every other sub-field it gave ("requirement type: end user
// proof of address") under it.
func (b *detailBuilder) requirement(r api.Requirement) {
	label, detail := strings.TrimSpace(r.Label), strings.TrimSpace(r.Detail)
	if label == "" {
		label, detail = detail, ""
	}
	if label == "" {
		return
	}
	b.para(label, b.st.Value, 0)
	if detail != "" {
		b.para(detail, b.st.Subtle, 2)
	}
	for _, f := range r.Fields {
		if b.full() {
			return
		}
		b.para(strings.ReplaceAll(f.Key, "_", " ")+": "+fieldText(f.Value), b.st.Subtle, 2)
	}
}

// fieldText is a provider value on one line: a string's text, anything
// else as compact JSON.
func fieldText(raw []byte) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// typeText is the number type, with the provider's own word for it when
// that is another ("mobile (mobile-lvn)").
func typeText(n *api.Number) string {
	if n.TypeWord == "" {
		return string(n.Type)
	}
	return string(n.Type) + " (" + n.TypeWord + ")"
}

// field adds a provider field the client did not understand: its key,
// then its value as indented JSON (or as sent, when it is not valid JSON),
// every line wrapped with its indentation kept.
func (b *detailBuilder) field(f api.Field) {
	st := b.st
	text := indentJSON(f.Value)
	// A value of one line (a string, a number, true) goes beside its key,
	// as the region's rows do ("beta           false"), when the key fits
	// the label column; a structure goes under it, indented.
	if !strings.Contains(text, "\n") && len(text) <= detailMaxJSON &&
		lipgloss.Width(safeValue(st, f.Key)) <= b.labelW && b.w-b.labelW-2 >= detailMinValue {
		b.row(f.Key, api.Printable(text))
		return
	}
	b.para(f.Key, st.Label, 0)
	cut := ""
	if len(text) > detailMaxJSON {
		text, cut = clipUTF8(text, detailMaxJSON), cutNote(st, len(text))
	}
	ind := 2
	if b.w < 10 {
		ind = 0
	}
	for line := range strings.SplitSeq(api.PrintableLines(text)+cut, "\n") {
		if b.full() {
			return
		}
		b.jsonLine(line, ind)
	}
}

// jsonLine wraps one line of indented JSON, continuing wrapped parts at
// the line's own indentation when there is room for it.
func (b *detailBuilder) jsonLine(line string, ind int) {
	body := strings.TrimLeft(line, " ")
	lead := ind + len(line) - len(body)
	if b.w-lead < detailMinValue {
		lead = min(ind, max(b.w-detailMinValue, 0))
	}
	pad := strings.Repeat(" ", lead)
	for _, l := range wrapCells(body, b.w-lead) {
		b.lines = append(b.lines, pad+b.st.Value.Render(l))
	}
}

// indentJSON indents a provider value for reading, or returns it as sent
// when it is not valid JSON, too big, or nested so deep that indenting
// would blow it up (each level adds two spaces to every line below it).
func indentJSON(raw []byte) string {
	if len(raw) > 4*detailMaxJSON || jsonDepth(raw) > detailMaxDepth {
		return string(raw)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// jsonDepth is the deepest nesting of arrays and objects in raw JSON.
func jsonDepth(raw []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// safeValue makes provider text printable on one line, cut to
// detailMaxValue bytes first (with a note saying so) so that a huge value
// costs no more than a long one.
func safeValue(st *Styles, s string) string {
	if len(s) <= detailMaxValue {
		return api.Printable(s)
	}
	return api.Printable(clipUTF8(s, detailMaxValue)) + cutNote(st, len(s))
}

// clipUTF8 cuts s to at most n bytes without splitting a UTF-8 sequence.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cutNote marks text cut from total bytes.
func cutNote(st *Styles, total int) string {
	return st.Glyphs.Ellipsis + fmt.Sprintf(" (cut, %d bytes in all)", total)
}

// wrapCells wraps plain text to lines of at most w cells: at spaces where
// it can, inside words where it must. Wide (CJK) characters count two
// cells; one that cannot fit at all (w = 1) is dropped.
func wrapCells(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for l := range strings.SplitSeq(ansi.Wrap(s, w, ""), "\n") {
		for ansi.StringWidth(l) > w {
			head := ansi.Truncate(l, w, "")
			if head == "" {
				l = ""
				break
			}
			out = append(out, head)
			l = ansi.TruncateLeft(l, ansi.StringWidth(head), "")
		}
		out = append(out, l)
	}
	return out
}

// countryText is "United Kingdom (GB, +44)", or the code as sent when it
// is not a known country.
func countryText(code string) string {
	c, ok := api.LookupCountry(code)
	if !ok {
		return code
	}
	if cc := c.Calling(); cc != "" {
		return fmt.Sprintf("%s (%s, %s)", c.Name, c.Code, cc)
	}
	return fmt.Sprintf("%s (%s)", c.Name, c.Code)
}

// featureLegend is a number's features as the detail pane lists them,
// each label followed by the badge the table shows for it ("SMS (S),
// Voice (V)"), so the pane is the legend of the row's badges.
func featureLegend(features []string) string {
	var b strings.Builder
	for i, f := range api.SortFeatures(features) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(api.FeatureLabel(f))
		if badge := api.FeatureBadge(f); badge != "" {
			b.WriteString(" (" + badge + ")")
		}
	}
	return b.String()
}

// flagLegend is a number's flags as the detail pane lists them: each
// label, and for the flags the table shows, its badge ("best effort
// (BE)").
func flagLegend(fl api.Flags) []string {
	labels := fl.Labels()
	for i, f := range fl.List() {
		if f.Warns() {
			labels[i] += " (" + f.Badge() + ")"
		}
	}
	return labels
}

// dash stands for a missing value: Glyphs.None, as the table draws a
// missing cost.
func dash(st *Styles) string { return st.Glyphs.None }
