package ui

import (
	"encoding/json"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// ownedPane is the owned view's body: a table of the account's numbers
// (number, name, country, active, operators) and, when the detail pane is
// open, everything the API said about the selected one. The root owns the
// list, the filter and the sort (ownedState) and hands the rows over with
// SetData; the pane owns the cursor, the scroll position and the layout.
// While it has the focus its keys are the root's (ownedKey), which hands
// it the movement keys.
type ownedPane struct {
	st   *Styles
	keys *KeyMap

	list []api.OwnedNumber
	idx  []int
	sort results.OwnedSort

	cursor, offset int

	tableW, tableH   int
	detailW, detailH int
	detailFocus      bool // the movement keys scroll the detail pane
	detailOff        int  // the detail's first line on screen

	cols []ownedCol
}

// ownedCol is one column on screen.
type ownedCol struct {
	col  results.OwnedColumn
	x, w int
}

// ownedTitles are the owned table's column titles.
var ownedTitles = map[results.OwnedColumn]string{
	results.OwnedNumber: "Number", results.OwnedName: "Name", results.OwnedCountry: "Country",
	results.OwnedActive: "Active", results.OwnedOperators: "Operators",
}

// Widths of the owned table's columns: the most each may take, and the
// least the name takes before the columns on its right are dropped.
const (
	ownedNumberMax = 22
	ownedNameMax   = 32
	ownedNameMin   = 8
	ownedActiveMax = 18
)

func newOwnedPane(st *Styles, keys *KeyMap) ownedPane { return ownedPane{st: st, keys: keys} }

// SetStyles switches to new styles.
func (p *ownedPane) SetStyles(st *Styles) {
	p.st = st
	p.relayout()
}

// SetSize sets the table's and the detail pane's sizes (the detail is 0×0
// when closed).
func (p *ownedPane) SetSize(tw, th, dw, dh int) {
	p.tableW, p.tableH, p.detailW, p.detailH = max(tw, 0), max(th, 0), max(dw, 0), max(dh, 0)
	p.relayout()
	p.clamp()
}

// SetData shows the rows idx of list sorted by so. With top (a new sort
// or filter) the view starts at the first row, with the cursor on it;
// otherwise (the list listed again, a number bought) the cursor stays on
// its number (by id, else by digits) when that number is still shown,
// else at the same place. The caller must not modify idx afterwards.
func (p *ownedPane) SetData(list []api.OwnedNumber, idx []int, so results.OwnedSort, top bool) {
	var keep api.OwnedNumber
	had := false
	if o, ok := p.Selected(); ok {
		keep, had = o, true
	}
	p.list, p.idx, p.sort = list, idx, so
	if top {
		p.cursor, p.offset, p.detailOff = 0, 0, 0
	} else if had {
		for pos, i := range idx {
			if sameNumber(list[i], keep) {
				if pos != p.cursor {
					p.detailOff = 0
				}
				p.cursor = pos
				break
			}
		}
	}
	p.relayout()
	p.clamp()
}

// sameNumber reports whether two entries are one number on the account.
func sameNumber(a, b api.OwnedNumber) bool {
	if a.ID != "" && b.ID != "" {
		return a.ID == b.ID
	}
	_, ok := api.FindOwned([]api.OwnedNumber{a}, b.PhoneNumber)
	return ok
}

// Selected is the number under the cursor.
func (p ownedPane) Selected() (api.OwnedNumber, bool) {
	if p.cursor < 0 || p.cursor >= len(p.idx) {
		return api.OwnedNumber{}, false
	}
	return p.list[p.idx[p.cursor]], true
}

// Len is the number of rows shown.
func (p ownedPane) Len() int { return len(p.idx) }

// Position is the cursor's row (from 1) and the rows in view; 0, 0
// without rows. As resultsTable's, for the status line's ruler.
func (p ownedPane) Position() (row, of int) {
	if len(p.idx) == 0 {
		return 0, 0
	}
	return p.cursor + 1, len(p.idx)
}

// Hidden reports whether rows are hidden above and below the window.
func (p ownedPane) Hidden() (above, below bool) {
	return p.offset > 0, p.offset+max(p.tableH-1, 1) < len(p.idx)
}

// SetDetailFocus makes the movement keys scroll the detail pane (true)
// or move the cursor.
func (p *ownedPane) SetDetailFocus(on bool) { p.detailFocus = on }

// DetailFocused reports whether the movement keys scroll the detail pane.
func (p ownedPane) DetailFocused() bool { return p.detailFocus }

// Move applies a movement key (or the mouse wheel) to the cursor, or to
// the detail pane's scroll position while it has the focus. It reports
// whether the key was one.
func (p *ownedPane) Move(msg tea.Msg) bool {
	km := keysOf(p.keys)
	page := max(p.tableH-1, 1)
	delta := 0
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, km.Up):
			delta = -1
		case key.Matches(msg, km.Down):
			delta = 1
		case key.Matches(msg, km.PageUp):
			delta = -page
		case key.Matches(msg, km.PageDown):
			delta = page
		case key.Matches(msg, km.HalfUp):
			delta = -max(page/2, 1)
		case key.Matches(msg, km.HalfDown):
			delta = max(page/2, 1)
		case key.Matches(msg, km.Top):
			delta = -1 << 30
		case key.Matches(msg, km.Bottom):
			delta = 1 << 30
		default:
			return false
		}
	case tea.MouseWheelMsg:
		delta = wheelDir(msg) * wheelStep
	default:
		return false
	}
	if p.detailFocus {
		p.detailOff = max(p.detailOff+delta, 0) // clamped when drawn
		return true
	}
	p.moveBy(delta)
	return true
}

// moveBy moves the cursor delta rows (the filter line's ctrl+n, ctrl+p).
func (p *ownedPane) moveBy(delta int) {
	before := p.cursor
	p.cursor = min(max(p.cursor+delta, 0), max(len(p.idx)-1, 0))
	if p.cursor != before {
		p.detailOff = 0
	}
	p.clamp()
}

// clamp keeps the cursor in range and on screen.
func (p *ownedPane) clamp() {
	n, page := len(p.idx), max(p.tableH-1, 1)
	p.cursor = min(max(p.cursor, 0), max(n-1, 0))
	p.offset = min(max(p.offset, 0), max(n-page, 0))
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+page {
		p.offset = p.cursor - page + 1
	}
}

// The pane as a component: while it has the focus its keys are the
// browser's actions in the owned view (the root's ownedKey); it draws in
// the body.

func (p *ownedPane) update(root *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return root.ownedKey(msg)
	case tea.MouseWheelMsg:
		p.Move(msg)
	}
	return nil
}

func (p *ownedPane) overlay() string  { return "" }
func (p *ownedPane) onFocus() tea.Cmd { return nil }
func (p *ownedPane) onBlur()          { p.detailFocus = false }
func (p *ownedPane) modal() bool      { return false }

// relayout decides which columns fit the table and how wide each is.
func (p *ownedPane) relayout() {
	if p.st == nil {
		return
	}
	gutter := p.gutter()
	arrow := max(cellWidth(p.st.Glyphs.SortAsc), cellWidth(p.st.Glyphs.SortDesc))
	want := func(c results.OwnedColumn, limit int) int {
		w := cellWidth(ownedTitles[c]) + 1 + arrow
		for _, i := range p.idx {
			w = max(w, min(cellWidth(results.OwnedCell(p.list[i], c)), limit))
		}
		return min(w, max(limit, cellWidth(ownedTitles[c])+1+arrow))
	}
	number := want(results.OwnedNumber, ownedNumberMax)
	country := want(results.OwnedCountry, 8)
	active := want(results.OwnedActive, ownedActiveMax)
	ops := want(results.OwnedOperators, 1<<20)
	name := want(results.OwnedName, ownedNameMax)
	nameMin := min(name, max(ownedNameMin, cellWidth(ownedTitles[results.OwnedName])+1+arrow))
	// Drop from the right (operators, then active, then country) until
	// the rest fits with the name at its narrowest; the name then takes
	// what is left, up to its widest, and operators the rest.
	cols := []results.OwnedColumn{results.OwnedNumber, results.OwnedName, results.OwnedCountry, results.OwnedActive, results.OwnedOperators}
	width := map[results.OwnedColumn]int{results.OwnedNumber: number, results.OwnedName: nameMin,
		results.OwnedCountry: country, results.OwnedActive: active, results.OwnedOperators: min(ops, cellWidth("Operators")+1+arrow)}
	total := func() int {
		t := gutter
		for i, c := range cols {
			if i > 0 {
				t += colGap
			}
			t += width[c]
		}
		return t
	}
	for len(cols) > 2 && total() > p.tableW {
		cols = cols[:len(cols)-1]
	}
	spare := max(p.tableW-total(), 0)
	grow := min(spare, name-nameMin)
	width[results.OwnedName] += grow
	spare -= grow
	if cols[len(cols)-1] == results.OwnedOperators {
		width[results.OwnedOperators] += min(spare, max(ops-width[results.OwnedOperators], 0))
	}
	p.cols = p.cols[:0]
	x := gutter
	for i, c := range cols {
		if i > 0 {
			x += colGap
		}
		p.cols = append(p.cols, ownedCol{col: c, x: x, w: width[c]})
		x += width[c]
	}
}

// gutter is the cells before the first column (the cursor's marker).
func (p ownedPane) gutter() int { return cellWidth(p.st.Glyphs.Prompt) + 1 }

// VisibleColumns are the columns on screen, left to right.
func (p ownedPane) VisibleColumns() []results.OwnedColumn {
	out := make([]results.OwnedColumn, len(p.cols))
	for i, c := range p.cols {
		out[i] = c.col
	}
	return out
}

// TableView draws the table in exactly tableW×tableH cells: the header,
// the rows on screen (the selected one highlighted across the width),
// blank lines.
func (p ownedPane) TableView() string {
	if p.tableH <= 0 || p.tableW <= 0 || p.st == nil {
		return ""
	}
	st := p.st
	lines := make([]string, 0, p.tableH)
	var head strings.Builder
	writeSpaces(&head, p.gutter())
	for i, c := range p.cols {
		if i > 0 {
			writeSpaces(&head, colGap)
		}
		title, style := ownedTitles[c.col], st.TableHeader
		if c.col == p.sort.Col {
			arrow := st.Glyphs.SortAsc
			if p.sort.Desc {
				arrow = st.Glyphs.SortDesc
			}
			title, style = title+" "+arrow, st.SortedHeader
		}
		head.WriteString(style.Render(fitCells(title, c.w)))
	}
	lines = append(lines, fitCells(head.String(), p.tableW))
	for line := 1; line < p.tableH; line++ {
		pos := p.offset + line - 1
		if pos >= len(p.idx) {
			lines = append(lines, strings.Repeat(" ", p.tableW))
			continue
		}
		lines = append(lines, p.row(p.list[p.idx[pos]], pos == p.cursor))
	}
	return strings.Join(lines, "\n")
}

// row draws one number.
func (p ownedPane) row(o api.OwnedNumber, selected bool) string {
	st := p.st
	var b strings.Builder
	if selected {
		b.WriteString(st.Prompt.Render(st.Glyphs.Prompt) + " ")
	} else {
		writeSpaces(&b, p.gutter())
	}
	for i, c := range p.cols {
		if i > 0 {
			writeSpaces(&b, colGap)
		}
		text := results.OwnedCell(o, c.col)
		if text == "" {
			text = st.Glyphs.Dot
		}
		cell, w := fitText(text, c.w, st.Glyphs.Ellipsis)
		if !selected && c.col == results.OwnedActive && o.ActiveKnown && !o.Active {
			cell = st.Warning.Render(cell)
		} else if !selected && (text == st.Glyphs.Dot || (c.col == results.OwnedOperators && o.OperatorsCount == 0)) {
			cell = st.Faint.Render(cell)
		}
		b.WriteString(cell)
		writeSpaces(&b, c.w-w)
	}
	line := fitCells(b.String(), p.tableW)
	if selected {
		return st.SelectedRow.Render(stripStyles(line))
	}
	return line
}

// stripStyles drops the escape sequences of s, so the selected row is one
// style run.
func stripStyles(s string) string { return api.Printable(s) }

// DetailView draws the detail pane of the selected number in exactly
// detailW×detailH cells, or "" when it is closed.
func (p ownedPane) DetailView() string {
	if p.detailW <= 0 || p.detailH <= 0 || p.st == nil {
		return ""
	}
	st := p.st
	style := st.Pane
	if p.detailFocus {
		style = st.PaneFocused
	}
	w := p.detailW - style.GetHorizontalFrameSize()
	h := p.detailH - style.GetVerticalFrameSize()
	if w < 1 || h < 1 {
		return block("", p.detailW, p.detailH)
	}
	lines := p.detailLines(w)
	off := min(p.detailOff, max(len(lines)-h, 0))
	shown := lines[off:min(off+h, len(lines))]
	if len(lines) > h && h >= 3 {
		shown = lines[off:min(off+h-1, len(lines))]
		more := "end"
		if off+h-1 < len(lines) {
			more = "↓ more"
			if st.ASCII {
				more = "v more"
			}
		}
		shown = append(shown, strings.Repeat(" ", max(w-cellWidth(more), 0))+st.Faint.Render(more))
	}
	out := make([]string, 0, h)
	out = append(out, shown...)
	for len(out) < h {
		out = append(out, "")
	}
	return frame(style, out, w)
}

// detailLines is everything about the selected number, w cells wide.
func (p ownedPane) detailLines(w int) []string {
	st := p.st
	o, ok := p.Selected()
	if !ok {
		return []string{st.Faint.Render("No number selected")}
	}
	var lines []string
	field := func(label, value string) {
		if value == "" {
			return
		}
		const lw = 16
		value = st.text(value)
		for i, part := range strings.Split(wrapText(value, max(w-lw, 1)), "\n") {
			l := ""
			if i == 0 {
				l = label
			}
			lines = append(lines, st.Label.Render(fitCells(l, lw))+st.Value.Render(part))
		}
	}
	lines = append(lines, st.PaneTitle.Render(pickerEllipsize(st, results.OwnedInternational(o), w)), "")
	field("E.164", api.Printable(o.PhoneNumber))
	n := api.Number{E164: o.PhoneNumber, Country: strings.ToUpper(o.CountryCode)}
	if nat := results.National(&n); nat != "" && nat != o.PhoneNumber {
		field("National", nat)
	}
	name := o.Name
	if name == "" {
		name = "(none)"
	}
	field("Name", name)
	country := o.CountryCode
	if c, ok := api.LookupCountry(o.CountryCode); ok {
		country = c.Name + " (" + c.Code + ", " + c.Calling() + ")"
	}
	field("Country", country)
	active := results.ActiveText(o)
	if active == "" {
		active = "not said"
	}
	field("Active", active)
	field("AI receptionist", map[bool]string{true: "on", false: "off"}[o.AIReceptionistEnabled])
	field("ID", o.ID)
	names := o.OperatorNames()
	field("Operators", strconv.Itoa(o.OperatorsCount))
	for _, op := range names {
		field("", st.Glyphs.Dot+" "+op)
	}
	if len(o.Extra) > 0 {
		lines = append(lines, "", st.Subtle.Render("Other fields"))
		for _, f := range o.Extra {
			field(api.Printable(f.Key), compactJSON(f.Value))
		}
	}
	return lines
}

// compactJSON is a raw value as one printable line.
func compactJSON(v json.RawMessage) string {
	if s, err := (func() (string, error) {
		var x string
		err := json.Unmarshal(v, &x)
		return x, err
	})(); err == nil {
		return api.Printable(s)
	}
	return api.Printable(clipUTF8(string(v), detailMaxValue))
}

// wrapText wraps plain text to w cells.
func wrapText(s string, w int) string {
	return strings.Join(buyWrap(s, w), "\n")
}

// ClickRow moves the cursor to the row on line y of the table (line 0 is
// the header) and reports whether there was one.
func (p *ownedPane) ClickRow(y int) bool {
	if y < 1 || y >= p.tableH {
		return false
	}
	pos := p.offset + y - 1
	if pos >= len(p.idx) {
		return false
	}
	if pos != p.cursor {
		p.detailOff = 0
	}
	p.cursor = pos
	p.clamp()
	return true
}

// ColumnAt is the column drawn at cell x of the table.
func (p ownedPane) ColumnAt(x int) (results.OwnedColumn, bool) {
	for _, c := range p.cols {
		if x >= c.x && x < c.x+c.w {
			return c.col, true
		}
	}
	return 0, false
}
