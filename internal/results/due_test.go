package results

import (
	"testing"

	"numbrowse/api"
)

func TestSum(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{"1.00", "1.00", "2.00"}, {"0.10", "0.2", "0.30"}, {"1", "0.0075", "1.0075"}, {"1e1", "0.5", "10.5"},
		{"-1.5", "2", "0.5"}, {"0", "0", "0"}, {"99999999999999999999.99", "0.01", "100000000000000000000.00"},
	} {
		got, ok := Sum(api.MustDecimal(tt.a), api.MustDecimal(tt.b))
		if !ok || got.Canonical() != api.MustDecimal(tt.want).Canonical() {
			t.Errorf("%s + %s = %v (%v), want %s", tt.a, tt.b, got, ok, tt.want)
		}
	}
	if _, ok := Sum(api.Decimal{}, api.MustDecimal("1")); ok {
		t.Error("a missing amount was added")
	}
}

func TestDueNow(t *testing.T) {
	d := api.MustDecimal
	tests := []struct {
		name string
		n    api.Number
		want string
	}{
		{"same currency", api.Number{Upfront: d("1.00"), Monthly: d("1.5"), UpfrontCurrency: "USD", MonthlyCurrency: "USD"},
			"2.50 USD (1.00 upfront + 1.50 first month)"},
		{"free setup", api.Number{Upfront: d("0"), Monthly: d("2.00"), UpfrontCurrency: "EUR", MonthlyCurrency: "EUR"},
			"2.00 EUR (0.00 upfront + 2.00 first month)"},
		{"no currency at all", api.Number{Upfront: d("1.00"), Monthly: d("1.00")},
			"2.00 (1.00 upfront + 1.00 first month; the provider gave no currency)"},
		{"two currencies", api.Number{Upfront: d("1.00"), Monthly: d("2.00"), UpfrontCurrency: "USD", MonthlyCurrency: "EUR"},
			"1.00 USD upfront + 2.00 EUR first month — not added: they are in two currencies"},
		{"upfront without currency", api.Number{Upfront: d("1.00"), Monthly: d("2.00"), MonthlyCurrency: "EUR"},
			"1.00 upfront + 2.00 EUR first month — not added: the upfront cost has no currency"},
		{"monthly without currency", api.Number{Upfront: d("1.00"), Monthly: d("2.00"), UpfrontCurrency: "GBP"},
			"1.00 GBP upfront + 2.00 first month — not added: the monthly cost has no currency"},
		{"no upfront", api.Number{Monthly: d("2.00"), MonthlyCurrency: "EUR"},
			"unknown — the provider gave no upfront cost (2.00 EUR a month)"},
		{"no monthly", api.Number{Upfront: d("3"), UpfrontCurrency: "USD"}, "3.00 USD upfront, and the monthly cost is unknown"},
		{"nothing", api.Number{}, "unknown — the provider gave neither an upfront nor a monthly cost"},
		{"not ISO", api.Number{Upfront: d("1"), Monthly: d("0.57"), UpfrontCurrency: "DOLLAR", MonthlyCurrency: "DOLLAR"},
			"1.57 DOLLAR? (1.00 upfront + 0.57 first month)"},
	}
	for _, tt := range tests {
		if got := DueNow(&tt.n); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestCostPer(t *testing.T) {
	d := api.MustDecimal
	tests := []struct {
		amount         api.Decimal
		currency, want string
	}{
		{d("1.5"), "GBP", "1.50 GBP per month"},
		{d("1.5"), "", "1.50 per month (no currency given)"},
		{d("0.57"), "DOLLAR", "0.57 DOLLAR per month (not an ISO 4217 code)"},
		{api.Decimal{}, "GBP", ""},
	}
	for _, tt := range tests {
		if got := CostPer(tt.amount, tt.currency, "per month"); got != tt.want {
			t.Errorf("CostPer(%v, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
	if got, want := CostLong(d("1.5"), ""), "1.50 (no currency given)"; got != want {
		t.Errorf("CostLong = %q, want %q", got, want)
	}
}

func TestNeeds(t *testing.T) {
	tests := []struct {
		name string
		n    api.Number
		want string
	}{
		{"nothing", api.Number{}, ""},
		{"requirements", api.Number{Requirements: []api.Requirement{{Label: "Proof of address"}, {Label: "ID"}}},
			"the provider lists requirements (Proof of address, ID)"},
		{"requirements without labels", api.Number{Requirements: []api.Requirement{{Detail: "x"}}},
			"the provider says documents are required"},
		{"documents", api.Number{Flags: api.Flags{DocumentsRequired: true}}, "the provider says documents are required"},
		{"address none", api.Number{Flags: api.Flags{AddressRequirement: "none"}}, ""},
		{"address local", api.Number{Flags: api.Flags{AddressRequirement: "local"}},
			"the provider requires a local address for this number"},
		{"address any, documents", api.Number{Flags: api.Flags{DocumentsRequired: true, AddressRequirement: "any"}},
			"the provider says documents are required, and requires an address"},
		{"address unknown word", api.Number{Flags: api.Flags{AddressRequirement: "Postal\x1b[31m"}},
			"the provider requires an address (Postal) for this number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Needs(&tt.n); got != tt.want {
				t.Errorf("Needs = %q, want %q", got, tt.want)
			}
		})
	}
}
