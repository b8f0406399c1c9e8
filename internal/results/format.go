package results

import (
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"numbrowse/api"
)

// International formats a number the way libphonenumber's INTERNATIONAL
// format does ("+44 7700 900123"), or returns its E.164 form when
// libphonenumber cannot parse it. Formatting costs microseconds; tables
// should use [Set.International], which caches. The result is safe to
// print.
func International(n *api.Number) string {
	return format(n, phonenumbers.INTERNATIONAL)
}

// National formats a number in its country's NATIONAL format ("07700
// 900123", "(415) 555-0100"), or returns its E.164 form when libphonenumber
// cannot parse it. The result is safe to print.
func National(n *api.Number) string {
	return format(n, phonenumbers.NATIONAL)
}

func format(n *api.Number, f phonenumbers.PhoneNumberFormat) string {
	region := strings.ToUpper(n.Country)
	if len(region) != 2 {
		region = "ZZ"
	}
	pn, err := phonenumbers.Parse(n.E164, region)
	if err != nil {
		return api.Printable(n.E164)
	}
	return api.Printable(phonenumbers.Format(pn, f))
}

// International returns International(s.At(i)), formatting each number
// once and caching it (about 16 bytes per number, allocated on first use).
func (s *Set) International(i int) string {
	if s.intl == nil {
		s.intl = make([]string, len(s.nums))
	}
	if s.intl[i] == "" {
		s.intl[i] = International(&s.nums[i])
	}
	return s.intl[i]
}

// RegionSummary returns RegionSummary(s.At(i)), computed once per distinct
// region list by NewSet.
func (s *Set) RegionSummary(i int) string { return s.regions[s.rows[i].region].summary }

// FeatureBadge shows the four known features in a fixed order and width:
// "S" (sms), "V" (voice), "M" (mms), "F" (fax), or "·" when absent, e.g.
// "SV··". Other features are not shown; see FeatureList.
func FeatureBadge(n *api.Number) string { return badge(featureBits(n)) }

var badgeLetters = [4]string{"S", "V", "M", "F"}

func badge(bits uint8) string {
	var b strings.Builder
	for i, l := range badgeLetters {
		if bits&(1<<(3-i)) != 0 {
			b.WriteString(l)
		} else {
			b.WriteString("·")
		}
	}
	return b.String()
}

// FeatureList lists every feature of the number, the known ones first in
// badge order, then the others as the provider named them: "sms, voice,
// mms, rcs". It is "" for none. The result is safe to print.
func FeatureList(n *api.Number) string {
	var parts []string
	for _, name := range featureNames {
		if n.Has(name) {
			parts = append(parts, name)
		}
	}
	for _, f := range n.Features {
		if !slices.Contains(featureNames[:], f) {
			parts = append(parts, api.Printable(f))
		}
	}
	return strings.Join(parts, ", ")
}

// Cost formats an amount with at least two decimals and never rounds
// ("1.1" → "1.10", "0.0075" stays), followed by the currency when known
// ("1.10 USD"). A missing amount is "". The result is safe to print.
func Cost(d api.Decimal, currency string) string {
	if !d.Valid() {
		return ""
	}
	s := d.Fixed(2)
	if c := api.Printable(strings.TrimSpace(currency)); c != "" {
		s += " " + c
	}
	return s
}

// Cell returns the text of column c for the i-th number, as a table shows
// it: the international number (cached), the region summary, costs without
// currency, the feature badge, the flag labels, the type and the country
// code. The result is safe to print.
func (s *Set) Cell(i int, c Column) string {
	n := &s.nums[i]
	switch c {
	case Number:
		return s.International(i)
	case Region:
		return s.RegionSummary(i)
	case Upfront:
		return Cost(n.Upfront, "")
	case Monthly:
		return Cost(n.Monthly, "")
	case Features:
		return badge(s.rows[i].feat)
	case Flags:
		labels := n.Flags.Labels()
		for j := range labels {
			labels[j] = api.Printable(labels[j])
		}
		return strings.Join(labels, ", ")
	case Type:
		return api.Printable(string(n.Type))
	case Country:
		return api.Printable(n.Country)
	}
	return ""
}
