package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// Issue 12's "what users should get" beyond its six problems: the help
// line follows the focus and keeps "? help" last to go, the Region column
// shows only when it says more than the header, counts and positions have
// thousands separators, and without colours the selected row is marked
// and, in ASCII mode, place names are transliterated.

// lastLine is the screen's help line.
func lastLine(h *rtHarness) string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

func TestHelpLineFollowsTheFocus(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		h := loaded(t, 30, w, 24, Options{})
		if l := lastLine(h); !strings.Contains(l, "c country") || !strings.HasSuffix(strings.TrimRight(l, " "), "? help") &&
			!strings.Contains(l, "? help ·") {
			t.Errorf("%d columns, table: %q", w, l)
		}
		h.keys("d", "tab")
		if h.m.focus != focusDetail {
			t.Fatalf("tab did not focus the detail pane (focus %v)", h.m.focus)
		}
		l := lastLine(h)
		if !strings.Contains(l, "scroll") || !strings.Contains(l, "? help") {
			t.Errorf("%d columns, detail pane: its own keys are not listed: %q", w, l)
		}
		// Keys that do nothing while the pane has the focus are not offered.
		for _, not := range []string{"c country", "t type", "/ filter", "s sort", "b buy"} {
			if strings.Contains(l, not) {
				t.Errorf("%d columns, detail pane: the help line offers %q: %q", w, not, l)
			}
		}
		h.keys("tab")
		if l := lastLine(h); h.m.focus != focusTable || !strings.Contains(l, "c country") {
			t.Errorf("%d columns: back on the table, the help line is %q", w, l)
		}
	}
}

// TestHelpIsTheLastHintToGo: however narrow the line, "? help" stays (it
// leads to every other key) while the other hints go.
func TestHelpIsTheLastHintToGo(t *testing.T) {
	h := loaded(t, 30, 120, 24, Options{})
	for w := 120; w >= 10; w-- {
		got := ansi.Strip(h.m.shortHelp(w))
		if !strings.Contains(got, "? help") && w >= len("? help") {
			t.Fatalf("%d cells: the help line lost ? help: %q", w, got)
		}
		if cellWidth(got) > w {
			t.Fatalf("%d cells: the help line is %d wide", w, cellWidth(got))
		}
	}
}

// TestRegionColumnOnlyWhenItSaysMore: a Region column that would only
// repeat the country in the header is left out; places show it.
func TestRegionColumnOnlyWhenItSaysMore(t *testing.T) {
	countryOnly := rtNumbers("GB", api.Mobile, 20)
	for i := range countryOnly {
		countryOnly[i].Regions = []api.Region{{Type: "country_code", Name: "GB"}}
	}
	for _, tt := range []struct {
		name   string
		nums   []api.Number
		region bool
	}{
		{"country only", countryOnly, false},
		{"places", rtNumbers("GB", api.Mobile, 20), true},
	} {
		up := newFakeSearcher()
		up.set(gbMobile, tt.nums, nil)
		h := newHarness(t, Options{Inventory: newService(up)}, nil, 120, 24)
		header := strings.Split(h.screen(), "\n")[1]
		if strings.Contains(header, "Region") != tt.region {
			t.Errorf("%s: Region column shown %v, want %v:\n%s", tt.name, !tt.region, tt.region, h.screen())
		}
		if !tt.region && strings.Contains(h.screen(), "United Kingdom  ") {
			t.Errorf("%s: the rows repeat the country:\n%s", tt.name, h.screen())
		}
	}
}

func TestCountsHaveThousandsSeparators(t *testing.T) {
	h := loaded(t, 1280, 120, 24, Options{})
	status := func() string { lines := strings.Split(h.screen(), "\n"); return lines[len(lines)-2] }
	if s := status(); !strings.Contains(s, "1,280 numbers") || !strings.Contains(s, " 1/1,280 ") {
		t.Errorf("status %q", s)
	}
	h.keys("G")
	if s := status(); !strings.Contains(s, "1,280/1,280") {
		t.Errorf("at the end, status %q", s)
	}
}

// TestSelectedRowWithoutAttributes: in ASCII mode, and on a terminal that
// gets no attributes (TERM=dumb), the selected row starts with ">" (the
// reverse video may not show); with colours it does not. ASCII mode
// transliterates place names.
func TestSelectedRowWithoutAttributes(t *testing.T) {
	nums := rtNumbers("DE", api.Local, 6)
	nums[1].Regions = []api.Region{{Type: "locality", Name: "Düsseldorf"}}
	nums[2].Regions = []api.Region{{Type: "locality", Name: "Straßberg"}}
	q := api.Query{Country: "DE", Type: api.Local}
	for _, tt := range []struct {
		name    string
		ascii   bool
		profile colorprofile.Profile
		marker  bool
	}{
		{"ascii", true, colorprofile.ANSI256, true},
		{"dumb terminal", false, colorprofile.NoTTY, true},
		{"colour", false, colorprofile.ANSI256, false},
	} {
		up := newFakeSearcher()
		up.set(q, nums, nil)
		h := newHarness(t, Options{Inventory: newService(up), Country: mustCountry("DE"), Type: api.OneType(api.Local), ASCII: tt.ascii}, nil, 100, 24)
		h.send(tea.ColorProfileMsg{Profile: tt.profile})
		h.keys("j")
		lines := strings.Split(h.screen(), "\n")
		sel := h.m.table.Cursor() + 2 // the header and the column titles
		if got := strings.HasPrefix(lines[sel], ">"); got != tt.marker {
			t.Errorf("%s: the selected row starts with > %v, want %v:\n%s", tt.name, got, tt.marker, h.screen())
		}
		for i, l := range lines[2:8] {
			if i+2 != sel && strings.HasPrefix(l, ">") {
				t.Errorf("%s: an unselected row is marked: %q", tt.name, l)
			}
		}
		s := h.screen()
		if tt.ascii && (!strings.Contains(s, "Dusseldorf") || !strings.Contains(s, "Strassberg")) {
			t.Errorf("%s: place names not transliterated:\n%s", tt.name, s)
		}
		if !tt.ascii && !strings.Contains(s, "Düsseldorf") {
			t.Errorf("%s: place names transliterated outside ASCII mode:\n%s", tt.name, s)
		}
	}
}
