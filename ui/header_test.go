package ui

import (
	"strings"
	"testing"

	"numbrowse/api"
)

// TestHeaderDescribesTheRowsOnScreen is issue 12's second problem: a
// search that failed or found nothing switched the header to the new
// country ("AF Afghanistan +93 · mobile") above the old country's rows,
// the "showing US" note was dropped at 80 columns, and with all types the
// message still said "No mobile numbers … try another number type". The
// header names the rows' own search, and a line says what failed and that
// the rows are from the earlier search, at every width.
func TestHeaderDescribesTheRowsOnScreen(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 30), nil)
	for _, typ := range api.NumberTypes() {
		up.set(api.Query{Country: "AF", Type: typ}, nil, &api.Error{Kind: api.KindRejected, Status: 422,
			Messages: []string{"No " + string(typ) + " numbers available in AF"}})
	}
	up.set(api.Query{Country: "GB", Type: api.TollFree}, nil, nil) // answers with no numbers
	up.set(api.Query{Country: "DE", Type: api.Mobile}, nil, &api.Error{Kind: api.KindServer, Status: 503})
	afDE, _, _ := api.ParseCountries("AF,DE")
	gbAF, _, _ := api.ParseCountries("GB,AF")
	afIR, _, _ := api.ParseCountries("AF,IR")
	for _, typ := range api.NumberTypes() {
		up.set(api.Query{Country: "IR", Type: typ}, nil, &api.Error{Kind: api.KindRejected, Status: 422,
			Messages: []string{"No " + string(typ) + " numbers available in IR"}})
	}
	tests := []struct {
		name   string
		choose func(h *rtHarness)
		banner []string // on the line under the header (at 160 columns)
		reason string   // whole on it at 120 columns
		status string   // what to do
		not    []string
	}{
		{"another country fails", func(h *rtHarness) { h.send(countryChosenMsg{Country: mustCountry("AF")}) },
			[]string{"⚠ AF Afghanistan · mobile: search rejected (HTTP 422): No mobile numbers available in AF",
				"— showing GB United Kingdom · mobile from the earlier search"},
			"No mobile numbers available in AF", "Try another number type or country", nil},
		{"all types, none offered", func(h *rtHarness) {
			h.send(countryChosenMsg{Country: mustCountry("AF")})
			h.send(typeChosenMsg{Type: api.AllTypes})
		},
			[]string{"⚠ AF Afghanistan · all types: no numbers of any type are offered in Afghanistan (AF)",
				"— showing GB United Kingdom · mobile from the earlier search"},
			"no numbers of any type are offered in Afghanistan (AF)", "Press c for another country", []string{"No mobile numbers", "number type"}},
		{"another type finds nothing", func(h *rtHarness) { h.send(typeChosenMsg{Type: api.OneType(api.TollFree)}) },
			[]string{"⚠ GB United Kingdom · toll-free: no numbers found — showing GB United Kingdom · mobile from the earlier search"},
			"no numbers found", "Press t for another type or c for another country", nil},
		// Several countries (issue 14b): the banner names them all and
		// which of them failed; the header stays the earlier rows'.
		{"several countries fail", func(h *rtHarness) { h.send(countryChosenMsg{Country: afDE[0], Countries: afDE}) },
			[]string{"⚠ AF DE · mobile: DE failed: ", "; nothing in AF", "— showing GB · mobile from the earlier search"},
			"DE failed", "", []string{"2 countries"}},
		{"several countries offer nothing", func(h *rtHarness) {
			h.send(countryChosenMsg{Country: afIR[0], Countries: afIR})
		},
			[]string{"⚠ AF IR · mobile: no mobile numbers available in AF, IR —"},
			"no mobile numbers available in AF, IR", "Try another number type or country", []string{"2 countries"}},
		{"several countries find nothing", func(h *rtHarness) {
			h.send(typeChosenMsg{Type: api.OneType(api.TollFree)})
			h.send(countryChosenMsg{Country: gbAF[0], Countries: gbAF})
		},
			[]string{"⚠ GB AF · toll-free: no numbers found — showing GB United Kingdom · mobile from the earlier search"},
			"no numbers found", "Press t for another type or c for another country", []string{"2 countries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range []int{160, 120, 80, 60} {
				h := newHarness(t, Options{Inventory: newService(up), Type: api.OneType(api.Mobile)}, nil, w, 24)
				tt.choose(h)
				lines := strings.Split(h.screen(), "\n")
				if !strings.HasPrefix(lines[0], "numbrowse  GB United Kingdom +44 · mobile") {
					t.Fatalf("%d columns: the header does not describe the rows:\n%s", w, h.screen())
				}
				if h.m.res.set == nil || h.m.res.set.Len() != 30 || h.m.res.countries.Key() != "GB" {
					t.Fatalf("%d columns: the earlier rows are gone", w)
				}
				banner := lines[1]
				if !strings.HasPrefix(banner, "⚠ ") || !strings.Contains(banner, "GB") ||
					!strings.Contains(banner, "mobile") || !strings.Contains(banner, "earlier") {
					t.Fatalf("%d columns: no line says the rows are the earlier search's:\n%s", w, h.screen())
				}
				if w == 160 {
					for _, want := range tt.banner {
						if !strings.Contains(banner, want) {
							t.Errorf("the banner lacks %q:\n%s", want, banner)
						}
					}
				}
				// At 80 columns the names take their short forms before the
				// reason is cut below a fair part of the line.
				if _, rest, _ := strings.Cut(banner, ": "); w == 80 {
					if reason := strings.Split(rest, " — ")[0]; strings.HasSuffix(reason, "…") && cellWidth(reason) < 25 {
						t.Errorf("80 columns: the reason is cut short:\n%s", banner)
					}
				}
				if w == 120 && !strings.Contains(banner, tt.reason) {
					t.Errorf("the banner cuts the reason %q at 120 columns:\n%s", tt.reason, banner)
				}
				if status := lines[len(lines)-2]; !strings.Contains(status, tt.status) {
					t.Errorf("%d columns: the status line does not say %q:\n%s", w, tt.status, status)
				}
				for _, not := range tt.not {
					if strings.Contains(h.screen(), not) {
						t.Errorf("%d columns: the screen says %q:\n%s", w, not, h.screen())
					}
				}
				checkScreen(t, h.m.View().Content, w, 24)

				// Back to a search that works: the banner goes, the header
				// follows the new rows.
				h.send(countryChosenMsg{Country: mustCountry("GB")}, typeChosenMsg{Type: api.OneType(api.Mobile)})
				if s := h.screen(); strings.Contains(s, "⚠") || h.m.issue != nil || !strings.HasPrefix(strings.Split(s, "\n")[1], "  Number") {
					t.Fatalf("%d columns: the banner stayed after a search that worked:\n%s", w, s)
				}
			}
		})
	}
}

// TestEmptySearchWithoutEarlierRows: a first search that finds nothing
// says so of the type and country searched, "any type" for all types.
func TestEmptySearchWithoutEarlierRows(t *testing.T) {
	up := newFakeSearcher()
	for _, typ := range api.NumberTypes() {
		up.set(api.Query{Country: "DE", Type: typ}, nil, nil)
	}
	for _, tt := range []struct {
		typ       api.TypeChoice
		title     string
		hint, not string
	}{
		{api.OneType(api.National), "No national numbers available in Germany", "Press t for another type or c for another country.", ""},
		{api.AllTypes, "No numbers of any type available in Germany", "Press c for another country.", "another type"},
	} {
		h := newHarness(t, Options{Inventory: newService(up), Country: mustCountry("DE"), Type: tt.typ}, nil, 100, 24)
		s := h.screen()
		if !strings.Contains(s, tt.title) || !strings.Contains(s, tt.hint) || (tt.not != "" && strings.Contains(s, tt.not)) {
			t.Errorf("%v:\n%s", tt.typ, s)
		}
		if strings.Contains(s, "⚠") {
			t.Errorf("%v: a banner without earlier rows:\n%s", tt.typ, s)
		}
	}
}
