package api

import (
	"reflect"
	"strings"
	"testing"
)

func TestFeatureVocabulary(t *testing.T) {
	if got := KnownFeatures(); !reflect.DeepEqual(got, []string{"sms", "voice", "mms", "fax"}) {
		t.Errorf("KnownFeatures() = %q", got)
	}
	tests := []struct {
		features []string
		labels   string
	}{
		{nil, ""},
		{[]string{"sms", "voice"}, "SMS, Voice"},
		{[]string{"fax", "mms", "rcs", "sms", "voice"}, "SMS, Voice, MMS, Fax, Rcs"},
		{[]string{"hd_voice", "fax", "x\x1b[1m"}, "Fax, Hd Voice, X"},
	}
	for _, tt := range tests {
		if got := FeatureLabels(tt.features); got != tt.labels {
			t.Errorf("FeatureLabels(%q) = %q, want %q", tt.features, got, tt.labels)
		}
	}
	for name, badge := range map[string]string{"sms": "S", "voice": "V", "mms": "M", "fax": "F", "rcs": ""} {
		if got := FeatureBadge(name); got != badge {
			t.Errorf("FeatureBadge(%q) = %q, want %q", name, got, badge)
		}
	}
}

func TestFlagVocabulary(t *testing.T) {
	fl := Flags{BestEffort: true, Quickship: true, DocumentsRequired: true, AddressRequirement: "local"}
	if got := fl.Labels(); !reflect.DeepEqual(got, []string{"best effort", "documents required", "address required: local", "quickship"}) {
		t.Errorf("Labels() = %q", got)
	}
	if got := fl.Badges(); got != "BE DOC ADR" {
		t.Errorf("Badges() = %q", got)
	}
	if got := (Flags{Reservable: true}).Badges(); got != "" {
		t.Errorf("Badges() of a convenience flag = %q", got)
	}
	if got := (Flags{AddressRequirement: "any"}).Labels(); !reflect.DeepEqual(got, []string{"address required"}) {
		t.Errorf("Labels() = %q", got)
	}
	seen := map[string]bool{}
	for _, f := range AllFlags() {
		for _, s := range []string{f.Name(), f.Label(), f.Badge()} {
			if s == "" || seen[s] && s != f.Label() {
				t.Errorf("flag %d: empty or repeated spelling %q", f, s)
			}
			seen[s] = true
		}
		if strings.Contains(f.Name(), " ") {
			t.Errorf("flag name %q has a space", f.Name())
		}
	}
}

func TestCurrencyCodes(t *testing.T) {
	for code, iso := range map[string]bool{"USD": true, "EUR": true, "GBP": true, "XCG": true, "DOLLAR": false,
		"usd": false, "US": false, "D A": false, "AED ": false, "": false, "ZZZ": false} {
		if got := IsISO4217(code); got != iso {
			t.Errorf("IsISO4217(%q) = %v", code, got)
		}
		if note := CurrencyNote(code); (note == "") != (iso || code == "") {
			t.Errorf("CurrencyNote(%q) = %q", code, note)
		}
	}
}

func TestRegionLabel(t *testing.T) {
	for kind, label := range map[string]string{"rate_center": "rate center", "lata": "LATA", "locality": "locality",
		"country_code": "country", "custom_kind": "custom kind", "": "region"} {
		if got := RegionLabel(kind); got != label {
			t.Errorf("RegionLabel(%q) = %q, want %q", kind, got, label)
		}
	}
}

func TestSkips(t *testing.T) {
	var s Skips
	if s.Total() != 0 || s.String() != "" {
		t.Errorf("zero Skips = %d %q", s.Total(), s.String())
	}
	s.Add(SkipRepeated)
	s.Add(SkipNoNumber)
	s.Add(SkipNoNumber)
	var o Skips
	o.Add(SkipBadNumber)
	s.Merge(o)
	if s.Total() != 4 || s.Count(SkipNoNumber) != 2 {
		t.Errorf("Total %d, no number %d", s.Total(), s.Count(SkipNoNumber))
	}
	want := "2 without a phone number, 1 with a phone number that is not one, 1 repeating an earlier number"
	if s.String() != want {
		t.Errorf("String() = %q, want %q", s.String(), want)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345",
		100000: "100,000", 1234567: "1,234,567", -1234: "-1,234", -12: "-12"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	var s Skips
	for range 1200 {
		s.Add(SkipRepeated)
	}
	if got := s.String(); got != "1,200 repeating an earlier number" {
		t.Errorf("Skips.String() = %q", got)
	}
}
