package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/internal/results"
)

// newTestTable is a w×h table over tdNumbers(n) sorted by number.
func newTestTable(n, w, h int) resultsTable {
	t := newResultsTable(pkStyles()["color"], pkKeys())
	t.SetSize(w, h)
	set, idx := tdSet(n, results.Sort{})
	t.SetData(set, idx, false)
	return t
}

// tbKey is pkKey plus the keys the pickers do not use.
func tbKey(s string) tea.KeyPressMsg {
	if s == "ctrl+d" {
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	}
	return pkKey(s)
}

// tbPress sends key presses by name (see tbKey).
func tbPress(t resultsTable, keys ...string) resultsTable {
	for _, k := range keys {
		t, _ = t.Update(tbKey(k))
	}
	return t
}

func TestTableCursorMovement(t *testing.T) {
	// 100 rows, 10 on screen (h = 11 with the header).
	tests := []struct {
		name           string
		keys           []string
		cursor, offset int
	}{
		{"start", nil, 0, 0},
		{"down three", []string{"j", "j", "down"}, 3, 0},
		{"up at the top stays", []string{"k", "up"}, 0, 0},
		{"down to the last line on screen", slices.Repeat([]string{"j"}, 9), 9, 0},
		{"down past the edge scrolls one line", slices.Repeat([]string{"j"}, 10), 10, 1},
		{"up past the top edge scrolls one line", append(slices.Repeat([]string{"j"}, 15), slices.Repeat([]string{"k"}, 10)...), 5, 5},
		{"page down keeps the line", []string{"j", "j", "pgdown"}, 12, 10},
		{"page down at the end", slices.Repeat([]string{"pgdown"}, 20), 99, 90},
		{"page up at the top", []string{"j", "j", "j", "pgup"}, 0, 0},
		{"page up from the end", []string{"G", "pgup"}, 89, 80},
		{"half page down", []string{"ctrl+d"}, 5, 5},
		{"half page up", []string{"ctrl+d", "ctrl+d", "ctrl+d", "ctrl+u"}, 10, 10},
		{"bottom", []string{"G"}, 99, 90},
		{"end", []string{"end"}, 99, 90},
		{"top", []string{"G", "g"}, 0, 0},
		{"home", []string{"G", "home"}, 0, 0},
		{"down at the bottom stays", []string{"G", "j", "j"}, 99, 90},
		{"unbound keys do nothing", []string{"x", "enter", "q"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := tbPress(newTestTable(100, 80, 11), tt.keys...)
			if tb.Cursor() != tt.cursor || tb.offset != tt.offset {
				t.Errorf("cursor %d offset %d, want %d %d", tb.Cursor(), tb.offset, tt.cursor, tt.offset)
			}
			if i, ok := tb.Selected(); !ok || i != tb.idx.At(tt.cursor) {
				t.Errorf("Selected() = %d %v", i, ok)
			}
		})
	}
}

func TestTableCursorClamping(t *testing.T) {
	tests := []struct {
		name    string
		n, h    int
		keys    []string
		cursor  int
		visible bool
	}{
		{"empty", 0, 11, []string{"j", "G", "pgdown", "ctrl+d"}, 0, false},
		{"fewer rows than lines", 3, 11, []string{"pgdown"}, 2, true},
		{"one row", 1, 11, []string{"j", "G", "k"}, 0, true},
		{"header only", 50, 1, []string{"j", "j"}, 2, true},
		{"one line of rows", 50, 2, []string{"j", "j", "pgdown"}, 3, true},
		{"zero height", 50, 0, []string{"G"}, 49, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := tbPress(newTestTable(tt.n, 80, tt.h), tt.keys...)
			if tb.Cursor() != tt.cursor {
				t.Errorf("cursor %d, want %d", tb.Cursor(), tt.cursor)
			}
			if _, ok := tb.Selected(); ok != tt.visible {
				t.Errorf("Selected ok = %v", ok)
			}
			if tb.Empty() == tt.visible {
				t.Errorf("Empty() = %v", tb.Empty())
			}
			if tb.offset < 0 || tb.cursor < tb.offset || tb.cursor >= tb.offset+tb.pageRows() && tt.n > 0 {
				t.Errorf("cursor %d not on screen (offset %d, %d rows)", tb.cursor, tb.offset, tb.pageRows())
			}
		})
	}
}

func TestTableSetCursorAndResize(t *testing.T) {
	tb := newTestTable(100, 80, 11)
	tb.SetCursor(50)
	if tb.Cursor() != 50 || tb.offset != 41 {
		t.Fatalf("SetCursor(50): cursor %d offset %d", tb.Cursor(), tb.offset)
	}
	tb.SetCursor(-5)
	if tb.Cursor() != 0 || tb.offset != 0 {
		t.Fatalf("SetCursor(-5): cursor %d offset %d", tb.Cursor(), tb.offset)
	}
	tb.SetCursor(1000)
	if tb.Cursor() != 99 || tb.offset != 90 {
		t.Fatalf("SetCursor(1000): cursor %d offset %d", tb.Cursor(), tb.offset)
	}
	// Growing the pane at the bottom shows more rows above, not blank lines.
	tb.SetSize(80, 31)
	if tb.Cursor() != 99 || tb.offset != 70 {
		t.Fatalf("after growing: cursor %d offset %d", tb.Cursor(), tb.offset)
	}
	// Shrinking keeps the cursor on screen.
	tb.SetCursor(75)
	tb.SetSize(80, 4)
	if tb.cursor < tb.offset || tb.cursor >= tb.offset+3 {
		t.Fatalf("after shrinking: cursor %d offset %d", tb.Cursor(), tb.offset)
	}
}

// TestTableChangedRowsStartAtTheTop: rows that change (a sort, a filter,
// a new search) show from the top with the cursor on the first row, so
// no cheaper row hides above the screen; the same rows again keep the
// cursor and the window.
func TestTableChangedRowsStartAtTheTop(t *testing.T) {
	set, byNumber := tdSet(500, results.Sort{})
	byMonthly := set.View(results.ParseFilter(""), results.Sort{Col: results.Monthly, Desc: true})
	sms := set.View(results.ParseFilter("sms"), results.Sort{Col: results.Monthly, Desc: true})

	tb := newResultsTable(pkStyles()["color"], pkKeys())
	tb.SetSize(80, 21)
	tb.SetData(set, byNumber, false)
	atTop := func(what string) {
		t.Helper()
		if tb.Cursor() != 0 || tb.offset != 0 {
			t.Fatalf("after %s: cursor %d, window from %d; want both at the top", what, tb.Cursor(), tb.offset)
		}
	}
	move := func() {
		tb.SetCursor(120)
		tb = tbPress(tb, "j", "j")
		if tb.Cursor() != 122 || tb.offset == 0 {
			t.Fatalf("cursor %d, window %d", tb.Cursor(), tb.offset)
		}
	}
	move()
	tb.SetData(set, byMonthly, false)
	atTop("sorting")
	move()
	tb.SetData(set, sms, false)
	atTop("filtering")
	move()
	// A keystroke that changes nothing (a space after a term) keeps the
	// place: the rows did not change.
	tb.SetData(set, results.RowsOf(sms.AppendTo(nil)), false)
	if tb.Cursor() != 122 {
		t.Fatalf("the same rows again moved the cursor to %d", tb.Cursor())
	}
	// Nothing matches, then everything again.
	tb.SetData(set, rowsOf(), false)
	if _, ok := tb.Selected(); ok || !tb.Empty() {
		t.Fatal("an empty view has a selection")
	}
	tb.SetData(set, byNumber, false)
	atTop("an empty view")
	// A new search, even one with the same numbers (a refresh).
	move()
	again := results.NewSet(tdNumbers(500))
	tb.SetData(again, again.View(results.ParseFilter(""), results.Sort{}), false)
	atTop("a refresh")
	if row, of := tb.Position(); row != 1 || of != 500 {
		t.Fatalf("Position() = %d, %d", row, of)
	}
}

func TestTableMarks(t *testing.T) {
	set, byNumber := tdSet(200, results.Sort{})
	byRegion := set.View(results.ParseFilter(""), results.Sort{Col: results.Region})
	tb := newResultsTable(pkStyles()["color"], pkKeys())
	tb.SetSize(80, 21)
	tb.SetData(set, byNumber, false)

	var marked []int
	for _, pos := range []int{3, 10, 11, 150} {
		tb.SetCursor(pos)
		tb.ToggleMark()
		marked = append(marked, byNumber.At(pos))
	}
	tb.SetCursor(10)
	tb.ToggleMark() // unmark
	marked = slices.Delete(marked, 1, 2)
	if tb.MarkedCount() != 3 {
		t.Fatalf("MarkedCount = %d", tb.MarkedCount())
	}
	if got := rowInts(tb.Marked()); !slices.Equal(got, marked) {
		t.Fatalf("Marked() = %v, want %v (view order)", got, marked)
	}

	// A sort keeps the marks, listed in the new view order.
	tb.SetData(set, byRegion, false)
	var want []int
	for _, i := range byRegion.All() {
		if slices.Contains(marked, i) {
			want = append(want, i)
		}
	}
	if got := rowInts(tb.Marked()); !slices.Equal(got, want) {
		t.Fatalf("after sorting, Marked() = %v, want %v", got, want)
	}

	// A filter that hides a marked number keeps it marked, listed last.
	var shown []int
	for _, i := range byNumber.All() {
		if i != marked[0] {
			shown = append(shown, i)
		}
	}
	tb.SetData(set, rowsOf(shown...), false)
	if got := rowInts(tb.Marked()); tb.MarkedCount() != 3 || len(got) != 3 || got[2] != marked[0] {
		t.Fatalf("filtered: Marked() = %v (count %d), want %d last", got, tb.MarkedCount(), marked[0])
	}

	tb.ClearMarks()
	if tb.MarkedCount() != 0 || tb.Marked().Len() != 0 {
		t.Fatal("ClearMarks left marks")
	}

	// A new search clears them.
	tb.SetData(set, byNumber, false)
	tb.ToggleMark()
	other, otherIdx := tdSet(50, results.Sort{})
	tb.SetData(other, otherIdx, false)
	if tb.MarkedCount() != 0 || tb.Marked().Len() != 0 {
		t.Fatal("a new set kept the marks")
	}

	// Nothing to mark in an empty table.
	empty := newResultsTable(pkStyles()["color"], pkKeys())
	empty.ToggleMark()
	if empty.MarkedCount() != 0 {
		t.Fatal("marked a row of an empty table")
	}
}

func TestTableMouse(t *testing.T) {
	wheel := func(b tea.MouseButton) tea.MouseWheelMsg { return tea.MouseWheelMsg{Button: b} }
	tb := newTestTable(100, 80, 11)
	tb, _ = tb.Update(wheel(tea.MouseWheelDown))
	if tb.offset != 3 || tb.Cursor() != 3 {
		t.Fatalf("wheel down: offset %d cursor %d", tb.offset, tb.Cursor())
	}
	tb.SetCursor(8)
	tb, _ = tb.Update(wheel(tea.MouseWheelUp))
	if tb.offset != 0 || tb.Cursor() != 8 {
		t.Fatalf("wheel up: offset %d cursor %d", tb.offset, tb.Cursor())
	}
	for range 50 {
		tb, _ = tb.Update(wheel(tea.MouseWheelDown))
	}
	if tb.offset != 90 || tb.Cursor() != 90 {
		t.Fatalf("wheel to the end: offset %d cursor %d", tb.offset, tb.Cursor())
	}

	tests := []struct {
		y      int
		ok     bool
		cursor int
	}{{0, false, 90}, {-1, false, 90}, {1, true, 90}, {5, true, 94}, {10, true, 99}, {11, false, 99}}
	for _, tt := range tests {
		ok := tb.ClickRow(tt.y)
		if ok != tt.ok || tb.Cursor() != tt.cursor {
			t.Errorf("ClickRow(%d) = %v, cursor %d; want %v, %d", tt.y, ok, tb.Cursor(), tt.ok, tt.cursor)
		}
	}
	short := newTestTable(3, 80, 11)
	if short.ClickRow(5) {
		t.Error("ClickRow below the last row selected something")
	}
}

func TestTableColumnAt(t *testing.T) {
	for _, w := range []int{60, 80, 120, 200} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tb := newTestTable(100, w, 10)
			tb.SetData(tb.set, tb.idx, true)
			header := stripLines(tb.View())[0]
			if _, ok := tb.ColumnAt(0); ok {
				t.Error("the gutter is a column")
			}
			for _, c := range tb.lay.cols {
				for _, x := range []int{c.x, c.x + c.w - 1} {
					if got, ok := tb.ColumnAt(x); !ok || got != c.col {
						t.Errorf("ColumnAt(%d) = %v %v, want %v", x, got, ok, c.col)
					}
				}
				// The title is drawn inside the column's cells.
				title := c.col.Title()
				if at := strings.Index(header, title); at < 0 || cellWidth(header[:at]) < c.x || cellWidth(header[:at])+len(title) > c.x+c.w {
					t.Errorf("title %q drawn outside cells %d..%d: %q", title, c.x, c.x+c.w, header)
				}
				if got, ok := tb.ColumnAt(c.x + c.w); ok && got == c.col {
					t.Errorf("ColumnAt(%d) past the end of %v is %v", c.x+c.w, c.col, got)
				}
			}
			if _, ok := tb.ColumnAt(w + 5); ok {
				t.Error("a column past the edge")
			}
		})
	}
}

// TestRegionCellCutsBetweenParts: at 80x24 an Israeli number's region
// read "Be'er Sheva, Has…", cut inside the state's first word; a summary
// too wide for its column is cut after its last whole word.
func TestRegionCellCutsBetweenParts(t *testing.T) {
	tests := []struct {
		s    string
		w    int
		want string
	}{
		{"Be'er Sheva, Hashfela and South Regions", 18, "Be'er Sheva…"},
		{"Marseille, Provence-Alpes-Côte d'Azur", 30, "Marseille…"},
		{"Marseille, Provence-Alpes-Côte d'Azur", 36, "Marseille, Provence-Alpes-Côte…"},
		{"Chicago, IL", 18, "Chicago, IL"},
		{"Chicago, IL", 11, "Chicago, IL"},
		{"Chicago, IL", 10, "Chicago…"},
		{"A, B, Cccccccccc", 8, "A, B…"},
		{"Frankfurt am Main, Hessen", 16, "Frankfurt am…"},
		{"Frankfurt am Main, Hessen", 8, "Frankfu…"}, // no part fits whole
	}
	for _, tt := range tests {
		got, w := regionCell(tt.s, tt.w, "…")
		if got != tt.want || w != ansi.StringWidth(tt.want) {
			t.Errorf("regionCell(%q, %d) = %q, %d; want %q", tt.s, tt.w, got, w, tt.want)
		}
	}
}

// TestTableRegionCutBetweenParts is the same in a table 72 cells wide
// (its Region column 18 cells, as at 80x24).
func TestTableRegionCutBetweenParts(t *testing.T) {
	tb := newResultsTable(pkStyles()["color"], pkKeys())
	tb.SetSize(72, 5)
	set := tdCustom("+97286044797|IL|local|5.00|voice|Be'er Sheva, Hashfela and South Regions",
		"+97226004378|IL|local|5.00|voice|Jerusalem")
	tb.SetData(set, set.View(results.ParseFilter(""), results.Sort{}), false)
	v := ansi.Strip(tb.View())
	if !strings.Contains(v, "Be'er Sheva…") || strings.Contains(v, "Sheva, ") {
		t.Errorf("the region is not cut after its place:\n%s", v)
	}
}
