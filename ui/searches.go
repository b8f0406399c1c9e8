package ui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// SavedSearch is a search as the user saves it (ctrl+s) or the config
// file names it ([searches.NAME]): the countries, the type, the filter and
// the sort. Recent searches are SavedSearches without a name.
type SavedSearch struct {
	Name      string
	Countries api.CountryList
	Type      api.TypeChoice
	Filter    string
	Sort      results.Sort
}

// key says which results the search shows: its countries and type (the
// filter and sort only change how they are shown).
func (s SavedSearch) key() string { return searchKey(s.Countries, s.Type) }

// searchKey is the key of the results of a search of countries and typ.
func searchKey(countries api.CountryList, typ api.TypeChoice) string {
	return countries.Key() + "|" + typ.String()
}

// Describe is the search in a line: "DE FR NL · mobile · sms <2 · monthly".
func (s SavedSearch) Describe(dot string) string {
	parts := []string{s.Countries.Label(4), s.Type.Label()}
	if q := strings.TrimSpace(s.Filter); q != "" {
		parts = append(parts, q)
	}
	parts = append(parts, s.Sort.String())
	return api.Printable(strings.Join(parts, " "+dot+" "))
}

// same reports whether two searches are the same, name aside.
func (s SavedSearch) same(o SavedSearch) bool {
	return s.Countries.Equal(o.Countries) && s.Type == o.Type &&
		strings.TrimSpace(s.Filter) == strings.TrimSpace(o.Filter) && s.Sort == o.Sort
}

// current is the search the browser is on: the current choice, with the
// filter and sort in force, and the name of the saved search it came from.
func (m *Model) current() SavedSearch {
	return SavedSearch{Name: m.savedName, Countries: m.countries, Type: m.typ, Filter: m.filter.Query(), Sort: m.sort}
}

// leaveSearch remembers the results on screen, with their filter and
// sort, among the recent searches, before the browser searches something
// else.
func (m *Model) leaveSearch() tea.Cmd {
	if m.res.set == nil {
		return nil
	}
	left := SavedSearch{Countries: m.res.countries, Type: m.res.typ, Filter: m.filter.Query(), Sort: m.sort}
	m.recentSearches = addRecentSearch(m.recentSearches, left)
	return safe(recentSearchCmd(m.recent, left))
}

// addRecentSearch puts s at the front of list (one per countries and type,
// at most recentSearchMax), on a copy.
func addRecentSearch(list []SavedSearch, s SavedSearch) []SavedSearch {
	out := append([]SavedSearch{s}, slices.DeleteFunc(slices.Clone(list), func(x SavedSearch) bool { return x.key() == s.key() })...)
	return out[:min(len(out), recentSearchMax)]
}
