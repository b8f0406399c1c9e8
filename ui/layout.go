package ui

// The smallest terminal the browser draws in; below it, View says so.
const (
	minWidth  = 60
	minHeight = 16
	// detailRightMinWidth is the width from which the detail pane sits to
	// the right of the table instead of below it. Narrower, the table
	// beside the pane loses columns (at 120 it had 72 cells: no Flags), and
	// its lines, shared with the pane, cannot be scrolled by the terminal:
	// every scroll repaints every row. Below the table, the pane lays its
	// sections out in two columns (detailContentColumns) from 87 columns,
	// and the table keeps its width and scrolls line by line: at 120x40 a
	// move costs 336 B on average against 463 B beside (BENCHMARKS.md).
	detailRightMinWidth = 140
	// detailBelowTwoColumnsH is the height of a two-column detail pane
	// below the table (border included) when the screen has room: the
	// left column's 13 lines (Number, Cost, Features) without scrolling.
	detailBelowTwoColumnsH = 15
	// paneFrameW is what a pane's border and padding take of its width
	// (Styles.Pane).
	paneFrameW = 4
)

// rect is an area of the screen, in cells.
type rect struct{ x, y, w, h int }

// contains reports whether the cell (x, y) is inside r.
func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// layout is where everything goes for one terminal size. It is computed in
// one place (on resize and when the detail pane opens or closes) and
// handed to the panes with SetSize.
type layout struct {
	width, height int
	tooSmall      bool

	header rect // one line: name, country, type, DEMO
	banner rect // one line under the header while the rows are an earlier search's; zero otherwise
	body   rect // between the header (or banner) and the status line: table and detail
	table  rect
	detail rect // zero when the pane is closed
	status rect // one line
	help   rect // one line: short help, or the filter input

	detailRight bool
}

// computeLayout splits a w×h terminal. The detail pane goes to the right
// from detailRightMinWidth columns, below the table otherwise; banner
// takes a line under the header. tableLines is how many lines the table
// has to draw (its header and its rows; 0: no rows, a message stands in):
// below the table, the pane takes the lines the table does not need, so
// that a filter leaving a few rows shows the pane right under them (and
// more of it) instead of blank lines between them.
func computeLayout(w, h int, showDetail, banner bool, tableLines int) layout {
	l := layout{width: max(w, 0), height: max(h, 0)}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	l.header = rect{0, 0, w, 1}
	l.body = rect{0, 1, w, h - 3}
	if banner {
		l.banner = rect{0, 1, w, 1}
		l.body = rect{0, 2, w, h - 4}
	}
	l.status = rect{0, h - 2, w, 1}
	l.help = rect{0, h - 1, w, 1}
	l.table = l.body
	if !showDetail {
		return l
	}
	if w >= detailRightMinWidth {
		dw := min(max(w*2/5, 44), 80)
		l.detailRight = true
		l.table.w = w - dw
		l.detail = rect{l.table.w, l.body.y, dw, l.body.h}
		return l
	}
	dh := min(max(l.body.h*2/5, 7), 16)
	if w-paneFrameW >= detailColumnsMinWidth {
		dh = min(max(dh, detailBelowTwoColumnsH), l.body.h/2)
	}
	l.table.h = l.body.h - dh
	if tableLines > 0 && tableLines < l.table.h {
		l.table.h = tableLines
		dh = l.body.h - tableLines
	}
	l.detail = rect{0, l.body.y + l.table.h, w, dh}
	return l
}

// resize records a new terminal size.
func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.relayout()
}

// relayout recomputes the layout and gives every pane its size.
func (m *Model) relayout() {
	m.lay = computeLayout(m.width, m.height, m.showDetail, m.wantBanner(), m.tableLines())
	l := m.lay
	m.table.SetSize(l.table.w, l.table.h)
	m.table.SetScrollJump(scrollJump(l))
	m.detail.SetSize(l.detail.w, l.detail.h)
	m.ownedPane.SetSize(l.table.w, l.table.h, l.detail.w, l.detail.h)
	m.help.SetWidth(l.help.w)
	// The input scrolls within the line, after the prompt.
	m.filterInput.SetWidth(max(l.help.w-len([]rune(m.filterInput.Prompt))-1, 1))
	m.sizeDialogs()
	m.chrome = chromeCache{}
}

// wantBanner reports whether the banner line shows: the rows on screen
// are not what the last search asked for (staleRows), and no other search
// runs (the status line then says what is being searched).
func (m *Model) wantBanner() bool { return m.staleRows() && !m.search.loading }

// tableLines is how many lines the table on view draws, its header and
// its rows, or 0 when it has no rows (a message stands in for it).
func (m *Model) tableLines() int {
	n := m.res.view.Len()
	if m.view == viewOwned {
		n = len(m.owned.view)
	}
	if n == 0 {
		return 0
	}
	return n + 1
}

// syncLayout lays the screen out again when the banner comes or goes, or
// when the rows on view change how the detail pane below the table and
// the table share the body.
func (m *Model) syncLayout() {
	if m.lay.tooSmall || m.width <= 0 {
		return
	}
	if (m.lay.banner.h > 0) != m.wantBanner() ||
		(m.showDetail && !m.lay.detailRight && computeLayout(m.width, m.height, true, m.wantBanner(), m.tableLines()).table != m.lay.table) {
		m.relayout()
	}
}

// scrollJump is how far the table scrolls when the cursor steps off
// screen: line by line while its lines span the screen (the terminal
// scrolls them: a move costs two rows on the wire), a page less one row
// while the detail pane sits beside it: every row is then repainted on
// any scroll (3 to 5 KB at 160x50), so doing it less often is what saves
// bytes, and the row the cursor left stays on screen, at the other edge.
// Over 200 moves at 160x50 that is 4 repaints instead of 7 at half a
// page (mean 399 B a move against 452 B).
func scrollJump(l layout) int {
	if !l.detailRight {
		return 1
	}
	return max(l.table.h-2, 1)
}

// sizeDialogs gives the pickers, the export and the purchase dialogs and
// the help overlay the body's area, in which the view centres them.
func (m *Model) sizeDialogs() {
	b := m.lay.body
	m.countryPick.SetSize(b.w, b.h)
	m.typePick.SetSize(b.w, b.h)
	m.export.SetSize(b.w, b.h)
	m.buy.SetSize(b.w, b.h)
	m.fullHelp.SetSize(b.w, b.h)
	m.copyMenu.SetSize(b.w, b.h)
	m.searchPick.SetSize(b.w, b.h)
	m.saveDialog.SetSize(b.w, b.h)
}
