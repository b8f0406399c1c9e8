package results

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"numbrowse/api"
)

// ref is a naive, independent implementation of View: per number it
// derives the facts from the api.Number with libphonenumber and api.Fold
// (not with the Set's code), then filters and sorts the obvious way.
type ref struct {
	nums []api.Number
	info []refInfo
	res  map[string]*regexp.Regexp
}

// re compiles a regular expression once.
func (rf *ref) re(expr string) *regexp.Regexp {
	if r, ok := rf.res[expr]; ok {
		return r
	}
	if rf.res == nil {
		rf.res = map[string]*regexp.Regexp{}
	}
	r := regexp.MustCompile(expr)
	rf.res[expr] = r
	return r
}

type refInfo struct {
	digits, nsn, trunk string
	texts              []string // folded region names and summary
}

func newRef(nums []api.Number) *ref {
	rf := &ref{nums: nums, info: make([]refInfo, len(nums))}
	for i := range nums {
		n := &nums[i]
		pn, err := phonenumbers.Parse(n.E164, "ZZ")
		if err != nil {
			panic(err)
		}
		in := refInfo{
			digits: strings.TrimPrefix(n.E164, "+"),
			nsn:    phonenumbers.GetNationalSignificantNumber(pn),
			trunk:  phonenumbers.GetNddPrefixForRegion(n.Country, true),
		}
		for _, r := range n.Regions {
			in.texts = append(in.texts, api.Fold(strings.TrimSpace(api.Printable(r.Name))))
		}
		in.texts = append(in.texts, api.Fold(RegionSummary(n)))
		rf.info[i] = in
	}
	return rf
}

// match reports whether number i matches t (ignoring t.neg).
func (rf *ref) match(i int, t term) bool {
	n, in := &rf.nums[i], &rf.info[i]
	digits := in.digits
	switch t.kind {
	case kindFeature:
		return slices.Contains(n.Features, bitFeature(t.feat))
	case kindFeatureName:
		squash := strings.NewReplacer("_", "", "-", "", " ", "")
		lower := func(s string) string { return strings.Map(unicode.ToLower, squash.Replace(s)) }
		for _, f := range n.Features {
			if lower(f) == lower(t.text) {
				return true
			}
		}
		return false
	case kindType:
		typ, err := api.ParseNumberType(string(n.Type))
		return err == nil && typ == t.typ
	case kindFlag:
		for _, f := range api.AllFlags() {
			if t.flags&(1<<f) != 0 && n.Flags.Has(f) {
				return true
			}
		}
		return false
	case kindBound:
		cost := n.Monthly
		if t.field == fieldUpfront {
			cost = n.Upfront
		}
		return cost.Valid() && compare(cost.Cmp(t.amount), t.op)
	case kindCurrency:
		return (n.Upfront.Valid() && strings.EqualFold(n.UpfrontCurrency, t.text)) ||
			(n.Monthly.Valid() && strings.EqualFold(n.MonthlyCurrency, t.text))
	case kindRegion:
		for _, r := range n.Regions {
			name := api.Fold(strings.TrimSpace(api.Printable(r.Name)))
			if name == "" {
				continue
			}
			names := []string{name}
			kind := api.RegionKind(r.Type)
			if c, ok := api.LookupCountry(strings.TrimSpace(api.Printable(r.Name))); ok && kind == api.RegionCountry {
				names = append(names, api.Fold(c.Name))
			}
			tests := map[string]partKeys{
				api.RegionState: keyState, api.RegionLocality: keyCity, api.RegionLocation: keyCity,
				api.RegionRateCenter: keyCity | keyRC, api.RegionPostalCode: keyPostal, api.RegionLATA: keyLATA,
			}[kind] | keyRegion
			for k, name := range names {
				if k > 0 {
					tests = keyRegion // the country's name is for region: only
				}
				if tests&t.keys != 0 && strings.HasPrefix(name, t.text) {
					return true
				}
			}
		}
		return false
	case kindDigits:
		switch t.start {
		case anchorE164:
			return rf.pattern(digits, t.digits, true, t.end)
		case anchorNational:
			nsn, trunk := in.nsn, in.trunk
			return rf.pattern(nsn, t.digits, true, t.end) ||
				(trunk != "" && strings.HasPrefix(t.digits, trunk) && rf.pattern(nsn, strings.TrimPrefix(t.digits, trunk), true, t.end))
		}
		return rf.pattern(digits, t.digits, false, t.end)
	case kindText:
		word := rf.re(`(^|[^\p{L}\p{N}])` + regexp.QuoteMeta(t.text))
		for _, name := range in.texts {
			if word.MatchString(name) {
				return true
			}
		}
		return t.digits != "" && strings.Contains(digits, t.digits)
	}
	panic("unknown kind")
}

// pattern matches a digit pattern with a regular expression.
func (rf *ref) pattern(s, p string, start, end bool) bool {
	var b strings.Builder
	if start {
		b.WriteByte('^')
	}
	for _, c := range p {
		switch c {
		case wildOne:
			b.WriteString("[0-9]")
		case wildRun:
			b.WriteString("[0-9]*")
		default:
			b.WriteRune(c)
		}
	}
	if end {
		b.WriteByte('$')
	}
	return rf.re(b.String()).MatchString(s)
}

// view filters with match and sorts with a stable sort and comparators
// written from the documentation.
func (rf *ref) view(f Filter, so Sort) []int {
	nums := rf.nums
	var out []int
	for i := range nums {
		ok := true
		for _, t := range f.terms {
			if rf.match(i, t) == t.neg {
				ok = false
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	digits := func(i int) string { return strings.TrimPrefix(nums[i].E164, "+") }
	key := func(i, j int) int { // ascending comparison of the column, 0 on ties
		a, b := &nums[i], &nums[j]
		switch so.Col {
		case Region:
			ti, tj := rf.info[i].texts, rf.info[j].texts
			return strings.Compare(ti[len(ti)-1], tj[len(tj)-1])
		case Upfront:
			return a.Upfront.Cmp(b.Upfront)
		case Monthly:
			return a.Monthly.Cmp(b.Monthly)
		case Features:
			return int(featureBits(a)) - int(featureBits(b))
		case Flags:
			return len(a.Flags.Labels()) - len(b.Flags.Labels())
		case Type:
			ta, tb := a.Type, b.Type
			if c, err := api.ParseNumberType(string(ta)); err == nil {
				ta = c
			}
			if c, err := api.ParseNumberType(string(tb)); err == nil {
				tb = c
			}
			return strings.Compare(string(ta), string(tb))
		case Country:
			return strings.Compare(a.Country, b.Country)
		}
		return strings.Compare(digits(i), digits(j))
	}
	missing := func(i int) bool {
		switch so.Col {
		case Upfront:
			return !nums[i].Upfront.Valid()
		case Monthly:
			return !nums[i].Monthly.Valid()
		}
		return false
	}
	group := rf.currencyGroup(so.Col)
	slices.SortStableFunc(out, func(i, j int) int {
		if mi, mj := missing(i), missing(j); mi != mj {
			if mi {
				return 1
			}
			return -1
		}
		// Costs compare within a currency only: the groups keep their
		// order in both directions.
		if gi, gj := group(i), group(j); gi != gj {
			return gi - gj
		}
		c := key(i, j)
		if so.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return strings.Compare(digits(i), digits(j))
	})
	return out
}

// currencyGroup returns each row's currency group for a sort by col, as
// the documentation of Sort orders them: the currency most rows with that
// cost are priced in first (then by code, in upper case), no currency
// last; every row is in group 0 when col is not a cost or has one
// currency.
func (rf *ref) currencyGroup(col Column) func(i int) int {
	cur := func(n *api.Number) (string, bool) {
		switch col {
		case Upfront:
			return strings.ToUpper(strings.TrimSpace(n.UpfrontCurrency)), n.Upfront.Valid()
		case Monthly:
			return strings.ToUpper(strings.TrimSpace(n.MonthlyCurrency)), n.Monthly.Valid()
		}
		return "", false
	}
	count := map[string]int{}
	for i := range rf.nums {
		if c, ok := cur(&rf.nums[i]); ok {
			count[c]++
		}
	}
	if len(count) < 2 {
		return func(int) int { return 0 }
	}
	var order []string
	for c := range count {
		order = append(order, c)
	}
	slices.SortFunc(order, func(a, b string) int {
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return func(i int) int {
		c, ok := cur(&rf.nums[i])
		if !ok {
			return 0 // no cost: with the others without, last
		}
		return slices.Index(order, c)
	}
}

// randomNumbers builds n numbers from small pools, so queries hit often and
// ties are common.
func randomNumbers(r *rand.Rand, n int) []api.Number {
	countries := []struct{ code, cc string }{{"US", "1"}, {"CA", "1"}, {"GB", "44"}, {"DE", "49"}}
	regions := [][]api.Region{
		nil,
		{{Type: "rate_center", Name: "CHICAGO ZONE 1"}, {Type: "state", Name: "IL"}, {Type: "lata", Name: "358"}},
		{{Type: "locality", Name: "München"}, {Type: "region", Name: "BAYERN"}},
		{{Type: "location", Name: "London"}, {Type: "country_code", Name: "GB"}},
		{{Type: "country_code", Name: "US"}},
		{{Type: "rate_center", Name: "ST. LOUIS"}, {Type: "state", Name: "MO"}, {Type: "postal_code", Name: "63101"}},
		{{Type: "city", Name: "Zürich"}},
		{{Type: "locality", Name: "Hilo"}, {Type: "region", Name: "HI"}, {Type: "postal_code", Name: "96720"}},
		{{Type: "locality", Name: "New York"}, {Type: "state", Name: "NY"}, {Type: "neighbourhood", Name: "Il Borgo"}},
	}
	costs := []string{"", "0", "0.5", "0.50", "1", "1.0", "1.10", "1.1", "2", "0.0000001", "0.00000010", "1e13"}
	currencies := []string{"", "USD", "EUR", "GBP", "dollar"}
	types := []api.NumberType{api.Mobile, api.Local, api.TollFree, api.National, "toll_free", "shared"}
	features := []string{"fax", "mms", "sms", "voice", "rcs", "emergency", "hd_voice"}
	addresses := []string{"", "", "any", "local"}
	out := make([]api.Number, n)
	for i := range out {
		c := countries[r.IntN(len(countries))]
		var b strings.Builder
		b.WriteString("+" + c.cc)
		b.WriteByte(byte('1' + r.IntN(9))) // no leading 0 in the national number
		for range 6 + r.IntN(4) {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		nm := api.Number{E164: b.String(), Country: c.code, Type: types[r.IntN(len(types))],
			Regions: regions[r.IntN(len(regions))]}
		if m := costs[r.IntN(len(costs))]; m != "" {
			nm.Monthly = api.MustDecimal(m)
			nm.MonthlyCurrency = currencies[r.IntN(len(currencies))]
		}
		if u := costs[r.IntN(len(costs))]; u != "" {
			nm.Upfront = api.MustDecimal(u)
			nm.UpfrontCurrency = currencies[r.IntN(len(currencies))]
		}
		// Most numbers of a search share a currency; some do not.
		if r.IntN(3) == 0 {
			currencies := []string{"", "USD", "EUR", "eur", "GBP", "DOLLAR"}
			nm.MonthlyCurrency = currencies[r.IntN(len(currencies))]
			nm.UpfrontCurrency = currencies[r.IntN(len(currencies))]
		} else {
			nm.MonthlyCurrency, nm.UpfrontCurrency = "USD", "USD"
		}
		for _, f := range features {
			if r.IntN(2) == 0 {
				nm.Features = append(nm.Features, f)
			}
		}
		slices.Sort(nm.Features)
		nm.Flags = api.Flags{BestEffort: r.IntN(3) == 0, Quickship: r.IntN(3) == 0, Reservable: r.IntN(3) == 0,
			DocumentsRequired: r.IntN(4) == 0, AddressRequirement: addresses[r.IntN(len(addresses))]}
		out[i] = nm
	}
	return out
}

// randomQuery joins up to three random terms.
func randomQuery(r *rand.Rand) string {
	pool := []string{
		"sms", "voice", "mms", "fax", "mobile", "local", "toll-free", "national", "SMS",
		"chi", "chicago", "zone", "münch", "MUNCHEN", "lond", "united", "st.", "zur", "il", "bay", "hi", "HI", "WA",
		"<1.1", "<=1.10", ">0.5", ">=1", "=1.1", "=0.0000001", "<$2", ">0", "up<1", "up>=1.1", "mo<=1", "up=0",
		"^0", "^1", "^+44", "+1", "+4", "^07", "FLOW", "ad", "<abc", "^", "!", "---",
		"state:il", "state:I", "state:b", "city:chi", "city:\"new y", "rc:st", "zip:967", "zip:9", "postal:63",
		"lata:3", "region:united", "region:96", "region:il", "type:local", "type:toll_free", "feature:emergency",
		"feature:hd-voice", "feature:rcs", "flag:quickship", "flag:best-effort", "flag:address", "reservable",
		"quickship", "docs", "cur:eur", "cur:USD", "cur:dollar", "\"new york\"", "\"chi", "foo:bar",
		"*", "?", "%", "^1**", "5*5", "1%1", "^%5", "%0$", "2?$", "+4?7", "^07*", "^%", "*%*$",
	}
	var terms []string
	for range r.IntN(4) {
		var t string
		switch r.IntN(4) {
		case 0:
			t = pool[r.IntN(len(pool))]
		case 1, 2:
			t = fmt.Sprint(r.IntN(1000))
			switch r.IntN(5) {
			case 0:
				t = "^" + t
			case 1:
				t += "$"
			case 2:
				k := r.IntN(len(t))
				t = t[:k] + []string{"*", "?", "%"}[r.IntN(3)] + t[k:]
			}
		default:
			t = fmt.Sprint(r.IntN(100)) + "$"
		}
		if r.IntN(5) == 0 {
			t = "!" + t
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

func TestViewMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		nums := randomNumbers(r, 100+r.IntN(200))
		s, rf := NewSet(nums), newRef(nums)
		so := Sort{}
		for range 25 {
			if r.IntN(3) == 0 {
				so = Sort{Col: Column(r.IntN(int(numColumns))), Desc: r.IntN(2) == 0}
			}
			q := randomQuery(r)
			// Type it character by character, as the TUI does, so
			// incremental narrowing is exercised (and sometimes delete).
			for k := 1; k <= len(q); k++ {
				f := ParseFilter(q[:k])
				got, want := ints(s.View(f, so)), rf.view(f, so)
				if !slices.Equal(got, want) {
					t.Fatalf("round %d, sort %v, query %q:\n got %v\nwant %v", round, so, q[:k], got, want)
				}
			}
			f := ParseFilter(q)
			for i := range nums {
				want := true
				for _, t := range f.terms {
					want = want && rf.match(i, t) != t.neg
				}
				if s.Match(i, f) != want {
					t.Fatalf("Match(%d, %q) disagrees with the reference", i, q)
				}
			}
		}
	}
}
