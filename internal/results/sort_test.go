package results

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"numbrowse/api"
)

func TestSortColumns(t *testing.T) {
	tests := []struct {
		sort string
		want []string
	}{
		{"number", []string{"+13125550199", "+14155550100", "+14165550123", "+18003569377", "+442071838750", "+447700900123", "+4989123456"}},
		{"number:desc", []string{"+4989123456", "+447700900123", "+442071838750", "+18003569377", "+14165550123", "+14155550100", "+13125550199"}},
		// Missing cost (+442071838750) last in both directions; 1.10 = 1.1
		// ties broken by number ascending in both directions.
		{"monthly", []string{"+14165550123", "+14155550100", "+13125550199", "+4989123456", "+447700900123", "+18003569377", "+442071838750"}},
		{"monthly:desc", []string{"+18003569377", "+447700900123", "+13125550199", "+4989123456", "+14155550100", "+14165550123", "+442071838750"}},
		// No upfront costs at all: number order.
		{"upfront:desc", []string{"+13125550199", "+14155550100", "+14165550123", "+18003569377", "+442071838750", "+447700900123", "+4989123456"}},
		// Region summaries: Chicago Zone 1, IL; London; Munchen, Bayern;
		// San Francisco, CA; Toronto, ON; United Kingdom; United States.
		{"region", []string{"+13125550199", "+442071838750", "+4989123456", "+14155550100", "+14165550123", "+447700900123", "+18003569377"}},
		// Feature bits: sms 8, voice 4, mms 2, fax 1.
		{"features:desc", []string{"+13125550199", "+14155550100", "+14165550123", "+447700900123", "+442071838750", "+18003569377", "+4989123456"}},
		// Types as text: local, mobile, toll-free.
		{"type", []string{"+13125550199", "+14155550100", "+14165550123", "+442071838750", "+4989123456", "+447700900123", "+18003569377"}},
		{"country", []string{"+14165550123", "+4989123456", "+442071838750", "+447700900123", "+13125550199", "+14155550100", "+18003569377"}},
	}
	for _, tt := range tests {
		t.Run(tt.sort, func(t *testing.T) {
			so, err := ParseSort(tt.sort)
			if err != nil {
				t.Fatal(err)
			}
			s := NewSet(fixture())
			if got := e164s(s, s.View(Filter{}, so)); !slices.Equal(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestSortStableDuplicates(t *testing.T) {
	// Equal keys and equal numbers keep their input order, whatever the
	// direction; missing costs stay last.
	nums := []api.Number{
		num("+15550000002", "US", api.Local, "1", ""),
		num("+15550000001", "US", api.Local, "", ""),
		num("+15550000002", "US", api.Local, "1.0", ""),
		num("+15550000001", "US", api.Local, "1.00", ""),
		num("+15550000002", "US", api.Local, "", ""),
		num("+15550000002", "US", api.Local, "0.99", ""),
	}
	tests := []struct {
		so   Sort
		want []int
	}{
		{Sort{Col: Monthly}, []int{5, 3, 0, 2, 1, 4}},
		{Sort{Col: Monthly, Desc: true}, []int{3, 0, 2, 5, 1, 4}},
		{Sort{Col: Number}, []int{1, 3, 0, 2, 4, 5}},
		{Sort{Col: Number, Desc: true}, []int{0, 2, 4, 5, 1, 3}},
		{Sort{Col: Flags, Desc: true}, []int{1, 3, 0, 2, 4, 5}},
	}
	for _, tt := range tests {
		if got := ints(NewSet(nums).View(Filter{}, tt.so)); !slices.Equal(got, tt.want) {
			t.Errorf("%v: %v, want %v", tt.so, got, tt.want)
		}
	}
}

func TestSortInexactCosts(t *testing.T) {
	// Amounts beyond the int64 key (more than 6 decimals, or 13+ integer
	// digits) fall back to Decimal.Cmp ranks.
	nums := []api.Number{
		num("+15550000001", "US", api.Local, "0.0000002", ""),
		num("+15550000002", "US", api.Local, "1e12", ""),
		num("+15550000003", "US", api.Local, "", ""),
		num("+15550000004", "US", api.Local, "0.00000010", ""),
		num("+15550000005", "US", api.Local, "2", ""),
		num("+15550000006", "US", api.Local, "0.0000001", ""),
	}
	s := NewSet(nums)
	if got, want := ints(s.View(Filter{}, Sort{Col: Monthly})), []int{3, 5, 0, 4, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("asc %v, want %v", got, want)
	}
	if got, want := ints(s.View(Filter{}, Sort{Col: Monthly, Desc: true})), []int{1, 4, 0, 3, 5, 2}; !slices.Equal(got, want) {
		t.Errorf("desc %v, want %v", got, want)
	}
	if got, want := ints(s.View(ParseFilter("<0.0000002"), Sort{})), []int{3, 5}; !slices.Equal(got, want) {
		t.Errorf("filter %v, want %v", got, want)
	}
}

func TestSortLongNumbers(t *testing.T) {
	// More than 17 digits (never valid E.164) still sorts as text.
	nums := []api.Number{
		num("+1234567890123456789", "", "", "", ""),
		num("+12", "", "", "", ""),
		num("+123456789012345678", "", "", "", ""),
		num("+2", "", "", "", ""),
	}
	if got, want := ints(NewSet(nums).View(Filter{}, Sort{})), []int{1, 2, 0, 3}; !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
}

// TestSortCostsWithinCurrency: amounts in different currencies are never
// compared. A sort by a cost keeps each currency's rows together, the
// currency most numbers are priced in first, then by code, costs without
// a currency last; :desc reverses the amounts within each currency, not
// the currencies; numbers without the cost stay last.
func TestSortCostsWithinCurrency(t *testing.T) {
	priced := func(e164, monthly, cur string) api.Number {
		n := num(e164, "DE", api.Mobile, monthly, "")
		n.MonthlyCurrency = cur
		return n
	}
	nums := []api.Number{
		priced("+491", "2.00", "EUR"),
		priced("+492", "1.00", "GBP"),
		priced("+493", "0.50", "EUR"),
		priced("+494", "3.00", "USD"),
		priced("+495", "1.50", "eur"), // the same currency in another case
		priced("+496", "0.10", ""),
		priced("+497", "", "EUR"),
		priced("+498", "0.90", "USD"),
	}
	s := NewSet(nums)
	if got := s.CurrencyOrder(Monthly); !slices.Equal(got, []string{"EUR", "USD", "GBP", "no currency"}) {
		t.Errorf("CurrencyOrder = %v", got)
	}
	if got := e164s(s, s.View(Filter{}, Sort{Col: Monthly})); !slices.Equal(got,
		[]string{"+493", "+495", "+491", "+498", "+494", "+492", "+496", "+497"}) {
		t.Errorf("monthly: %v", got)
	}
	if got := e164s(s, s.View(Filter{}, Sort{Col: Monthly, Desc: true})); !slices.Equal(got,
		[]string{"+491", "+495", "+493", "+494", "+498", "+492", "+496", "+497"}) {
		t.Errorf("monthly:desc: %v", got)
	}
	// One currency (or none at all): nothing to group, nothing to say.
	if got := s.CurrencyOrder(Upfront); got != nil {
		t.Errorf("CurrencyOrder(upfront) = %v, want nil: no upfront costs", got)
	}
	if got := NewSet(fixture()).CurrencyOrder(Monthly); got != nil {
		t.Errorf("CurrencyOrder of one currency = %v", got)
	}
	if got := s.CurrencyOrder(Number); got != nil {
		t.Errorf("CurrencyOrder(number) = %v", got)
	}
}

// TestTableColumns: the Country column only when the rows are of more
// than one country; Type only for all types.
func TestTableColumns(t *testing.T) {
	s := NewSet(fixture())
	all := s.View(Filter{}, Sort{})
	if got := s.TableColumns(all, false); !slices.Equal(got, []Column{Number, Country, Region, Upfront, Monthly, Features, Flags}) {
		t.Errorf("several countries: %v", got)
	}
	gb := s.View(ParseFilter("+44"), Sort{})
	if got := s.TableColumns(gb, true); !slices.Equal(got, []Column{Number, Region, Upfront, Monthly, Features, Flags, Type}) {
		t.Errorf("GB only, all types: %v", got)
	}
	if s.SpansCountries(Rows{}) || s.SpansCountries(all.Head(1)) || !s.SpansCountries(all) {
		t.Error("SpansCountries")
	}
	for _, c := range Columns() {
		if c.Title() == "" || !strings.EqualFold(c.Title(), c.String()) {
			t.Errorf("column %v titled %q", c, c.Title())
		}
	}
}

// TestSortPathsAgree: the counting sort, the packed sorts (31 bits in the
// order itself, 64 bits in one slice) and the descending number order
// give exactly the
// stable radix sort's order (ties in number order, missing costs last,
// each currency together, both directions), on sets made to take each
// path: the bench numbers (several currencies, missing costs, repeated
// costs: a counting sort), costs in cents over a range too wide to count
// (31 bits), costs in steps of one millionth over a wide range (64 bits),
// costs too far apart for 64 bits (the radix sort itself), and numbers
// repeated.
func TestSortPathsAgree(t *testing.T) {
	curs := benchNumbers(3000)
	for i := range curs {
		curs[i].MonthlyCurrency = []string{"USD", "GBP", "eur", ""}[i%4]
		curs[i].UpfrontCurrency = "USD"
		if i%3 == 0 {
			curs[i].Upfront = api.MustDecimal("0.5")
		}
	}
	fine := benchNumbers(3000)
	for i := range fine {
		fine[i].Monthly = api.MustDecimal(fmt.Sprintf("%d.%06d", i*7919%5000, i*104729%1000000))
		fine[i].MonthlyCurrency = []string{"USD", "GBP", "EUR"}[i%3]
		if i%11 == 0 {
			fine[i].Monthly = api.Decimal{} // missing: last
		}
	}
	mid := benchNumbers(3000)
	for i := range mid {
		mid[i].Monthly = api.MustDecimal(fmt.Sprintf("%d.%02d", i*7919%300, i*31%100))
		mid[i].MonthlyCurrency = []string{"USD", "GBP"}[i%2]
		if i%13 == 0 {
			mid[i].Monthly = api.Decimal{}
		}
	}
	huge := benchNumbers(500)
	for i := range huge {
		huge[i].Monthly = api.MustDecimal([]string{"-30000000000", "30000000000", "1", "0.000001"}[i%4])
	}
	dups := benchNumbers(400)
	for i := range dups {
		if i%3 == 0 {
			dups[i].E164 = dups[0].E164
		}
	}
	for name, nums := range map[string][]api.Number{"currencies": curs, "mid": mid, "fine": fine, "huge": huge, "repeated numbers": dups, "empty": nil} {
		s := NewSet(nums)
		for c := range numColumns {
			for _, desc := range []bool{false, true} {
				so := Sort{Col: c, Desc: desc}
				if so == (Sort{}) {
					continue
				}
				if got, want := s.sortRows(so), s.radixBy(so); !slices.Equal(got, want) {
					t.Errorf("%s, %v: the order differs from the radix sort's", name, so)
				}
			}
		}
	}
	if _, ok := NewSet(huge).sortPacked(Sort{Col: Monthly}); ok {
		t.Error("costs 6e10 apart at a millionth packed into 64 bits with the positions")
	}
}

// TestSortAllocatesTheOrder: a new order of 100,000 numbers allocates
// little more than itself (4 bytes a number) when its keys pack into 31
// bits, as the demo's costs, regions, features and flags do: no radix
// keys and buffers (20 bytes a number), which the Go heap keeps until its
// next collection and which raised the browser's peak memory by 15-20 MiB
// over 8 sorts.
func TestSortAllocatesTheOrder(t *testing.T) {
	const n = 100_000
	s := NewSet(benchNumbers(n))
	s.order(Sort{})
	s.regionRanks()
	s.currencyGroups(Monthly)
	for _, so := range []Sort{{Col: Monthly}, {Col: Monthly, Desc: true}, {Col: Region}, {Col: Features, Desc: true}, {Col: Flags}, {Col: Number, Desc: true}} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s.order(so)
		runtime.ReadMemStats(&after)
		if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(4*n+64<<10); got > limit {
			t.Errorf("sorting by %v allocated %d bytes, want at most %d (the order and a little)", so, got, limit)
		}
	}
}
