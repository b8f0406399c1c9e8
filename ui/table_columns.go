package ui

import (
	"slices"
	"strings"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// Column layout. Columns appear in results.Set.TableColumns order (the
// order the sort key cycles through): Number, Country when the rows on
// view are of several countries, Region, Upfront, Monthly, Features,
// Flags, then Type when the result mixes number types. A 2-cell gutter on
// the left holds the mark glyph. Columns are separated by colGap spaces.
//
// When the pane is too narrow, columns are dropped in this order: Flags,
// Upfront, Type, Features, Region, Country. Number and Monthly always stay
// (cut at the pane's edge below about 30 cells). Region takes the slack: it is as
// wide as its longest text (at most regionMaxW) when there is room, and
// no narrower than regionMinW, else it is dropped.
//
// Every width comes from the whole set and the pane width, never from the
// rows on screen, so scrolling never shifts a column; and each column
// reserves room for " ▲" in its header, so changing the sort never does.
//
// The Region column is left out when it would only repeat each number's
// country (no number of the set has a region of its own). A cost column
// whose amounts all have the same currency names it once in its header
// ("Monthly (GBP)") and shows amounts only, unless that wider header would
// cost a column the codes in the cells leave room for; otherwise each
// amount has its own code (none where the provider gave none).

const (
	colGap      = 2
	regionMinW  = 10
	regionMaxW  = 48
	numberMaxW  = 24 // E.164 has at most 15 digits; longer junk is cut
	typeMaxW    = 12
	countryMaxW = 8 // alpha-2 codes; a provider's longer junk is cut
	flagsMinW   = 6 // "BE DOC": the column is as wide as the widest badges of the set
	featuresW   = 7 // "S V M F"
	unknownSep  = 4 // separators assumed for numbers no sample covers
	maxSamples  = 64
)

// dropOrder lists the optional columns, the first dropped first.
var dropOrder = []results.Column{results.Flags, results.Upfront, results.Type, results.Features, results.Region, results.Country}

// measured holds the content widths of one set, in cells, measured once in
// SetData. They do not depend on the styles.
type measured struct {
	number int // the widest international number, estimated (see measureNumbers)
	cc     int // the widest "+44" prefix: shorter ones are padded to it
	region int
	// ownRegion: some number has a region other than its country's name,
	// so the Region column says something the country does not.
	ownRegion bool
	upfront   costShape
	monthly   costShape
	typ       int
	flags     int // the widest api.Flags.Badges of the set
	country   int // the widest country code
}

// measure measures the cells of every number in set (nil: no data).
func measure(set *results.Set) measured {
	m := measured{number: 16, region: regionMinW, typ: 4, flags: flagsMinW, country: 2}
	if set == nil || set.Len() == 0 {
		return m
	}
	m.number, m.cc = measureNumbers(set)
	m.region = 0
	regions := map[string]int{}
	types := map[api.NumberType]int{}
	countries := map[string]string{} // code → name, as RegionSummary falls back to it
	costs := newCostMeter()
	for i := range set.Len() {
		n := set.At(i)
		s := set.RegionSummary(i)
		w, ok := regions[s]
		if !ok {
			w = boundedWidth(s, regionMaxW)
			regions[s] = w
		}
		m.region = max(m.region, w)
		if !m.ownRegion {
			name, ok := countries[n.Country]
			if !ok {
				name = results.CountryName(n.Country)
				countries[n.Country] = name
			}
			m.ownRegion = s != name
		}
		costs.add(&m.upfront, n.Upfront, n.UpfrontCurrency)
		costs.add(&m.monthly, n.Monthly, n.MonthlyCurrency)
		if w, ok = types[n.Type]; !ok {
			w = boundedWidth(string(n.Type), typeMaxW)
			types[n.Type] = w
		}
		m.typ = max(m.typ, w)
		m.flags = max(m.flags, len(n.Flags.Badges()))
		if len(n.Country) != 2 {
			m.country = max(m.country, boundedWidth(n.Country, countryMaxW))
		}
	}
	m.upfront.settle()
	m.monthly.settle()
	return m
}

// measureNumbers estimates the width of the widest international number
// without formatting them all (libphonenumber takes tens of microseconds
// per number). Numbers are grouped by country and digit count; one number
// of each group is formatted, and the group's width is its calling code
// (padded to the widest), a space, its national digits, the sample's
// separators and one spare cell (numbers of one group may be grouped
// differently: "+44 7700 900123", "+44 20 7183 8750"). A number wider than
// the estimate is drawn unpadded, or in E.164 form, which always fits.
func measureNumbers(set *results.Set) (width, cc int) {
	type group struct {
		country string
		digits  int
	}
	first := map[group]int{} // the set index of the group's first number
	var order []group
	var last group
	for i := range set.Len() {
		n := set.At(i)
		g := group{n.Country, countDigits(n.E164)}
		if i > 0 && g == last {
			continue
		}
		last = g
		if _, ok := first[g]; !ok {
			first[g] = i
			order = append(order, g)
		}
	}
	type shape struct{ ccW, ccDigits, seps int }
	shapes := make([]shape, len(order))
	for k, g := range order {
		if k >= maxSamples {
			shapes[k] = shape{seps: unknownSep}
			continue
		}
		intl := set.International(first[g])
		head, rest, ok := strings.Cut(intl, " ")
		if !ok || !strings.HasPrefix(head, "+") {
			shapes[k] = shape{seps: unknownSep}
			continue
		}
		shapes[k] = shape{ccW: len(head), ccDigits: len(head) - 1, seps: len(rest) - countDigits(rest)}
		cc = max(cc, len(head))
	}
	for k, g := range order {
		s := shapes[k]
		width = max(width, cc+1+max(g.digits-s.ccDigits, 0)+s.seps+1)
	}
	return min(width, numberMaxW), cc
}

// countDigits counts the ASCII digits in the first 64 bytes of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 64; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// tableColumn is one column on screen.
type tableColumn struct {
	col   results.Column
	x, w  int // first cell (from the pane's left edge) and width
	right bool
}

// tableLayout is what relayout computes from the pane size, the measured
// widths and the styles.
type tableLayout struct {
	cols   []tableColumn
	gutter int // cells before the first column: cursor marker, mark glyph and a space
	cursor int // width of the cursor marker (Styles.CursorMark), 0 without one
	markW  int // width of the mark (or rented) glyph
	used   int // cells from the left edge to the end of the last column
	// upfront and monthly are the cost columns' shapes as drawn (costShape).
	upfront, monthly costShape
	header           string // the rendered header line
	blank            string // an empty line of the pane's width
}

// title is a column's header text: a cost column whose amounts share one
// currency names it ("Monthly (GBP)") when the layout puts it there.
func (t *resultsTable) title(c results.Column) string {
	if t.curHead {
		switch c {
		case results.Upfront:
			return t.data.upfront.title(c.Title())
		case results.Monthly:
			return t.data.monthly.title(c.Title())
		}
	}
	return c.Title()
}

// costShape is the shape of a cost column as the layout draws it: with
// its shared currency in the header (curHead), or in the cells.
func (t *resultsTable) costShape(c results.Column) costShape {
	s := t.data.monthly
	if c == results.Upfront {
		s = t.data.upfront
	}
	if !t.curHead {
		s = s.inCells()
	}
	return s
}

// headerMin is the narrowest a column can be: its title, a space and the
// sort arrow.
func (t *resultsTable) headerMin(c results.Column) int {
	arrow := max(cellWidth(t.st.Glyphs.SortAsc), cellWidth(t.st.Glyphs.SortDesc))
	return cellWidth(t.title(c)) + 1 + arrow
}

// contentWidth is the width a column wants (for Region: its longest text).
func (t *resultsTable) contentWidth(c results.Column) int {
	d := t.data
	w := 0
	switch c {
	case results.Number:
		w = d.number
	case results.Region:
		w = d.region
	case results.Upfront, results.Monthly:
		w = max(t.costShape(c).width(), cellWidth(t.st.Glyphs.None))
	case results.Features:
		w = featuresW - 4 + 4*max(cellWidth(t.st.Glyphs.Dot), 1)
	case results.Flags:
		w = d.flags
	case results.Type:
		w = d.typ
	case results.Country:
		w = d.country
	}
	return max(w, t.headerMin(c))
}

// relayout decides which columns fit the pane and where they go, and
// renders the header: with the cost columns' shared currencies in the
// header when that keeps as many columns as codes in the cells would.
func (t *resultsTable) relayout() {
	t.curHead = false
	inCells := t.layoutColumns()
	if !t.data.upfront.sharesCurrency() && !t.data.monthly.sharesCurrency() {
		t.setLayout(inCells)
		return
	}
	t.curHead = true
	inHeader := t.layoutColumns()
	if len(inHeader.cols) < len(inCells.cols) {
		t.curHead = false
		t.setLayout(inCells)
		return
	}
	t.setLayout(inHeader)
}

// setLayout makes l the layout and renders its header.
func (t *resultsTable) setLayout(l tableLayout) {
	t.lay = l
	t.lay.header = t.renderHeader()
}

// layoutColumns lays the columns out for the pane width, the measured
// widths, the styles and curHead.
func (t *resultsTable) layoutColumns() tableLayout {
	l := tableLayout{markW: max(cellWidth(t.st.Glyphs.Mark), cellWidth(t.st.Glyphs.Check), 1),
		cursor:  cellWidth(t.st.CursorMark),
		upfront: t.costShape(results.Upfront), monthly: t.costShape(results.Monthly)}
	l.gutter = l.cursor + l.markW + 1

	want := []results.Column{results.Number, results.Region, results.Upfront, results.Monthly, results.Features, results.Flags}
	if t.set != nil && t.set.Len() > 0 && !t.data.ownRegion {
		want = slices.DeleteFunc(want, func(c results.Column) bool { return c == results.Region })
	}
	if t.multi {
		want = slices.Insert(want, 1, results.Country)
	}
	if t.mixed {
		want = append(want, results.Type)
	}
	// Drop optional columns in dropOrder until the rest fits, counting
	// Region at its narrowest.
	dropped := map[results.Column]bool{}
	fits := func() bool {
		total := l.gutter
		n := 0
		for _, c := range want {
			if dropped[c] {
				continue
			}
			w := t.contentWidth(c)
			if c == results.Region {
				w = min(w, max(regionMinW, t.headerMin(c)))
			}
			total += w
			n++
		}
		return total+colGap*(n-1) <= t.width
	}
	for _, c := range dropOrder {
		if fits() {
			break
		}
		dropped[c] = true
	}
	// Region takes what is left, up to its longest text.
	fixed := l.gutter
	n := 0
	for _, c := range want {
		if !dropped[c] {
			n++
			if c != results.Region {
				fixed += t.contentWidth(c)
			}
		}
	}
	fixed += colGap * (n - 1)
	x := l.gutter
	for _, c := range want {
		if dropped[c] {
			continue
		}
		w := t.contentWidth(c)
		if c == results.Region {
			w = min(w, max(t.width-fixed, max(regionMinW, t.headerMin(c))))
		}
		right := c == results.Upfront || c == results.Monthly
		l.cols = append(l.cols, tableColumn{col: c, x: x, w: w, right: right})
		x += w + colGap
	}
	l.used = x - colGap
	l.blank = strings.Repeat(" ", t.width)
	return l
}
