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
