package results

import (
	"testing"

	"numbrowse/api"
)

func TestInternationalNational(t *testing.T) {
	tests := []struct {
		e164, country, intl, national string
	}{
		{"+447700900123", "GB", "+44 7700 900123", "07700 900123"},
		{"+442071838750", "GB", "+44 20 7183 8750", "020 7183 8750"},
		{"+14155550100", "US", "+1 415-555-0100", "(415) 555-0100"},
		{"+14165550123", "CA", "+1 416-555-0123", "(416) 555-0123"},
		{"+4989123456", "DE", "+49 89 123456", "089 123456"},
		{"+447700900123", "", "+44 7700 900123", "07700 900123"}, // no country: E.164 is enough
		{"+447700900123", "us", "+44 7700 900123", "07700 900123"},
		{"+999", "US", "+999", "+999"}, // unparseable: E.164 as is
		{"", "US", "", ""},
		{"+1\x1b[2J415", "US", "+1415", "+1415"}, // never printed raw
	}
	for _, tt := range tests {
		n := api.Number{E164: tt.e164, Country: tt.country}
		if got := International(&n); got != tt.intl {
			t.Errorf("International(%q) = %q, want %q", tt.e164, got, tt.intl)
		}
		if got := National(&n); got != tt.national {
			t.Errorf("National(%q) = %q, want %q", tt.e164, got, tt.national)
		}
	}
}

func TestSetInternationalCaches(t *testing.T) {
	s := NewSet(fixture())
	for range 2 {
		if got := s.International(4); got != "+44 7700 900123" {
			t.Fatalf("International(4) = %q", got)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { s.International(4) }); allocs != 0 {
		t.Errorf("cached International allocates %v times", allocs)
	}
}

func TestFeatureBadge(t *testing.T) {
	tests := []struct {
		features []string
		badge    string
	}{
		{nil, "····"},
		{[]string{"sms", "voice"}, "SV··"},
		{[]string{"fax", "mms", "rcs", "sms", "voice"}, "SVMF"},
		{[]string{"fax", "x\x1b[1m"}, "···F"},
	}
	for _, tt := range tests {
		n := api.Number{Features: tt.features}
		if got := badge(featureBits(&n)); got != tt.badge {
			t.Errorf("badge(%v) = %q, want %q", tt.features, got, tt.badge)
		}
	}
}

func TestCost(t *testing.T) {
	tests := []struct {
		amount, currency, want string
	}{
		{"1.1", "", "1.10"},
		{"1.10", "USD", "1.10 USD"},
		{"0.0075", "EUR", "0.0075 EUR"},
		{"2", " GBP ", "2.00 GBP"},
		{"", "USD", ""},
	}
	for _, tt := range tests {
		var d api.Decimal
		if tt.amount != "" {
			d = api.MustDecimal(tt.amount)
		}
		if got := Cost(d, tt.currency); got != tt.want {
			t.Errorf("Cost(%q, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
}

// TestCostLong: the detail view says why a currency is marked, and that
// the provider gave none rather than show a bare amount beside others'
// codes; free is 0.00, a missing amount is empty.
func TestCostLong(t *testing.T) {
	tests := []struct {
		amount, currency, want string
	}{
		{"1.5", "", "1.50 (no currency given)"},
		{"1.5", "  ", "1.50 (no currency given)"},
		{"0", "GBP", "0.00 GBP"},
		{"0.57", "DOLLAR", "0.57 DOLLAR (not an ISO 4217 code)"},
		{"", "USD", ""},
	}
	for _, tt := range tests {
		var d api.Decimal
		if tt.amount != "" {
			d = api.MustDecimal(tt.amount)
		}
		if got := CostLong(d, tt.currency); got != tt.want {
			t.Errorf("CostLong(%q, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
}

func TestCell(t *testing.T) {
	nums := fixture()
	nums[1].Flags = api.Flags{Quickship: true, AddressRequirement: "local"}
	nums[1].Upfront = api.MustDecimal("0.5")
	s := NewSet(nums)
	want := map[Column]string{
		Number:   "+1 312-555-0199",
		Region:   "Chicago, IL",
		Upfront:  "0.50",
		Monthly:  "1.10",
		Features: "SVM·",
		Flags:    "ADR",
		Type:     "local",
		Country:  "US",
	}
	for _, c := range Columns() {
		if got := s.Cell(1, c); got != want[c] {
			t.Errorf("Cell(1, %v) = %q, want %q", c, got, want[c])
		}
	}
	if got := s.Cell(1, Column(99)); got != "" {
		t.Errorf("unknown column: %q", got)
	}
}
