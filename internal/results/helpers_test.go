package results

import (
	"slices"
	"strings"

	"numbrowse/api"
)

// num builds a test number. regions are "type=name" pairs.
func num(e164, country string, typ api.NumberType, monthly string, features string, regions ...string) api.Number {
	n := api.Number{E164: e164, Country: country, Type: typ}
	if monthly != "" {
		n.Monthly = api.MustDecimal(monthly)
	}
	if features != "" {
		n.Features = strings.Split(features, ",")
		slices.Sort(n.Features)
	}
	for _, r := range regions {
		t, name, _ := strings.Cut(r, "=")
		n.Regions = append(n.Regions, api.Region{Type: t, Name: name})
	}
	return n
}

// fixture is a small mixed inventory used by the matching tests.
func fixture() []api.Number {
	return []api.Number{
		num("+14155550100", "US", api.Local, "1.00", "sms,voice", "rate_center=SAN FRANCISCO", "state=CA"),
		num("+13125550199", "US", api.Local, "1.10", "sms,voice,mms", "rate_center=CHICAGO ZONE 1", "state=IL"),
		num("+18003569377", "US", api.TollFree, "2", "voice"),
		num("+14165550123", "CA", api.Local, "0.5", "sms,voice", "rate_center=TORONTO", "state=ON"),
		num("+447700900123", "GB", api.Mobile, "1.5", "sms", "country_code=GB"),
		num("+442071838750", "GB", api.Local, "", "voice,fax", "location=London"),
		num("+4989123456", "DE", api.Local, "1.1", "voice", "location=München", "state=Bayern"),
	}
}

// e164s maps a view to the numbers' E.164 forms.
func e164s(s *Set, view Rows) []string {
	out := make([]string, view.Len())
	for k, i := range view.All() {
		out[k] = s.At(i).E164
	}
	return out
}

// ints is a view's rows as ints, to compare.
func ints(r Rows) []int {
	out := make([]int, 0, r.Len())
	for _, i := range r.All() {
		out = append(out, i)
	}
	return out
}

// rowsOf is Rows of the indices given.
func rowsOf(idx ...int) Rows {
	out := make([]int32, len(idx))
	for k, i := range idx {
		out[k] = int32(i)
	}
	return RowsOf(out)
}
