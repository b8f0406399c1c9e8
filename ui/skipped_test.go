package ui

import (
	"strings"
	"testing"

	"numbrowse/api"
)

// TestSkippedEntries: the status line says how many of the provider's
// entries were skipped and why, and an answer whose every entry was
// skipped is not shown as "no numbers".
func TestSkippedEntries(t *testing.T) {
	var skips api.Skips
	skips.Add(api.SkipNoNumber)
	skips.Add(api.SkipBadNumber)
	skips.Add(api.SkipBadNumber)
	one := rtNumbers("GB", api.Mobile, 1)
	tests := []struct {
		name   string
		result *api.Result
		want   []string
		not    []string
	}{
		{"all skipped", &api.Result{Skipped: skips},
			[]string{"All 3 entries for GB · mobile were skipped",
				"Skipped: 1 without a phone number, 2 with a phone number that is not one.", "3 skipped"},
			[]string{"No mobile numbers available"}},
		{"some skipped", &api.Result{Numbers: one, Skipped: skips},
			[]string{"1 number", "3 skipped: 1 without a phone number, 2 with a phone number that is not one"}, nil},
		{"none at all", &api.Result{},
			[]string{"No mobile numbers available in United Kingdom"}, []string{"skipped"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Type: api.OneType(api.Mobile), Inventory: newService(newFakeSearcher())}, nil, 160, 24)
			h.send(searchDoneMsg{seq: h.m.search.seq, countries: api.CountryList{mustCountry("GB")}, typ: api.OneType(api.Mobile), result: tt.result})
			screen := h.screen()
			for _, w := range tt.want {
				if !strings.Contains(screen, w) {
					t.Errorf("screen lacks %q:\n%s", w, screen)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(screen, w) {
					t.Errorf("screen has %q:\n%s", w, screen)
				}
			}
		})
	}
}
