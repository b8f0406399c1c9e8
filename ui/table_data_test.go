package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// tdNumbers builds n realistic, distinct numbers, the same for the same n:
// mostly US local numbers (rate centre and state), GB mobile and London
// numbers, and DE numbers with accented city names; costs in USD, some
// missing; a mix of features and flags.
func tdNumbers(n int) []api.Number {
	r := rand.New(rand.NewPCG(uint64(n), 42))
	usCities := []string{"CHICAGO ZONE 01", "LOS ANGELES", "NEW YORK CITY", "HOUSTON", "SEATTLE", "SAN FRANCISCO"}
	states := []string{"IL", "CA", "NY", "TX", "WA", "CA"}
	deCities := []string{"München", "Köln", "Düsseldorf", "Berlin", "Frankfurt am Main"}
	costs := []string{"1.00", "1.1", "0.75", "2.50", "0.0075", "3"}
	features := [][]string{{"sms", "voice"}, {"mms", "sms", "voice"}, {"voice"}, {"fax", "voice"}, {"sms"}, nil}
	out := make([]api.Number, n)
	for i := range out {
		var nm api.Number
		serial := fmt.Sprintf("%07d", i*7919%10_000_000) // a bijection for i < 10^7
		switch i % 10 {
		case 0, 1, 2, 3, 4, 5:
			c := r.IntN(len(usCities))
			nm = api.Number{E164: fmt.Sprintf("+1%d%s", 201+r.IntN(700), serial), Country: "US", Type: api.Local,
				Regions: []api.Region{{Type: "rate_center", Name: usCities[c]}, {Type: "state", Name: states[c]}}}
		case 6, 7:
			nm = api.Number{E164: "+447700" + serial[1:], Country: "GB", Type: api.Mobile,
				Regions: []api.Region{{Type: "country_code", Name: "GB"}}}
			if i%4 == 3 {
				nm.E164, nm.Type = "+4420"+serial+"1", api.Local
				nm.Regions = []api.Region{{Type: "location", Name: "London"}}
			}
		default:
			nm = api.Number{E164: fmt.Sprintf("+49%d%s", 30+r.IntN(60), serial), Country: "DE", Type: api.Local,
				Regions: []api.Region{{Type: "location", Name: deCities[r.IntN(len(deCities))]}}}
		}
		nm.UpfrontCurrency, nm.MonthlyCurrency = "USD", "USD"
		if r.IntN(10) != 0 {
			nm.Monthly = api.MustDecimal(costs[r.IntN(len(costs))])
		}
		if r.IntN(3) != 0 {
			nm.Upfront = api.MustDecimal(costs[r.IntN(len(costs))])
		}
		nm.Features = slices.Clone(features[r.IntN(len(features))])
		slices.Sort(nm.Features)
		nm.Flags.BestEffort = r.IntN(5) == 0
		nm.Flags.DocumentsRequired = r.IntN(7) == 0
		out[i] = nm
	}
	return out
}

// tdSet is tdNumbers(n) as a Set and its view sorted by so.
func tdSet(n int, so results.Sort) (*results.Set, results.Rows) {
	set := results.NewSet(tdNumbers(n))
	return set, set.View(results.ParseFilter(""), so)
}

// tdCustom builds a set of a few hand-made numbers: each spec is
// "e164|country|type|monthly|features|region".
func tdCustom(specs ...string) *results.Set {
	nums := make([]api.Number, len(specs))
	for i, spec := range specs {
		f := strings.Split(spec, "|")
		for len(f) < 6 {
			f = append(f, "")
		}
		n := api.Number{E164: f[0], Country: f[1], Type: api.NumberType(f[2]), UpfrontCurrency: "USD", MonthlyCurrency: "USD"}
		if f[3] != "" {
			n.Monthly = api.MustDecimal(f[3])
		}
		if f[4] != "" {
			n.Features = strings.Split(f[4], ",")
			slices.Sort(n.Features)
		}
		if f[5] != "" {
			n.Regions = []api.Region{{Type: "location", Name: f[5]}}
		}
		nums[i] = n
	}
	return results.NewSet(nums)
}

// rowsOf is results.Rows of the set indices given.
func rowsOf(idx ...int) results.Rows {
	out := make([]int32, len(idx))
	for k, i := range idx {
		out[k] = int32(i)
	}
	return results.RowsOf(out)
}

// rowInts is a view's rows as ints, to compare.
func rowInts(r results.Rows) []int {
	out := make([]int, 0, r.Len())
	for _, i := range r.All() {
		out = append(out, i)
	}
	return out
}
