package ui

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
)

// Regression guards for the issue 5 byte budgets: the whole screen (root
// model, demo inventory) through Bubble Tea's cell renderer at 120x40.
// Byte counts are exact, so they are plain assertions; nothing is timed.

// budgetHarness is the browser at 120x40 over n demo numbers (US local,
// the demo's mix of region shapes, flags and provider fields), drawn once
// through a simulated terminal of the given profile.
func budgetHarness(t *testing.T, n int, profile colorprofile.Profile) (*rtHarness, *termSim) {
	t.Helper()
	srv := httptest.NewServer(demo.NewHandler(demo.WithLatency(0, 0), demo.WithSize(n)))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL+demo.BasePath), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Country: mustCountry("US"), Type: api.OneType(api.Local), Demo: true, Inventory: inventory.New(c)}, nil, 120, 40)
	if h.m.res.set == nil || h.m.res.set.Len() != n {
		t.Fatal("the demo search did not load")
	}
	h.send(tea.ColorProfileMsg{Profile: profile})
	sim := newTermSim(120, 40, profile)
	sim.frame(h.m.View().Content)
	return h, sim
}

// pressAll presses each key and returns the bytes each frame cost.
func pressAll(h *rtHarness, sim *termSim, keys ...string) []int {
	per := make([]int, len(keys))
	for i, k := range keys {
		h.keys(k)
		per[i] = sim.frame(h.m.View().Content)
	}
	return per
}

// TestBytesPerMove: 120 presses of j from the top (the window scrolls
// after about 36) cost at most 300 bytes each (median) with the detail
// pane closed and 500 with it open, at 256 colours (what TERM=xterm-256color
// over SSH gets). True colour is logged: its colours are longer.
func TestBytesPerMove(t *testing.T) {
	moves := slices.Repeat([]string{"j"}, 120)
	for _, p := range []colorprofile.Profile{colorprofile.ANSI256, colorprofile.TrueColor} {
		for _, open := range []bool{false, true} {
			h, sim := budgetHarness(t, 1000, p)
			budget := 300
			if open {
				h.keys("d")
				sim.frame(h.m.View().Content)
				budget = 500
			}
			per := pressAll(h, sim, moves...)
			t.Logf("%v, detail open %v: median %d B per move, in window %d, scrolling %d, mean %d",
				p, open, median(per), median(per[:30]), median(per[40:]), mean(per))
			if m := median(per); p == colorprofile.ANSI256 && m > budget {
				t.Errorf("detail open %v: median %d bytes per cursor move, want ≤ %d", open, m, budget)
			}
		}
	}
}

// TestPageAndSortRepaintOnlyRows: a page down, or a new sort, changes the
// table's rows and the detail pane's number, never the header or the help
// line (the renderer skips unchanged lines, so they cost nothing); page
// down changes only the position at the status line's right end.
func TestPageAndSortRepaintOnlyRows(t *testing.T) {
	h, sim := budgetHarness(t, 1000, colorprofile.ANSI256)
	h.keys("d")
	sim.frame(h.m.View().Content)
	for _, k := range []string{"pgdown", "pgdown", "s", "S"} {
		before := strings.Split(h.m.View().Content, "\n")
		n := pressAll(h, sim, k)[0]
		after := strings.Split(h.m.View().Content, "\n")
		last := len(after) - 1
		if after[0] != before[0] || after[last] != before[last] {
			t.Errorf("%s: the header or the help line changed", k)
		}
		ruler := cellWidth(h.m.ruler())
		if b, a := ansi.Strip(before[last-1]), ansi.Strip(after[last-1]); k == "pgdown" &&
			(ruler == 0 || ansi.Truncate(b, 120-ruler, "") != ansi.Truncate(a, 120-ruler, "")) {
			t.Errorf("%s: the status line changed left of the position:\n%s\n%s", k, b, a)
		}
		t.Logf("%s: %d B", k, n)
	}
}

func mean(v []int) int {
	sum := 0
	for _, x := range v {
		sum += x
	}
	return sum / max(len(v), 1)
}
