package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// countryEntry is one country with the forms the picker matches against,
// computed once when the picker is built.
type countryEntry struct {
	api.Country
	code    string   // lower-case alpha-2 code
	names   []string // normalized name, then normalized aliases
	calling string   // calling code digits, "" when none
	main    bool     // the main country of its calling code (GB for 44, US for 1)
	sortKey string   // normalized name, for alphabetical order
	// members are a group's countries (EU); nil for a country. A group's
	// Country holds its code and name only.
	members []string
}

// Match tiers, best first. A query is ranked by the best tier any of a
// country's names reaches; ties go to recent countries, then to the main
// country of a calling code, then alphabetically.
const (
	tierNone         = iota
	tierCallingStart // calling code starts with the digits: "4" → +44
	tierCalling      // calling code equals the digits: "44", "+44"
	tierSubstring    // "ger" in "Algeria"
	tierWord         // a later word starts with the query: "kingdom"
	tierAliasPrefix  // an alias starts with the query: "holl" → Holland
	tierPrefix       // the name starts with the query: "ger" → Germany
	tierExactName    // the whole name or an alias: "uk", "usa", "niger"
	tierCode         // the alpha-2 code: "gb", "de"
)

// newCountryEntries indexes every ISO country, ordered by name, and the
// groups of countries (EU), which the list shows first.
func newCountryEntries() []countryEntry {
	all := api.Countries()
	out := make([]countryEntry, 0, len(all)+2)
	for _, c := range all {
		e := countryEntry{Country: c, code: strings.ToLower(c.Code), sortKey: api.NormalizeCountryName(c.Name)}
		e.names = append(e.names, e.sortKey)
		for _, a := range c.Aliases {
			e.names = append(e.names, api.NormalizeCountryName(a))
		}
		if c.CallingCode > 0 {
			e.calling = strconv.Itoa(c.CallingCode)
			e.main = phone.GetRegionCodeForCountryCode(c.CallingCode) == c.Code
		}
		out = append(out, e)
	}
	for _, g := range api.CountryGroups() {
		key := api.NormalizeCountryName(g.Name)
		out = append(out, countryEntry{Country: api.Country{Code: g.Code, Name: g.Name},
			code: strings.ToLower(g.Code), names: []string{key}, sortKey: key, members: g.Members})
	}
	slices.SortFunc(out, func(a, b countryEntry) int {
		return cmp.Or(strings.Compare(a.sortKey, b.sortKey), strings.Compare(a.Code, b.Code))
	})
	return out
}

// isGroup reports whether e is a group of countries.
func (e *countryEntry) isGroup() bool { return e.members != nil }

// countryQuery is a parsed picker query: either digits of a calling code
// ("+44", "44") or normalized text. Empty means "everything".
type countryQuery struct {
	digits string
	text   string
	isCode bool // digits-only or "+" query: match calling codes
}

func parseCountryQuery(raw string) countryQuery {
	s := strings.TrimSpace(raw)
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		return countryQuery{digits: strings.Map(keepDigit, rest), isCode: true}
	}
	if s != "" && strings.Trim(s, "0123456789 -") == "" {
		return countryQuery{digits: strings.Map(keepDigit, s), isCode: true}
	}
	return countryQuery{text: api.NormalizeCountryName(s)}
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// empty reports whether the query matches everything.
func (q countryQuery) empty() bool { return !q.isCode && q.text == "" }

// tier is how well e matches q (tierNone: not at all).
func (q countryQuery) tier(e *countryEntry) int {
	if q.isCode {
		switch {
		case e.calling == "":
			return tierNone
		case e.calling == q.digits:
			return tierCalling
		case strings.HasPrefix(e.calling, q.digits):
			return tierCallingStart
		}
		return tierNone
	}
	if q.text == e.code {
		return tierCode
	}
	best := tierNone
	for i, n := range e.names {
		t := tierNone
		switch {
		case n == q.text:
			t = tierExactName
		case strings.HasPrefix(n, q.text) && i == 0:
			t = tierPrefix
		case strings.HasPrefix(n, q.text):
			t = tierAliasPrefix
		case strings.Contains(" "+n, " "+q.text):
			t = tierWord
		case strings.Contains(n, q.text):
			t = tierSubstring
		}
		best = max(best, t)
	}
	return best
}

// rankCountries returns the entries matching q, best first. recent
// holds the recently chosen codes, newest first: with an empty query they
// lead the list in that order, the groups follow, and the rest follows by
// name; otherwise they win ties within a tier.
func rankCountries(entries []countryEntry, q countryQuery, recent []string) []int {
	recentRank := func(code string) int {
		if i := slices.Index(recent, code); i >= 0 {
			return i
		}
		return len(recent)
	}
	if q.empty() {
		out := make([]int, 0, len(entries))
		lead := make([]int, len(recent))
		for i := range lead {
			lead[i] = -1
		}
		var groups []int
		for i := range entries {
			switch r := recentRank(entries[i].Code); {
			case entries[i].isGroup():
				groups = append(groups, i)
			case r < len(recent):
				lead[r] = i
			default:
				out = append(out, i)
			}
		}
		lead = slices.DeleteFunc(lead, func(i int) bool { return i < 0 })
		return append(append(lead, groups...), out...)
	}
	type hit struct{ i, tier, recent int }
	var hits []hit
	for i := range entries {
		if t := q.tier(&entries[i]); t != tierNone {
			hits = append(hits, hit{i, t, recentRank(entries[i].Code)})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		ea, eb := &entries[a.i], &entries[b.i]
		c := cmp.Or(cmp.Compare(b.tier, a.tier), cmp.Compare(a.recent, b.recent))
		if c == 0 && q.isCode {
			// Shorter codes first ("4" lists +40 before +420), then the
			// code's main country (GB before Guernsey for +44).
			c = cmp.Or(cmp.Compare(len(ea.calling), len(eb.calling)),
				strings.Compare(ea.calling, eb.calling), boolFirst(ea.main, eb.main))
		}
		return c // entries are already in name order: stable sort keeps it
	})
	out := make([]int, len(hits))
	for k, h := range hits {
		out[k] = h.i
	}
	return out
}

// alias is the alias of e that q matched when its name did not ("Holland"
// for the Netherlands), so the list can say why a country is there.
func (q countryQuery) alias(e *countryEntry) string {
	if q.isCode || q.text == "" || strings.Contains(e.names[0], q.text) {
		return ""
	}
	for i, n := range e.names[1:] {
		if strings.Contains(n, q.text) {
			return e.Aliases[i]
		}
	}
	return ""
}

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
