package results

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"numbrowse/api"
)

// Region types, normalised by normType (lower case, no _ - or space).
var (
	// A locality or city is a provider's human place name; a rate center is
	// a telco area, readable from Telnyx ("CHICAGO ZONE 01") but an
	// abbreviation from Twilio ("SNFC CNTRL", "NWYRCYZN01").
	placeTypes   = []string{"locality", "city", "ratecenter", "location"}
	areaTypes    = []string{"state", "region", "province"}
	countryTypes = []string{"countrycode", "country"}
)

// normType normalises a provider's region type: "rate_center",
// "Rate-Center" and "ratecenter" are the same.
func normType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return r
	}, t)
}

// RegionSummary describes where a number is, most specific first, in a
// short readable form: the place (locality, city, rate center or location,
// in that preference; title-cased when the provider wrote it in capitals;
// a rate center without its zone) and the state or region ("Chicago, IL"
// for the rate center "CHICAGO ZONE 01" as for the locality "Chicago"). Without either it uses another region
// entry (a postal code...), else the country's name ("United Kingdom" for a
// country_code entry "GB", else for the number's country). The result is
// safe to print.
func RegionSummary(n *api.Number) string { return regionSummary(n.Country, n.Regions) }

func regionSummary(country string, regions []api.Region) string {
	place := pickPlace(regions)
	area := pick(regions, areaTypes)
	var parts []string
	if place != "" {
		parts = append(parts, placeName(place))
	}
	if area != "" && fold(area) != fold(place) {
		parts = append(parts, areaName(area))
	}
	if len(parts) > 0 {
		return strings.Join(parts, ", ")
	}
	for _, r := range regions {
		t := normType(r.Type)
		if name := clean(r.Name); name != "" && !slices.Contains(placeTypes, t) && !slices.Contains(areaTypes, t) && !slices.Contains(countryTypes, t) {
			return name // a postal code or an unknown type
		}
	}
	if c := pick(regions, countryTypes); c != "" {
		return countryName(c)
	}
	return countryName(clean(country))
}

// placeName is a place's display form: title-cased when the provider wrote
// it in capitals ("CHICAGO ZONE 1" → "Chicago Zone 1").
func placeName(s string) string { return titleIfCaps(s) }

// areaName is a state's or region's display form: "ILLINOIS" title-cased,
// "IL" kept as it is.
func areaName(s string) string {
	if utf8.RuneCountInString(s) > 3 {
		return titleIfCaps(s)
	}
	return s
}

// RegionRow is one part of a number's region as the detail pane lists it.
type RegionRow struct {
	Label string // the kind, as api.RegionLabel reads it ("rate center")
	Value string // the name, in the form RegionSummary shows it
}

// RegionRows lists a number's region parts in the provider's order, each
// name in the same display form as in RegionSummary (and so in the
// table): places and long state names title-cased when written in
// capitals, a country code as the country's name. The result is safe to
// print.
func RegionRows(n *api.Number) []RegionRow {
	rows := make([]RegionRow, 0, len(n.Regions))
	for _, r := range n.Regions {
		rows = append(rows, RegionRow{Label: api.RegionLabel(r.Type), Value: regionName(r)})
	}
	return rows
}

// regionName is one region part's display form.
func regionName(r api.Region) string {
	name := clean(r.Name)
	switch t := normType(r.Type); {
	case slices.Contains(placeTypes, t):
		return placeName(name)
	case slices.Contains(areaTypes, t):
		return areaName(name)
	case slices.Contains(countryTypes, t):
		return countryName(name)
	}
	return name
}

// pickPlace returns the preferred place name. A rate center without a space
// ("NWYRCYZN01") is used only when there is no other place name.
func pickPlace(regions []api.Region) string {
	squeezed := ""
	for _, typ := range placeTypes {
		for _, r := range regions {
			name := clean(r.Name)
			if name == "" || normType(r.Type) != typ {
				continue
			}
			if typ == "ratecenter" && !strings.Contains(name, " ") {
				if squeezed == "" {
					squeezed = name
				}
				continue
			}
			if typ == "ratecenter" {
				return rateCenterPlace(name)
			}
			return name
		}
	}
	return squeezed
}

// rateCenterPlace is the place a readable rate center is in: its name
// without the telco's zone ("CHICAGO ZONE 01" → "CHICAGO"), so that the
// summary of a number is "Chicago, IL" whether its provider sent the
// locality or only the rate center. The detail pane keeps the rate
// center's own name (RegionRows).
func rateCenterPlace(name string) string {
	f := strings.Fields(name)
	if n := len(f); n >= 3 && strings.EqualFold(f[n-2], "zone") &&
		strings.IndexFunc(f[n-1], func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		return strings.Join(f[:n-2], " ")
	}
	return name
}

// pick returns the first non-empty name of the first of types present.
func pick(regions []api.Region, types []string) string {
	for _, typ := range types {
		for _, r := range regions {
			if name := clean(r.Name); name != "" && normType(r.Type) == typ {
				return name
			}
		}
	}
	return ""
}

// clean makes provider text printable and trims it.
func clean(s string) string { return strings.TrimSpace(api.Printable(s)) }

// CountryName is what RegionSummary says of a number without a region of
// its own in country code: the country's name ("United Kingdom"), or the
// code as sent when it is not a known country. The result is safe to
// print.
func CountryName(code string) string { return countryName(clean(code)) }

// countryName returns the name of a country code, or the text itself.
func countryName(code string) string {
	if c, ok := api.LookupCountry(code); ok {
		return c.Name
	}
	return code
}

// smallWords stay lower case inside a title-cased name.
var smallWords = map[string]bool{
	"of": true, "and": true, "the": true, "upon": true, "on": true, "am": true, "im": true,
	"an": true, "der": true, "de": true, "du": true, "des": true, "del": true, "en": true, "sur": true,
}

// titleIfCaps title-cases a name written all in capitals ("CHICAGO ZONE 1"
// → "Chicago Zone 1", "SOUTHEND-ON-SEA" → "Southend-on-Sea", "O'FALLON" →
// "O'Fallon") and leaves any other name as it is.
func titleIfCaps(s string) string {
	if strings.IndexFunc(s, unicode.IsLower) >= 0 || strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return s
	}
	lower := []rune(strings.ToLower(s))
	out := make([]rune, 0, len(lower))
	for i := 0; i < len(lower); {
		if !unicode.IsLetter(lower[i]) {
			out = append(out, lower[i])
			i++
			continue
		}
		j := i
		for j < len(lower) && (unicode.IsLetter(lower[j]) || unicode.IsDigit(lower[j])) {
			j++
		}
		word := lower[i:j]
		afterDigit := i > 0 && unicode.IsDigit(lower[i-1])
		afterApos := i >= 2 && lower[i-1] == '\'' && (i == 2 || !unicode.IsLetter(lower[i-3]))
		small := i > 0 && smallWords[string(word)] && !afterApos
		switch {
		case afterDigit || small:
			out = append(out, word...)
		case i > 0 && lower[i-1] == '\'' && !afterApos:
			out = append(out, word...) // "MARY'S" → "Mary's"
		default:
			out = append(out, unicode.ToTitle(word[0]))
			out = append(out, word[1:]...)
		}
		i = j
	}
	return string(out)
}

// fold lower-cases s and removes accents (api.Fold), quickly for ASCII.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return api.Fold(s)
		}
	}
	return strings.ToLower(s)
}

// newRegionEntry computes the summary and the filter text of one region
// list: every region name and the summary, folded, separated by 0x1f so a
// term cannot match across two names.
func newRegionEntry(country string, regions []api.Region) regionEntry {
	e := regionEntry{summary: regionSummary(country, regions)}
	var b strings.Builder
	for _, r := range regions {
		if name := clean(r.Name); name != "" {
			b.WriteString(fold(name))
			b.WriteByte(0x1f)
		}
	}
	b.WriteString(fold(e.summary))
	e.text = b.String()
	e.parts = regionParts(regions)
	return e
}

// partKeys is a set of the typed region keys (state:, city:...).
type partKeys uint8

const (
	keyState  partKeys = 1 << iota // state, region, province, administrative area
	keyCity                        // locality, city, town, location, rate centre
	keyRC                          // rate centre
	keyPostal                      // postal or ZIP code
	keyLATA                        // NANP LATA
	keyRegion                      // any part
)

// partKeysOf returns the keys that test a region part of a kind (see
// api.RegionKind).
func partKeysOf(kind string) partKeys {
	switch api.RegionKind(kind) {
	case api.RegionState:
		return keyState | keyRegion
	case api.RegionLocality, api.RegionLocation:
		return keyCity | keyRegion
	case api.RegionRateCenter:
		return keyCity | keyRC | keyRegion
	case api.RegionPostalCode:
		return keyPostal | keyRegion
	case api.RegionLATA:
		return keyLATA | keyRegion
	}
	return keyRegion
}

// regionParts lists the folded names of a region list's parts with the
// keys that test them; a country code part is also listed by the country's
// name (region:united finds +1 numbers whose Region column says United
// States).
func regionParts(regions []api.Region) []regionPart {
	parts := make([]regionPart, 0, len(regions))
	for _, r := range regions {
		name := clean(r.Name)
		if name == "" {
			continue
		}
		keys := partKeysOf(r.Type)
		parts = append(parts, regionPart{keys: keys, text: fold(name)})
		if api.RegionKind(r.Type) == api.RegionCountry {
			if c, ok := api.LookupCountry(name); ok {
				parts = append(parts, regionPart{keys: keyRegion, text: fold(c.Name)})
			}
		}
	}
	return parts
}
