package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/internal/results"
)

// wheelStep is how many rows one mouse wheel notch scrolls.
const wheelStep = 3

// resultsTable is the results pane: a header line and a window of rows over
// the visible numbers of one search. It owns the cursor, the scroll offset
// and the marks; the root owns the data (a results.Set and the filtered,
// sorted view of it) and hands it over with SetData.
//
// Only the rows on screen are rendered, and column widths come from the
// whole Set (SetData) and the pane width (SetSize), never from the rows on
// screen: moving the cursor or scrolling changes only the rows that moved,
// which keeps the renderer's cell diff small.
//
// Like other Bubble Tea components it is a value that Update returns
// anew; the marks' storage is shared between copies, so keep only the
// latest one. The zero value is not usable; build one with
// newResultsTable.
type resultsTable struct {
	st   *Styles
	keys *KeyMap

	width, height int

	set   *results.Set
	idx   results.Rows // visible rows: indices into set, filtered and sorted
	mixed bool         // several number types: show the Type column
	multi bool         // the visible rows are of several countries: show the Country column
	sort  results.Sort

	cursor int // position in idx
	offset int // position in idx of the first row on screen
	jump   int // rows to scroll when the cursor steps off screen (at least 1)

	marks  []uint64 // bit per set index
	nMarks int
	rented func(e164 string) bool // nil: nothing is rented

	data measured    // widths measured from the whole set
	lay  tableLayout // columns that fit the pane, and the cached header
	// curHead: the cost columns' shared currencies are in the header (see
	// relayout).
	curHead bool
	sgr     tableSGR // style prefixes and suffixes, from st
}

// newResultsTable builds an empty table. st and keys are shared with the
// root; nil st means the default dark 256-colour styles, nil keys means
// only the mouse and the methods move the cursor. Call SetSize and SetData
// before showing it.
func newResultsTable(st *Styles, keys *KeyMap) resultsTable {
	if st == nil {
		def := NewStyles(true, colorprofile.ANSI256, false)
		st = &def
	}
	t := resultsTable{st: st, keys: keys}
	t.sgr = newTableSGR(st)
	t.data = measure(nil)
	t.relayout()
	return t
}

// SetStyles switches to new styles (after the terminal reported its
// background, say) and redraws with them. A nil st is ignored.
func (t *resultsTable) SetStyles(st *Styles) {
	if st == nil {
		return
	}
	t.st = st
	t.sgr = newTableSGR(st)
	t.relayout()
}

// SetSize sets the pane's size in cells; h includes the header line. The
// cursor stays on screen.
func (t *resultsTable) SetSize(w, h int) {
	t.width, t.height = max(w, 0), max(h, 0)
	t.relayout()
	t.clampOffset()
}

// SetData replaces the rows. set is the search result and idx the visible
// rows (indices into set, filtered and sorted, as set.View returns them;
// read-only, so the table keeps them as they are).
// mixedTypes adds the Type column; rows of more than one country add the
// Country column (results.Set.TableColumns).
//
// Rows that changed (a new search, filter or sort) show from the top, with
// the cursor on the first row: whatever was selected before may now sit
// among cheaper rows, and starting lower down would hide them. The same
// rows again (a filter keystroke that changes nothing) keep the cursor
// and the window. A different set is a new search and clears the marks.
// Column widths are measured here, once per set, from every number in it
// (O(len(set)) for a new set, O(len(idx)) otherwise).
func (t *resultsTable) SetData(set *results.Set, idx results.Rows, mixedTypes bool) {
	if set == nil {
		idx = results.Rows{}
	}
	same := set == t.set && idx.Equal(t.idx)
	oldSet := t.set
	t.idx = idx
	if set != oldSet {
		t.set = set
		t.marks, t.nMarks = nil, 0
		t.data = measure(set)
	}
	multi := set != nil && set.SpansCountries(idx)
	if t.mixed != mixedTypes || t.multi != multi || set != oldSet {
		t.mixed, t.multi = mixedTypes, multi
		t.relayout()
	}
	if !same {
		t.cursor, t.offset = 0, 0
	}
	t.clampOffset()
}

// SetSort shows the sort in the header: the column highlighted with ▲ or
// ▼. Sorting the rows is the root's job (set.View, then SetData).
func (t *resultsTable) SetSort(so results.Sort) {
	t.sort = so
	t.lay.header = t.renderHeader()
}

// Update moves the cursor: the KeyMap's up/down, page up/down, half page
// up/down and top/bottom bindings, and the mouse wheel (which scrolls the
// window, dragging the cursor along when it would leave it). Other
// messages are ignored. It never returns a command.
func (t resultsTable) Update(msg tea.Msg) (resultsTable, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if t.keys == nil {
			return t, nil
		}
		k := t.keys
		page := t.pageRows()
		switch {
		case key.Matches(msg, k.Up):
			t.moveBy(-1)
		case key.Matches(msg, k.Down):
			t.moveBy(1)
		case key.Matches(msg, k.PageUp):
			t.pageBy(-page)
		case key.Matches(msg, k.PageDown):
			t.pageBy(page)
		case key.Matches(msg, k.HalfUp):
			t.pageBy(-max(page/2, 1))
		case key.Matches(msg, k.HalfDown):
			t.pageBy(max(page/2, 1))
		case key.Matches(msg, k.Top):
			t.SetCursor(0)
		case key.Matches(msg, k.Bottom):
			t.SetCursor(t.idx.Len() - 1)
		}
	case tea.MouseWheelMsg:
		t.scrollBy(wheelDir(msg) * wheelStep)
	}
	return t, nil
}

// The table as a component: while it has the focus its keys are the
// browser's actions (the root's tableKey), which hand it the movement
// keys; it draws in the body, and neither gains nor loses anything with
// the focus.

func (t *resultsTable) update(root *Model, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return root.tableKey(k)
	}
	return nil
}

func (t *resultsTable) overlay() string  { return "" }
func (t *resultsTable) onFocus() tea.Cmd { return nil }
func (t *resultsTable) onBlur()          {}
func (t *resultsTable) modal() bool      { return false }

// pageRows is the number of row lines below the header (at least 1).
func (t *resultsTable) pageRows() int { return max(t.height-1, 1) }

// moveBy moves the cursor by delta rows. When it steps off screen the
// window scrolls by the scroll jump (one line unless SetScrollJump said
// more), so that the cursor lands that many lines inside the edge.
func (t *resultsTable) moveBy(delta int) {
	t.cursor += delta
	if j := min(t.jump, t.pageRows()); j > 1 {
		switch {
		case t.cursor >= t.offset+t.pageRows():
			t.offset = t.cursor - t.pageRows() + j
		case t.cursor < t.offset:
			t.offset = t.cursor - j + 1
		}
	}
	t.clampOffset()
}

// SetScrollJump sets how many rows the window scrolls when a one-row move
// takes the cursor off screen (vi's scrolljump): 1, the default, scrolls
// line by line. The root asks for a page less one row while the detail
// pane sits beside the table: the terminal can then no longer scroll the
// table's lines for us (they share their screen lines with the pane), so
// each scroll repaints every row, and turning the page does that once per
// page instead of on every move.
func (t *resultsTable) SetScrollJump(rows int) { t.jump = max(rows, 1) }

// pageBy moves the cursor and the window together by delta rows, so the
// cursor keeps its line on screen; at the ends the cursor goes the rest of
// the way.
func (t *resultsTable) pageBy(delta int) {
	t.offset += delta
	t.cursor += delta
	t.clampOffset()
}

// scrollBy scrolls the window by delta rows and keeps the cursor inside it.
func (t *resultsTable) scrollBy(delta int) {
	n, page := t.idx.Len(), t.pageRows()
	t.offset = min(max(t.offset+delta, 0), max(n-page, 0))
	t.cursor = min(max(t.cursor, t.offset), t.offset+page-1)
	t.clampOffset()
}

// clampOffset puts the cursor in range, then scrolls as little as keeps it
// on screen without leaving empty lines below the last row.
func (t *resultsTable) clampOffset() {
	n, page := t.idx.Len(), t.pageRows()
	t.cursor = min(max(t.cursor, 0), max(n-1, 0))
	t.offset = min(max(t.offset, 0), max(n-page, 0))
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+page {
		t.offset = t.cursor - page + 1
	}
}

// Selected returns the set index of the row under the cursor; ok is false
// when there are no rows.
func (t resultsTable) Selected() (setIndex int, ok bool) {
	if t.cursor < 0 || t.cursor >= t.idx.Len() {
		return 0, false
	}
	return t.idx.At(t.cursor), true
}

// Cursor returns the cursor's position among the visible rows (0 when
// there are none).
func (t resultsTable) Cursor() int { return t.cursor }

// SetCursor moves the cursor to a position among the visible rows,
// clamped, scrolling by as little as keeps it on screen.
func (t *resultsTable) SetCursor(pos int) {
	t.cursor = pos
	t.clampOffset()
}

// Follow puts the cursor on the row of the number e164, on line line of
// the window (0: its first row) when the rows allow, and reports whether
// it is among the visible rows; when it is not, nothing moves.
func (t *resultsTable) Follow(e164 string, line int) bool {
	for k := range t.idx.Len() {
		if t.set.At(t.idx.At(k)).E164 == e164 {
			t.cursor, t.offset = k, k-line
			t.clampOffset()
			return true
		}
	}
	return false
}

// Line returns the cursor's line in the window (0: its first row).
func (t resultsTable) Line() int { return t.cursor - t.offset }

// Position returns the cursor's row among the visible rows counting from
// 1, and how many there are; (0, 0) without rows.
func (t resultsTable) Position() (row, of int) {
	if t.idx.Len() == 0 {
		return 0, 0
	}
	return t.cursor + 1, t.idx.Len()
}

// Hidden reports whether rows are hidden above and below the window.
func (t resultsTable) Hidden() (above, below bool) {
	return t.offset > 0, t.offset+t.pageRows() < t.idx.Len()
}

// Len returns the number of visible rows.
func (t resultsTable) Len() int { return t.idx.Len() }

// Empty reports whether there are no rows to show. The table then draws
// its header and blank lines; the root draws its loading, empty or error
// message over the body (every line below the first).
func (t resultsTable) Empty() bool { return t.idx.Len() == 0 }

// ClickRow moves the cursor to the row drawn on line y of the pane (line
// 0 is the header) and reports whether there was a row there.
func (t *resultsTable) ClickRow(y int) bool {
	if y < 1 || y >= t.height {
		return false
	}
	pos := t.offset + y - 1
	if pos >= t.idx.Len() {
		return false
	}
	t.SetCursor(pos)
	return true
}

// ColumnAt returns the column drawn at cell x of the pane (for
// click-to-sort on the header); ok is false in the gutter, between
// columns and past the last one.
func (t resultsTable) ColumnAt(x int) (results.Column, bool) {
	for _, c := range t.lay.cols {
		if x >= c.x && x < c.x+c.w && x < t.width {
			return c.col, true
		}
	}
	return 0, false
}

// VisibleColumns returns the columns on screen, left to right.
func (t resultsTable) VisibleColumns() []results.Column {
	out := make([]results.Column, len(t.lay.cols))
	for i, c := range t.lay.cols {
		out[i] = c.col
	}
	return out
}
