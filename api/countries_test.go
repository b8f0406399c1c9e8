package api

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseCountryAnyCase(t *testing.T) {
	for _, in := range []string{"GB", "gb", "Gb", "gB", " gb ", "\tGB\n"} {
		c, err := ParseCountry(in)
		if err != nil || c.Code != "GB" || c.Name != "United Kingdom" || c.Calling() != "+44" {
			t.Errorf("ParseCountry(%q) = %+v, %v", in, c, err)
		}
	}
}

func TestParseCountrySuggestions(t *testing.T) {
	tests := []struct {
		in, first string
	}{
		{"Grmany", "DE (Germany)"}, // a typo
		{"Frnace", "FR (France)"},  // a transposition
		{"Germ", "DE (Germany)"},   // the start of a name is not a name
		{"Britan", "GB (United Kingdom)"},
		{"DW", "DE (Germany)"}, // one key off
	}
	for _, tt := range tests {
		_, err := ParseCountry(tt.in)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "country" || ve.Value != tt.in {
			t.Errorf("ParseCountry(%q): %v, want a *ValidationError", tt.in, err)
			continue
		}
		if !slices.Contains(ve.Suggestions, tt.first) {
			t.Errorf("ParseCountry(%q) suggests %q, want %q among them", tt.in, ve.Suggestions, tt.first)
		} else if tt.in != "DW" && ve.Suggestions[0] != tt.first {
			t.Errorf("ParseCountry(%q) suggests %q first, want %q", tt.in, ve.Suggestions[0], tt.first)
		}
		if len(ve.Suggestions) > 3 {
			t.Errorf("ParseCountry(%q) made %d suggestions", tt.in, len(ve.Suggestions))
		}
		if !strings.Contains(err.Error(), "did you mean "+ve.Suggestions[0]) {
			t.Errorf("error text %q", err)
		}
	}
}

func TestParseCountryNoSuggestion(t *testing.T) {
	for _, in := range []string{"", "  ", "zzzzzzzzzz", "\x1b[31mXX"} {
		_, err := ParseCountry(in)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("ParseCountry(%q) = %v", in, err)
		}
		assertPrintable(t, "ValidationError", err.Error(), false)
		if len(ve.Suggestions) == 0 && !strings.Contains(err.Error(), "ISO 3166-1") {
			t.Errorf("ParseCountry(%q) error %q has no hint", in, err)
		}
	}
}

func TestCountriesTable(t *testing.T) {
	all := Countries()
	if len(all) != 249 {
		t.Errorf("%d countries, want the 249 ISO 3166-1 codes", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b Country) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Countries() is not sorted by code")
	}
	for _, c := range all {
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || c.Name == "" {
			t.Errorf("bad entry %+v", c)
		}
		if got, ok := LookupCountry(strings.ToLower(c.Code)); !ok || got.Code != c.Code {
			t.Errorf("LookupCountry(%q) failed", c.Code)
		}
	}
	all[0].Name = "changed"
	if Countries()[0].Name == "changed" {
		t.Error("Countries() returned the shared table")
	}
	if _, ok := LookupCountry("XX"); ok {
		t.Error("LookupCountry(XX) found something")
	}
	if aq, _ := LookupCountry("AQ"); aq.Calling() != "" {
		t.Errorf("AQ calling code %q", aq.Calling())
	}
	if gb, _ := LookupCountry("GB"); !slices.Contains(gb.Aliases, "UK") {
		t.Errorf("GB aliases %q", gb.Aliases)
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{"Türkiye": "turkiye", "Réunion": "reunion", "Åland Islands": "aland islands",
		"Côte d'Ivoire": "cote d'ivoire", "ABC": "abc"}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuggestCountriesLimits(t *testing.T) {
	if suggestCountries("", 3) != nil || suggestCountries("Germany", 0) != nil {
		t.Error("empty input or n <= 0 should suggest nothing")
	}
	if got := suggestCountries("island", 2); len(got) != 2 {
		t.Errorf("suggestCountries(island, 2) = %q", got)
	}
}

func TestQueryNormalize(t *testing.T) {
	tests := []struct {
		in    Query
		want  Query
		field string
	}{
		{Query{"us", "LOCAL"}, Query{"US", Local}, ""},
		{Query{" gb", "tollfree"}, Query{"GB", TollFree}, ""},
		{Query{"DE", "toll_free"}, Query{"DE", TollFree}, ""},
		{Query{"DE", "Toll-Free"}, Query{"DE", TollFree}, ""},
		{Query{"fr", " national "}, Query{"FR", National}, ""},
		{Query{"jp", "mobile"}, Query{"JP", Mobile}, ""},
		{Query{"UK", "mobile"}, Query{}, "country"},
		{Query{"US", "landline"}, Query{}, "type"},
		{Query{"US", ""}, Query{}, "type"},
	}
	for _, tt := range tests {
		got, err := tt.in.Normalize()
		if tt.field == "" {
			if err != nil || got != tt.want {
				t.Errorf("Normalize(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != tt.field {
			t.Errorf("Normalize(%v) err = %v, want a %s *ValidationError", tt.in, err, tt.field)
		}
	}
	if s := (Query{"GB", Mobile}).String(); s != "GB · mobile" {
		t.Errorf("Query.String() = %q", s)
	}
}
