package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// countryFound is what the searches of this session found in one country:
// the count of the last search of each number type (-1 for a type not
// searched yet), and whether its last search failed. The country picker
// shows it beside the country.
type countryFound struct {
	n      [4]int32 // by api.NumberTypes order
	failed bool
}

// typeIndex is t's place in api.NumberTypes, or -1.
func typeIndex(t api.NumberType) int { return slices.Index(api.NumberTypes(), t) }

// newCountryFound is a country nothing was searched in yet.
func newCountryFound() countryFound { return countryFound{n: [4]int32{-1, -1, -1, -1}} }

// total is how many numbers the last searches of each type found, and
// whether any type was searched.
func (f countryFound) total() (int, bool) {
	n, any := 0, false
	for _, k := range f.n {
		if k >= 0 {
			n, any = n+int(k), true
		}
	}
	return n, any
}

// detail is "40 mobile, 0 local" (or "search failed"), for the picker's
// line about the highlighted country.
func (f countryFound) detail() string {
	var parts []string
	for i, t := range api.NumberTypes() {
		if f.n[i] >= 0 {
			parts = append(parts, fmt.Sprintf("%d %s", f.n[i], t))
		}
	}
	if f.failed {
		parts = append(parts, "last search failed")
	}
	return strings.Join(parts, ", ")
}

// noteFound records what a finished search found in each of its
// countries, for the country picker. A type the country does not offer
// counts as none found.
func (m *Model) noteFound(typ api.TypeChoice, outcomes []inventory.CountryOutcome) {
	if len(outcomes) == 0 {
		return
	}
	found := maps.Clone(m.found) // copy on write: older models may read the old map
	if found == nil {
		found = map[string]countryFound{}
	}
	for _, o := range outcomes {
		f, ok := found[o.Country.Code]
		if !ok {
			f = newCountryFound()
		}
		f.failed = o.Failure()
		if o.Err != nil && !f.failed {
			for _, t := range typ.Types() {
				if i := typeIndex(t); i >= 0 {
					f.n[i] = 0 // rejected: nothing of that type there
				}
			}
		}
		for _, t := range o.Rejected {
			if i := typeIndex(t); i >= 0 {
				f.n[i] = 0
			}
		}
		for _, tc := range o.Found {
			if i := typeIndex(tc.Type); i >= 0 {
				f.n[i] = int32(min(tc.N, 1<<30))
			}
		}
		found[o.Country.Code] = f
	}
	m.found = found
}
