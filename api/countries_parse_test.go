package api

import (
	"errors"
	"strings"
	"testing"
)

// TestParseCountryForms: every way a person names a country, on the
// command line and in the picker alike.
func TestParseCountryForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GB", "GB"}, {"gb", "GB"}, {" gB ", "GB"},
		{"UK", "GB"}, {"uk", "GB"}, {"United Kingdom", "GB"}, {"united kingdom", "GB"}, {"UNITED KINGDOM", "GB"},
		{"Great Britain", "GB"}, {"britain", "GB"},
		{"+44", "GB"}, {"44", "GB"}, {" +44 ", "GB"},
		{"Germany", "DE"}, {"germany", "DE"}, {"+49", "DE"},
		{"USA", "US"}, {"United States", "US"}, {"America", "US"}, {"+1", "US"}, {"1", "US"},
		{"Türkiye", "TR"}, {"turkiye", "TR"}, {"Turkey", "TR"},
		{"Côte d'Ivoire", "CI"}, {"cote d ivoire", "CI"}, {"ivory coast", "CI"},
		{"Guinea-Bissau", "GW"}, {"guinea bissau", "GW"},
		{"holland", "NL"}, {"+31", "NL"},
		{"+7", "RU"}, {"+39", "IT"}, {"+262", "RE"},
	}
	for _, tt := range tests {
		c, err := ParseCountry(tt.in)
		if err != nil || c.Code != tt.want {
			t.Errorf("ParseCountry(%q) = %s, %v; want %s", tt.in, c.Code, err, tt.want)
		}
	}
}

// TestParseCountryPrefix: the start of a number picks the country
// libphonenumber gives such numbers, and keeps the national digits.
func TestParseCountryPrefix(t *testing.T) {
	tests := []struct{ in, want, national string }{
		{"+1415", "US", "415"},
		{"+1 (415) 555", "US", "415555"},
		{"+1416", "CA", "416"},
		{"+1-876", "JM", "876"},
		{"+447781", "GG", "7781"},
		{"+44 20", "GB", "20"},
		{"+44 (0)20 7946", "GB", "207946"},
		{"+4930", "DE", "30"},
		{"+7 7", "KZ", "7"},
		{"+7 9", "RU", "9"},
		{"+39 06", "IT", "06"},
		{"+44", "GB", ""},
		{"gb", "GB", ""},
	}
	for _, tt := range tests {
		c, nat, err := ParseCountryPrefix(tt.in)
		if err != nil || c.Code != tt.want || nat != tt.national {
			t.Errorf("ParseCountryPrefix(%q) = %s %q %v; want %s %q", tt.in, c.Code, nat, err, tt.want, tt.national)
		}
	}
	// ParseCountry takes one country: a number prefix is an error that
	// says what to do instead.
	_, err := ParseCountry("+1415")
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "give the country (US) and filter for ^415") {
		t.Errorf("ParseCountry(+1415) = %v", err)
	}
	for _, in := range []string{"+800", "+", "+abc", "++44", "+44x", "1234567890123456789"} {
		if c, nat, err := ParseCountryPrefix(in); err == nil {
			t.Errorf("ParseCountryPrefix(%q) = %s %q, want an error", in, c.Code, nat)
		}
	}
}

// TestParseCountries: lists, groups, repeats and the limits.
func TestParseCountries(t *testing.T) {
	tests := []struct{ in, want, national string }{
		{"DE,FR,NL", "DE,FR,NL", ""},
		{"de, fr ,nl", "DE,FR,NL", ""},
		{"uk,Germany,+33", "GB,DE,FR", ""},
		{"DE,DE,de", "DE", ""},
		{"DE,,FR,", "DE,FR", ""},
		{"+1415", "US", "415"},
		{"GB", "GB", ""},
	}
	for _, tt := range tests {
		l, nat, err := ParseCountries(tt.in)
		if err != nil || l.Key() != tt.want || nat != tt.national {
			t.Errorf("ParseCountries(%q) = %q %q %v; want %q %q", tt.in, l.Key(), nat, err, tt.want, tt.national)
		}
	}
	eu, _, err := ParseCountries("eu")
	if err != nil || len(eu) != 27 || eu.Label(0) != "EU" || eu.Contains("GB") || !eu.Contains("DE") {
		t.Errorf("ParseCountries(eu) = %v (%d), %v", eu.Codes(), len(eu), err)
	}
	plus, _, err := ParseCountries("EU,GB")
	if err != nil || len(plus) != 28 || plus.Label(3) != "AT BE BG +25" {
		t.Errorf("ParseCountries(EU,GB) = %d countries, label %q, %v", len(plus), plus.Label(3), err)
	}
	eea, _, err := ParseCountries("EEA")
	if err != nil || len(eea) != 30 || eea.Label(0) != "EEA" || !eea.Contains("NO") {
		t.Errorf("ParseCountries(EEA) = %v, %v", eea.Codes(), err)
	}
	for _, tt := range []struct{ in, want string }{
		{"", "no country"},
		{" , ,", "no country"},
		{"DE,Grmany", `unknown country "Grmany" — did you mean DE (Germany)?`},
		{"+1415,DE", "a number prefix (+1415) picks one country on its own"},
		{"EU,GB,US,CA,AU,NZ,JP", "33 countries is too many for one search — at most 32"},
	} {
		_, _, err := ParseCountries(tt.in)
		var ve *ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCountries(%q) = %v, want an error with %q", tt.in, err, tt.want)
		}
	}
}

func TestCountryGroups(t *testing.T) {
	for _, g := range CountryGroups() {
		if _, ok := LookupCountry(g.Code); ok {
			t.Errorf("group %s is also a country code", g.Code)
		}
		if len(g.Countries()) != len(g.Members) {
			t.Errorf("group %s has members that are not countries", g.Code)
		}
		if l := g.Countries(); !strings.EqualFold(l.Label(0), g.Code) {
			t.Errorf("group %s labels its own members %q", g.Code, l.Label(0))
		}
	}
	if _, ok := LookupCountryGroup("eu"); !ok {
		t.Error("eu is not a group")
	}
	// A list that is almost a group is not labelled as one.
	l, _, _ := ParseCountries("EU")
	if l[1:].Label(0) == "EU" || l[:1].Label(0) != "AT" {
		t.Errorf("labels %q, %q", l[1:].Label(0), l[:1].Label(0))
	}
}
