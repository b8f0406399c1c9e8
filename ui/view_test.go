package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

func TestHelpOverlayAndASCII(t *testing.T) {
	h := loaded(t, 10, 100, 30, Options{ASCII: true})
	h.keys("?")
	s := h.screen()
	if h.m.focus != focusHelp || !strings.Contains(s, "Keys") || !strings.Contains(s, "k/up") {
		t.Fatalf("help overlay (ASCII):\n%s", s)
	}
	for _, r := range s {
		if r > 0x7e {
			t.Fatalf("non-ASCII %q in ASCII mode:\n%s", r, s)
		}
	}
	h.keys("s") // ignored while the help is open
	if h.m.sort != (results.Sort{Col: results.Monthly}) {
		t.Fatal("a key acted behind the help overlay")
	}
	h.keys("?")
	if h.m.focus != focusTable {
		t.Fatal("? does not close the help")
	}
	checkASCII := func(what string) {
		t.Helper()
		for _, r := range h.screen() {
			if r > 0x7e {
				t.Fatalf("%s: non-ASCII %q in ASCII mode:\n%s", what, r, h.screen())
			}
		}
	}
	h.send(searchDoneMsg{seq: h.m.search.seq, countries: api.CountryList{mustCountry("GB")}, typ: mustType("mobile"),
		err: &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 3 * time.Second}})
	checkASCII("rate limit")
	h.keys("y")
	checkASCII("copied")
	h.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	checkASCII("too small")
}

// TestHelpExplainsTheBadges: ? help explains every feature and flag
// badge the table shows, at 80x24 as on a large terminal (at 80x24 it
// gives up the filter syntax first, which the filter line hints at).
func TestHelpExplainsTheBadges(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := loaded(t, 10, size[0], size[1], Options{})
		h.keys("?")
		s := h.screen()
		var legend []string
		for _, f := range api.KnownFeatures() {
			legend = append(legend, api.FeatureBadge(f)+" "+api.FeatureLabel(f))
		}
		for _, f := range api.AllFlags() {
			if f.Warns() {
				legend = append(legend, f.Badge()+" "+f.Label())
			}
		}
		for _, want := range append(legend, "Badges", "q quit") {
			if !strings.Contains(s, want) {
				t.Errorf("%dx%d: the help lacks %q:\n%s", size[0], size[1], want, s)
			}
		}
		checkScreen(t, h.m.View().Content, size[0], size[1])
	}
}

func TestDetailPanePlacement(t *testing.T) {
	for _, tt := range []struct {
		w, h  int
		right bool
	}{{80, 24, false}, {120, 40, false}, {139, 30, false}, {140, 30, true}, {250, 80, true}} {
		l := computeLayout(tt.w, tt.h, true, false, 0)
		if l.detailRight != tt.right || l.detail.w == 0 || l.detail.h == 0 {
			t.Errorf("%dx%d: %+v", tt.w, tt.h, l)
		}
		if l.table.h+l.header.h+l.status.h+l.help.h+boolInt(!tt.right)*l.detail.h != tt.h ||
			l.table.w+boolInt(tt.right)*l.detail.w != tt.w {
			t.Errorf("%dx%d: the parts do not fill the screen: %+v", tt.w, tt.h, l)
		}
	}
	// Below the table on a screen wide enough for two columns, the pane
	// is tall enough for the left one (Number, Cost, Features: 13 lines).
	if l := computeLayout(120, 40, true, false, 0); l.detail.h != detailBelowTwoColumnsH || l.table.w != 120 {
		t.Errorf("120x40: %+v", l)
	}
	for name, st := range u3Styles() {
		if f := st.Pane.GetHorizontalFrameSize(); f != paneFrameW {
			t.Errorf("%s: the pane's frame is %d cells wide, paneFrameW %d", name, f, paneFrameW)
		}
	}
	h := loaded(t, 10, 80, 24, Options{})
	h.keys("enter")
	if !h.m.showDetail || h.m.lay.detail.h == 0 {
		t.Fatal("enter does not open the detail pane")
	}
	h.keys("tab")
	if h.m.focus != focusDetail {
		t.Fatal("tab does not focus the detail pane")
	}
	h.keys("tab", "d")
	if h.m.showDetail || h.m.focus != focusTable {
		t.Fatal("d does not close the detail pane")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestViewFitsEverySize(t *testing.T) {
	h := loaded(t, 30, 80, 24, Options{Demo: true})
	h.keys("enter")
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {2, 5}, {59, 16}, {60, 15}, {60, 16}, {61, 17}, {80, 24},
		{109, 30}, {110, 30}, {120, 40}, {250, 80}, {400, 120}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		content := h.m.View().Content
		checkScreen(t, content, sz[0], sz[1])
		small := sz[0] < minWidth || sz[1] < minHeight
		if small && sz[0] >= 40 && !strings.Contains(stripANSI(content), "Terminal too small") {
			t.Errorf("%dx%d: no too-small message:\n%s", sz[0], sz[1], content)
		}
		if !small && len(strings.Split(content, "\n")) != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(strings.Split(content, "\n")))
		}
	}
}

func TestMouse(t *testing.T) {
	h := loaded(t, 30, 80, 24, Options{Mouse: true})
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse mode not set")
	}
	tb := h.m.lay.table
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y + 4, Button: tea.MouseLeft})
	if h.m.table.Cursor() != 3 {
		t.Fatalf("click on the 4th row: cursor %d", h.m.table.Cursor())
	}
	col, ok := h.m.table.ColumnAt(2)
	if !ok {
		t.Fatal("no column at x=2")
	}
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y, Button: tea.MouseLeft})
	if h.m.sort != (results.Sort{Col: col}) {
		t.Fatalf("header click: sort %v, want %v", h.m.sort, col)
	}
	h.send(tea.MouseClickMsg{X: tb.x + 2, Y: tb.y, Button: tea.MouseLeft})
	if h.m.sort != (results.Sort{Col: col, Desc: true}) {
		t.Fatalf("second header click: sort %v", h.m.sort)
	}
	before := h.m.table.Cursor()
	h.send(tea.MouseWheelMsg{X: tb.x + 2, Y: tb.y + 3, Button: tea.MouseWheelDown})
	if h.m.table.Cursor() == before && h.m.res.view.Len() > tb.h {
		t.Log("the wheel scrolled without moving the cursor (allowed)")
	}
	plain := loaded(t, 5, 80, 24, Options{})
	if plain.m.View().MouseMode != tea.MouseModeNone {
		t.Fatal("mouse on by default")
	}
}

// TestHelpListsTheFilterTerms: the help overlay's filter section names
// the typed terms, wildcards and flags, and at 80 columns flows its pairs
// onto more lines rather than cutting them at the box's edge.
func TestHelpListsTheFilterTerms(t *testing.T) {
	h := loaded(t, 10, 80, 40, Options{})
	h.keys("?")
	s := h.screen()
	for _, want := range []string{"state:IL city: rc: zip: lata: region:", "^415***0100$", "feature:emergency",
		"quickship reservable best-effort", "up<1 upfront", "cur:EUR", "docs needs documents/address",
		`city:"new york" spaces in quotes`} {
		if !strings.Contains(s, want) {
			t.Errorf("help at 80x40 lacks %q:\n%s", want, s)
		}
	}
}
