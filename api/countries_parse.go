package api

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"numbrowse/internal/phone"
)

// What a person types for a country, read the same way by the command
// line (--country, NUMBROWSE_COUNTRY, the config file, saved searches) and
// the browser's country picker: an alpha-2 code, a name or alias, a calling
// code, a number prefix, a group such as EU, or a comma-separated list.

// MaxCountries bounds the countries one search may take at once: each is
// one request per number type, and the plan's rate limit is per minute.
// The largest group (EEA) has 30.
const MaxCountries = 32

// CountryGroup is a named group of countries that --country and the
// country picker take as one choice ("EU").
type CountryGroup struct {
	Code    string   // "EU": not an ISO 3166-1 code, so never a country's
	Name    string   // "European Union"
	Members []string // alpha-2 codes, in code order
}

// eu is the member states of the European Union (27, since 2020).
func eu() []string {
	return []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
		"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
}

// CountryGroups lists the groups, in the order a picker shows them. The
// slice is the caller's.
func CountryGroups() []CountryGroup {
	eea := append(eu(), "IS", "LI", "NO")
	slices.Sort(eea)
	return []CountryGroup{
		{Code: "EU", Name: "European Union", Members: eu()},
		{Code: "EEA", Name: "European Economic Area", Members: eea},
	}
}

// LookupCountryGroup finds a group by its code, in any case.
func LookupCountryGroup(code string) (CountryGroup, bool) {
	code = strings.TrimSpace(code)
	for _, g := range CountryGroups() {
		if strings.EqualFold(g.Code, code) {
			return g, true
		}
	}
	return CountryGroup{}, false
}

// Countries returns the group's members as countries, in code order.
func (g CountryGroup) Countries() CountryList {
	out := make(CountryList, 0, len(g.Members))
	for _, code := range g.Members {
		if c, ok := LookupCountry(code); ok {
			out = append(out, c)
		}
	}
	return out
}

// CountryList is a choice of one or more countries, in the order given,
// without repeats.
type CountryList []Country

// Codes are the list's alpha-2 codes, in order.
func (l CountryList) Codes() []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.Code
	}
	return out
}

// Key is the list's codes joined with commas ("DE,FR,NL"): what --country
// takes back, and a map key for the same choice.
func (l CountryList) Key() string { return strings.Join(l.Codes(), ",") }

// Group is the group whose members the list holds exactly (in any
// order), if there is one.
func (l CountryList) Group() (CountryGroup, bool) {
	if len(l) < 2 {
		return CountryGroup{}, false
	}
	codes := slices.Sorted(slices.Values(l.Codes()))
	for _, g := range CountryGroups() {
		if slices.Equal(codes, g.Members) {
			return g, true
		}
	}
	return CountryGroup{}, false
}

// Label names the list in a few characters: "GB", "DE FR NL", "EU" for a
// group's members, and "DE FR NL +4" beyond max codes (max < 1 means no
// limit).
func (l CountryList) Label(max int) string {
	if g, ok := l.Group(); ok {
		return g.Code
	}
	codes := l.Codes()
	if max < 1 || len(codes) <= max {
		return strings.Join(codes, " ")
	}
	return strings.Join(codes[:max], " ") + " +" + strconv.Itoa(len(codes)-max)
}

// Contains reports whether the list holds the country with this code.
func (l CountryList) Contains(code string) bool {
	return slices.ContainsFunc(l, func(c Country) bool { return c.Code == code })
}

// Equal reports whether two lists hold the same countries in the same
// order.
func (l CountryList) Equal(o CountryList) bool {
	return slices.EqualFunc(l, o, func(a, b Country) bool { return a.Code == b.Code })
}

// ParseCountry reads one country as a person writes it: its alpha-2 code
// ("gb"), its name or one of its aliases in any case, with or without
// accents and punctuation ("United Kingdom", "uk", "turkiye", "cote
// d'ivoire"), or its calling code ("+44", "44"; a code several countries
// share picks the main one: +1 is the United States, +44 the United
// Kingdom). Anything else, a number prefix included, is a
// *ValidationError that names the input and suggests the closest
// countries.
func ParseCountry(s string) (Country, error) {
	c, national, err := ParseCountryPrefix(s)
	if err != nil {
		return Country{}, err
	}
	if national != "" {
		return Country{}, &ValidationError{Field: "country", Value: s, Verb: "a number prefix, not a",
			Hint: fmt.Sprintf("it starts numbers in %s: give the country (%s) and filter for ^%s", c.Name, c.Code, national)}
	}
	return c, nil
}

// ParseCountryPrefix is ParseCountry that also takes the start of a
// number in international form: "+1415" is the United States and the
// national digits "415", "+44 20" the United Kingdom and "20", "+1 416"
// Canada (the country is the one libphonenumber gives numbers that start
// so). Spaces, dots, dashes, brackets and a trunk prefix in brackets
// ("+44 (0)20") are ignored. national is "" for anything but a number
// prefix.
func ParseCountryPrefix(s string) (c Country, national string, err error) {
	t := strings.TrimSpace(s)
	if c, ok := LookupCountry(t); ok {
		return c, "", nil
	}
	if c, ok := lookupCountryName(t); ok {
		return c, "", nil
	}
	if cc, rest, ok := splitCallingCode(t); ok {
		if c, ok := countryOfPrefix(cc, rest); ok {
			return c, rest, nil
		}
	}
	return Country{}, "", &ValidationError{Field: "country", Value: s,
		Suggestions: suggestCountries(s, 3),
		Hint:        "use an ISO 3166-1 alpha-2 code such as US, GB or DE, a name, or a calling code such as +44"}
}

// ParseCountries reads a comma-separated list of what ParseCountry takes,
// and group codes ("EU"): "DE,FR,NL", "EU,GB", "uk, Germany". Repeats are
// dropped, the order is kept, empty items are ignored. A list that is a
// single number prefix ("+1415") is its country, and national is the
// prefix's national digits; in a longer list a number prefix is an error.
// More than MaxCountries countries is an error too.
func ParseCountries(s string) (list CountryList, national string, err error) {
	items := strings.Split(s, ",")
	seen := map[string]bool{}
	add := func(c Country) {
		if !seen[c.Code] {
			seen[c.Code] = true
			list = append(list, c)
		}
	}
	nonEmpty := 0
	for _, it := range items {
		if strings.TrimSpace(it) != "" {
			nonEmpty++
		}
	}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if g, ok := LookupCountryGroup(it); ok {
			for _, c := range g.Countries() {
				add(c)
			}
			continue
		}
		c, nat, err := ParseCountryPrefix(it)
		if err != nil {
			return nil, "", err
		}
		if nat != "" {
			if nonEmpty > 1 {
				return nil, "", &ValidationError{Field: "country list", Value: s, Verb: "a number prefix in the",
					Hint: "a number prefix (" + it + ") picks one country on its own; list several countries by code, such as DE,FR,NL"}
			}
			national = nat
		}
		add(c)
	}
	if len(list) == 0 {
		return nil, "", &ValidationError{Field: "country", Value: s, Verb: "no",
			Hint: "use an ISO 3166-1 alpha-2 code such as US, GB or DE, or a list such as DE,FR,NL"}
	}
	if len(list) > MaxCountries {
		return nil, "", &ValidationError{Field: "country list", Value: clipList(s), Verb: "too long a",
			Hint: fmt.Sprintf("%d countries is too many for one search — at most %d (each country is one request per number type)", len(list), MaxCountries)}
	}
	return list, national, nil
}

// clipList shortens a long list for a message.
func clipList(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// NormalizeCountryName folds case and accents ("Türkiye" → "turkiye") and
// turns punctuation and runs of spaces into single spaces, so "cote d
// ivoire", "guinea bissau" and "cocos keeling" match what people type.
// The country picker and ParseCountry match names in this form.
func NormalizeCountryName(s string) string {
	f := Fold(s)
	var b strings.Builder
	space := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// countryNameIndex maps every normalized name and alias to its country's
// index in countries; built once, read-only.
var countryNameIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(countries)*2)
	for i, c := range countries {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if k := NormalizeCountryName(n); k != "" {
				if _, dup := m[k]; !dup {
					m[k] = i
				}
			}
		}
	}
	return m
})

// lookupCountryName finds a country by its whole name or alias.
func lookupCountryName(s string) (Country, bool) {
	k := NormalizeCountryName(s)
	if k == "" {
		return Country{}, false
	}
	i, ok := countryNameIndex()[k]
	if !ok {
		return Country{}, false
	}
	return countries[i], true
}

// splitCallingCode reads "+44 20", "44" or "+1 (415)": the calling code
// at the start of the digits (calling codes are prefix-free, so at most
// one fits) and the national digits after it, without a trunk prefix in
// brackets. ok is false when s is not a plus and digits (with spaces,
// dots, dashes and brackets), or starts with no calling code.
func splitCallingCode(s string) (cc int, national string, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	s = strings.Replace(s, "(0)", "", 1)
	var digits []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		default:
			return 0, "", false
		}
	}
	if len(digits) == 0 || len(digits) > 17 {
		return 0, "", false
	}
	for l := 1; l <= 3 && l <= len(digits); l++ {
		n, _ := strconv.Atoi(string(digits[:l]))
		if len(phone.GetRegionCodesForCountryCode(n)) > 0 {
			return n, string(digits[l:]), true
		}
	}
	return 0, "", false
}

// countryOfPrefix is the country of the numbers that start with the
// calling code cc and the national digits: the code's main country when
// there are no digits or the code has one country, else the country
// libphonenumber gives a valid number that starts so (it is padded to each
// possible length with a few digits in turn), else the main country.
func countryOfPrefix(cc int, national string) (Country, bool) {
	regions := phone.GetRegionCodesForCountryCode(cc)
	main := ""
	for _, r := range regions {
		if _, ok := LookupCountry(r); ok {
			main = r
			break
		}
	}
	if main == "" {
		return Country{}, false // a non-geographic code such as +800
	}
	region := main
	if len(regions) > 1 && national != "" {
		region = prefixRegion(cc, national, main)
	}
	c, ok := LookupCountry(region)
	if !ok {
		c, ok = LookupCountry(main)
	}
	return c, ok
}

// prefixRegion is the region of a valid number with calling code cc whose
// national number starts with national, or main.
func prefixRegion(cc int, national, main string) string {
	ccs := strconv.Itoa(cc)
	for _, pad := range "2509" {
		for l := len(national); l <= 15-len(ccs); l++ {
			n := national + strings.Repeat(string(pad), l-len(national))
			pn, err := phone.Parse("+"+ccs+n, "ZZ")
			if err != nil || !phone.IsValidNumber(pn) {
				continue
			}
			if r := phone.GetRegionCodeForNumber(pn); r != "" {
				return r
			}
		}
	}
	return main
}
