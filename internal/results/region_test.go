package results

import (
	"testing"

	"numbrowse/api"
)

func TestRegionSummary(t *testing.T) {
	tests := []struct {
		name    string
		country string
		regions []string
		want    string
	}{
		{"telnyx US", "US", []string{"rate_center=CHICAGO ZONE 1", "state=IL", "country_code=US"}, "Chicago, IL"},
		{"state only", "US", []string{"state=CA"}, "CA"},
		{"state first", "US", []string{"state=NY", "rate_center=NEW YORK CITY ZONE 01"}, "New York City, NY"},
		// One display form per place: the rate center's zone is the telco's,
		// and a provider that sends the locality says "Chicago, IL" too.
		{"locality", "US", []string{"locality=Chicago", "rate_center=CHICAGO ZONE 02", "region=IL"}, "Chicago, IL"},
		{"zone without a number", "US", []string{"rate_center=TWILIGHT ZONE", "state=CA"}, "Twilight Zone, CA"},
		{"zone alone", "US", []string{"rate_center=ZONE 3", "state=CA"}, "Zone 3, CA"},
		{"twilio", "US", []string{"locality=San Francisco", "rate_center=SNFC CNTRL", "region=CA", "postal_code=94105"}, "San Francisco, CA"},
		{"twilio squeezed rate center", "US", []string{"rate_center=NWYRCYZN01", "locality=New York", "region=NY"}, "New York, NY"},
		{"only squeezed rate center", "US", []string{"rate_center=NWYRCYZN01"}, "Nwyrcyzn01"},
		{"squeezed rate center and location", "US", []string{"rate_center=NWYRCYZN01", "location=New York"}, "New York"},
		{"rate center before location", "US", []string{"location=Cook County", "rate_center=CHICAGO ZONE 1"}, "Chicago"},
		{"location GB", "GB", []string{"location=London", "country_code=GB"}, "London"},
		{"mixed case kept", "DE", []string{"location=München", "state=Bayern"}, "München, Bayern"},
		{"caps full state", "US", []string{"city=ST. LOUIS", "state=MISSOURI"}, "St. Louis, Missouri"},
		{"small words", "GB", []string{"locality=SOUTHEND-ON-SEA", "region=ESSEX"}, "Southend-on-Sea, Essex"},
		{"apostrophes", "US", []string{"rate_center=O'FALLON", "state=IL"}, "O'Fallon, IL"},
		{"possessive", "US", []string{"rate_center=ST MARY'S", "state=GA"}, "St Mary's, GA"},
		{"same place and area", "SG", []string{"location=Singapore", "region=SINGAPORE"}, "Singapore"},
		{"type spelling", "US", []string{"Rate-Center=DALLAS", "STATE=TX"}, "Dallas, TX"},
		{"postal only", "US", []string{"postal_code=94105", "country_code=US"}, "94105"},
		{"country code only", "GB", []string{"country_code=GB"}, "United Kingdom"},
		{"unknown country code", "GB", []string{"country_code=Narnia"}, "Narnia"},
		{"nothing", "DE", nil, "Germany"},
		{"empty names", "DE", []string{"location=", "state=  "}, "Germany"},
		{"unknown country", "ZZ", nil, "ZZ"},
		{"hostile text", "US", []string{"rate_center=EVIL\x1b]52;c;aGk=\x07 TOWN", "state=\u202eLI"}, "Evil Town, LI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := num("+15550000000", tt.country, api.Local, "", "", tt.regions...)
			if got := RegionSummary(&n); got != tt.want {
				t.Errorf("RegionSummary = %q, want %q", got, tt.want)
			}
			if got := NewSet([]api.Number{n}).RegionSummary(0); got != tt.want {
				t.Errorf("Set.RegionSummary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitleIfCaps(t *testing.T) {
	tests := map[string]string{
		"CHICAGO ZONE 1":     "Chicago Zone 1",
		"Chicago":            "Chicago",
		"iPhone":             "iPhone",
		"123":                "123",
		"FRANKFURT AM MAIN":  "Frankfurt am Main",
		"OF MICE":            "Of Mice",
		"ISLE OF WIGHT":      "Isle of Wight",
		"1ST AVENUE":         "1st Avenue",
		"ÉVRY-COURCOURONNES": "Évry-Courcouronnes",
		"D'ARC":              "D'Arc",
		"(NORTH)":            "(North)",
	}
	for in, want := range tests {
		if got := titleIfCaps(in); got != want {
			t.Errorf("titleIfCaps(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"München": "munchen", "CHICAGO": "chicago", "Zürich": "zurich", "": ""} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
