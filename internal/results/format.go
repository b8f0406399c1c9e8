package results

import (
	"strings"
	"sync/atomic"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// International formats a number the way libphonenumber's INTERNATIONAL
// format does ("+44 7700 900123"), or returns its E.164 form when
// libphonenumber cannot parse it. Formatting costs microseconds; tables
// should use [Set.International], which caches. The result is safe to
// print.
func International(n *api.Number) string {
	return format(n, phone.INTERNATIONAL)
}

// National formats a number in its country's NATIONAL format ("07700
// 900123", "(415) 555-0100"), or returns its E.164 form when libphonenumber
// cannot parse it. The result is safe to print.
func National(n *api.Number) string {
	return format(n, phone.NATIONAL)
}

func format(n *api.Number, f phone.PhoneNumberFormat) string {
	region := strings.ToUpper(n.Country)
	if len(region) != 2 {
		region = "ZZ"
	}
	pn, err := phone.Parse(n.E164, region)
	if err != nil {
		return api.Printable(n.E164)
	}
	return api.Printable(phone.Format(pn, f))
}

// International returns International(s.At(i)), formatting each number
// once and caching it (8 bytes per number, allocated on first use, and
// the text of the numbers formatted), for every Set sharing the index.
func (s *index) International(i int) string {
	s.intlOnce.Do(func() { s.intl = make([]atomic.Pointer[string], len(s.nums)) })
	if p := s.intl[i].Load(); p != nil {
		return *p
	}
	t := International(&s.nums[i])
	s.intl[i].Store(&t) // two users formatting it at once store the same text
	return t
}

// RegionSummary returns RegionSummary(s.At(i)), computed once per distinct
// region list by NewSet.
func (s *Set) RegionSummary(i int) string { return s.regions[s.rows[i].region].summary }

// badge shows the known features of a row's feature bits in badge order
// and a fixed width: their api.FeatureBadge, or "·" when absent ("SV··").
func badge(bits uint8) string {
	var b strings.Builder
	for i, name := range api.KnownFeatures() {
		if bits&(1<<(3-i)) != 0 {
			b.WriteString(api.FeatureBadge(name))
		} else {
			b.WriteString("·")
		}
	}
	return b.String()
}

// Cost formats an amount with at least two decimals and never rounds
// ("1.1" → "1.10", "0.0075" stays), followed by the currency the provider
// gave for it ("1.10 USD"), marked with "?" when it is not an ISO 4217
// code ("0.57 DOLLAR?"). A missing amount is "". The result is safe to
// print.
func Cost(d api.Decimal, currency string) string {
	if !d.Valid() {
		return ""
	}
	s := d.Fixed(2)
	if c := CurrencyText(currency); c != "" {
		s += " " + c
	}
	return s
}

// CostLong is Cost for a detail view: a currency that is not an ISO 4217
// code is followed by why it is marked ("0.57 DOLLAR (not an ISO 4217
// code)"), and an amount the provider gave no currency for says so
// ("1.50 (no currency given)") rather than leave the reader to guess one
// from its neighbours. The result is safe to print.
func CostLong(d api.Decimal, currency string) string { return CostPer(d, currency, "") }

// CostPer is CostLong with a period ("per month") after the amount and
// its currency and before the note, so that the note ends the line:
// "1.50 GBP per month", "1.50 per month (no currency given)". The
// result is safe to print; "" when d is not valid.
func CostPer(d api.Decimal, currency, period string) string {
	if !d.Valid() {
		return ""
	}
	s := d.Fixed(2)
	c := api.Printable(strings.TrimSpace(currency))
	if c != "" {
		s += " " + c
	}
	if period != "" {
		s += " " + period
	}
	switch note := api.CurrencyNote(c); {
	case c == "":
		s += " (" + NoCurrency + ")"
	case note != "":
		s += " (" + note + ")"
	}
	return s
}

// NoCurrency is what a detail view says of an amount the provider gave no
// currency for.
const NoCurrency = "no currency given"

// CurrencyText is a currency code as screens show it: as the provider gave
// it, with "?" after a code that is not ISO 4217 ("DOLLAR?"). The result
// is safe to print.
func CurrencyText(currency string) string {
	c := api.Printable(strings.TrimSpace(currency))
	if api.CurrencyNote(c) != "" {
		c += "?"
	}
	return c
}

// Cell returns the text of column c for the i-th number, as a table shows
// it: the international number (cached), the region summary, each cost
// with its own currency, the feature badge, the flag badges, the type and
// the country code. The result is safe to print.
func (s *Set) Cell(i int, c Column) string {
	n := &s.nums[i]
	switch c {
	case Number:
		return s.International(i)
	case Region:
		return s.RegionSummary(i)
	case Upfront:
		return Cost(n.Upfront, n.UpfrontCurrency)
	case Monthly:
		return Cost(n.Monthly, n.MonthlyCurrency)
	case Features:
		return badge(s.rows[i].feat)
	case Flags:
		return n.Flags.Badges()
	case Type:
		return api.Printable(string(n.Type))
	case Country:
		return api.Printable(n.Country)
	}
	return ""
}
