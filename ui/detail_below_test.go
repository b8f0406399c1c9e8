package ui

import (
	"strings"
	"testing"
)

// paneTop is the screen line where the detail pane's border starts, or -1.
func paneTop(scr string) int {
	for i, l := range strings.Split(scr, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "╭") {
			return i
		}
	}
	return -1
}

// TestDetailBelowTakesTheTablesSpareLines: with the detail pane below the
// table, rows that do not fill the table's share leave their lines to the
// pane, which starts right under the last row (it had blank table lines
// above it, the more the fewer rows a filter left); more rows give them
// back, up to the table's usual share. The owned view lays out alike.
func TestDetailBelowTakesTheTablesSpareLines(t *testing.T) {
	h := usHarness(t, Options{}) // 7 numbers at 120x30
	h.keys("enter")
	bodyEnd := h.m.lay.body.y + h.m.lay.body.h
	check := func(what string, rows int) {
		t.Helper()
		scr := h.screen()
		if got, want := paneTop(scr), 2+rows; got != want {
			t.Errorf("%s: the pane starts on line %d, want %d (right under %d rows):\n%s", what, got, want, rows, scr)
		}
		if l := h.m.lay; l.detail.y+l.detail.h != bodyEnd || l.table.h != rows+1 {
			t.Errorf("%s: table %+v, detail %+v, body ends at %d", what, l.table, l.detail, bodyEnd)
		}
		checkScreen(t, h.m.View().Content, 120, 30)
	}
	check("all 7 rows", 7)
	h.keys("/")
	h.typeText("state:IL")
	h.keys("enter")
	check("3 rows of IL", 3)
	if scr := h.screen(); !strings.Contains(scr, "Provider flags") && !strings.Contains(scr, "Region") {
		t.Errorf("the taller pane does not show more of the number:\n%s", scr)
	}
	h.keys("esc")
	check("the filter cleared", 7)

	// Many rows: the table keeps its usual share.
	hs, _ := ownedHarness(t, 40, 80, 24, true, false)
	hs.keys("enter")
	full := hs.m.lay.table.h
	if full >= 40 {
		t.Fatalf("table of %d lines", full)
	}
	if got := paneTop(hs.screen()); got != 1+full {
		t.Errorf("40 rows: the pane starts on line %d, want %d", got, 1+full)
	}
	hs.keys("enter", "o", "enter") // the owned view: 3 numbers
	if got := paneTop(hs.screen()); got != 2+3 {
		t.Errorf("owned view: the pane starts on line %d, want 5:\n%s", got, hs.screen())
	}
	checkScreen(t, hs.m.View().Content, 80, 24)
}
