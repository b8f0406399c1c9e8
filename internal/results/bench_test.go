package results

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"numbrowse/api"
)

// benchNumbers builds n realistic numbers: 60% US (local and toll-free,
// rate centers and states), 25% GB (mobile and local), 15% DE (local, with
// accented city names); common features and costs, some missing costs.
func benchNumbers(n int) []api.Number {
	r := rand.New(rand.NewPCG(7, 9))
	states := []string{"CA", "IL", "NY", "TX", "FL", "WA", "MA", "GA", "OH", "PA"}
	usCities := make([]string, 500)
	for i := range usCities {
		usCities[i] = fmt.Sprintf("%s ZONE %02d", []string{"CHICAGO", "LOS ANGELES", "NEW YORK CITY", "HOUSTON", "SEATTLE", "BOSTON", "ATLANTA", "MIAMI", "DALLAS", "SAN JOSE"}[i%10], i/10)
	}
	gbCities := []string{"London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Edinburgh", "Bristol", "Cardiff"}
	deCities := []string{"München", "Köln", "Düsseldorf", "Berlin", "Hamburg", "Frankfurt am Main", "Nürnberg"}
	costs := []string{"1.00", "1.10", "0.75", "2.50", "1", "0.0075", "3"}
	features := [][]string{{"sms", "voice"}, {"mms", "sms", "voice"}, {"voice"}, {"fax", "voice"}, {"sms"}}
	digits := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	out := make([]api.Number, n)
	for i := range out {
		var nm api.Number
		switch p := r.IntN(100); {
		case p < 50:
			nm = api.Number{E164: "+1" + fmt.Sprint(201+r.IntN(780)) + digits(7), Country: "US", Type: api.Local,
				Regions: []api.Region{{Type: "rate_center", Name: usCities[r.IntN(len(usCities))]},
					{Type: "state", Name: states[r.IntN(len(states))]}, {Type: "country_code", Name: "US"}}}
		case p < 60:
			nm = api.Number{E164: "+18" + []string{"00", "33", "44", "55", "66", "77", "88"}[r.IntN(7)] + digits(7),
				Country: "US", Type: api.TollFree, Regions: []api.Region{{Type: "country_code", Name: "US"}}}
		case p < 75:
			nm = api.Number{E164: "+447" + digits(9), Country: "GB", Type: api.Mobile,
				Regions: []api.Region{{Type: "country_code", Name: "GB"}}}
		case p < 85:
			nm = api.Number{E164: "+442" + digits(9), Country: "GB", Type: api.Local,
				Regions: []api.Region{{Type: "location", Name: gbCities[r.IntN(len(gbCities))]}}}
		default:
			nm = api.Number{E164: "+49" + fmt.Sprint(30+r.IntN(60)) + digits(7), Country: "DE", Type: api.Local,
				Regions: []api.Region{{Type: "location", Name: deCities[r.IntN(len(deCities))]}}}
		}
		if r.IntN(10) != 0 {
			nm.Monthly = api.MustDecimal(costs[r.IntN(len(costs))])
		}
		if r.IntN(3) != 0 {
			nm.Upfront = api.MustDecimal(costs[r.IntN(len(costs))])
		}
		nm.Features = features[r.IntN(len(features))]
		nm.Flags.Quickship = r.IntN(4) == 0
		out[i] = nm
	}
	return out
}

var benchSizes = []int{1_000, 10_000, 100_000}

// BenchmarkFilter measures one full filter pass (no narrowing), with the
// sort order already cached, as when the user edits the query.
func BenchmarkFilter(b *testing.B) {
	queries := []struct{ name, q string }{
		{"digits", "555"},
		{"anchored", "^415"},
		{"text", "chicago"},
		{"vanity", "FLOWERS"},
		{"combined", "sms !fax <=1.10 ^2 zone"},
		// Issue 14's terms: typed region parts, flags and currencies, a
		// digit pattern with wildcards.
		{"typed", "state:il city:chicago quickship !docs up<=1.10 cur:usd"},
		{"wildcard", "^2**5%00"},
	}
	for _, n := range benchSizes {
		s := NewSet(benchNumbers(n))
		so := Sort{Col: Monthly}
		s.order(so)
		for _, q := range queries {
			f := ParseFilter(q.q)
			b.Run(fmt.Sprintf("%s/%d", q.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s.last = lastView{}
					s.View(f, so)
				}
			})
		}
	}
}

// BenchmarkTyping types "chicago" letter by letter: the first letter is a
// full pass, the others narrow the previous matches.
func BenchmarkTyping(b *testing.B) {
	for _, n := range benchSizes {
		s := NewSet(benchNumbers(n))
		so := Sort{Col: Monthly}
		s.order(so)
		var prefixes []Filter
		for k := 1; k <= len("chicago"); k++ {
			prefixes = append(prefixes, ParseFilter("chicago"[:k]))
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.last = lastView{}
				for _, f := range prefixes {
					s.View(f, so)
				}
			}
		})
	}
}

// BenchmarkSort measures computing a sort order from scratch (then the
// empty-filter view over it).
func BenchmarkSort(b *testing.B) {
	for _, col := range []Column{Monthly, Number, Region} {
		for _, n := range benchSizes {
			s := NewSet(benchNumbers(n))
			so := Sort{Col: col, Desc: true}
			b.Run(fmt.Sprintf("%v/%d", col, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s.orders, s.regionRank, s.monthlyCur = nil, onceRanks{}, onceCurrencies{}
					s.View(Filter{}, so)
				}
			})
		}
	}
}

// BenchmarkSortCurrencies measures a sort by the monthly cost of numbers
// of three countries priced in three currencies (US in USD, GB in GBP, DE
// in EUR), which groups the rows by currency, from scratch.
func BenchmarkSortCurrencies(b *testing.B) {
	for _, n := range benchSizes {
		nums := benchNumbers(n)
		for i := range nums {
			nums[i].MonthlyCurrency = map[string]string{"US": "USD", "GB": "GBP", "DE": "EUR"}[nums[i].Country]
		}
		s := NewSet(nums)
		so := Sort{Col: Monthly, Desc: true}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.orders, s.monthlyCur = nil, onceCurrencies{}
				s.View(Filter{}, so)
			}
		})
	}
}

// BenchmarkNewSet measures indexing 100,000 numbers and reports the heap
// the numbers and the Set (with one cached sort) take.
func BenchmarkNewSet(b *testing.B) {
	nums := benchNumbers(100_000)
	b.ReportAllocs()
	for b.Loop() {
		NewSet(nums)
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	nums2 := benchNumbers(100_000)
	s := NewSet(nums2)
	s.View(ParseFilter("sms"), Sort{Col: Monthly})
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-heap")
	runtime.KeepAlive(s)
	runtime.KeepAlive(nums2)
}

// BenchmarkNewSetDecoded indexes 100,000 numbers as the decoder makes
// them: equal region and feature lists are one shared copy (api's intern
// pool), as in every search's answer.
func BenchmarkNewSetDecoded(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"data":[`)
	states := []string{"CA", "IL", "NY", "TX", "FL", "WA", "MA", "GA", "OH", "PA"}
	features := []string{`"sms","voice"`, `"mms","sms","voice"`, `"voice"`, `"fax","voice"`}
	for i := range 100_000 {
		if i > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"phone_number":"+1%03d555%04d","country_code":"US","number_type":"local",`+
			`"upfront_cost":"1.00","monthly_cost":"1.%02d","currency":"USD","features":[%s],`+
			`"region_information":[{"region_type":"rate_center","region_name":"CENTER %d"},{"region_type":"state","region_name":"%s"}]}`,
			201+i%780, i%10000, i%100, features[i%len(features)], i%300, states[i%len(states)])
	}
	body.WriteString(`]}`)
	res, err := api.DecodeSearch(strings.NewReader(body.String()), api.Query{Country: "US", Type: api.Local})
	if err != nil || len(res.Numbers) != 100_000 {
		b.Fatalf("%v, %d numbers", err, len(res.Numbers))
	}
	b.ReportAllocs()
	for b.Loop() {
		NewSet(res.Numbers)
	}
}
