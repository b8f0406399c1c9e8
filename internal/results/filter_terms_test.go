package results

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"numbrowse/api"
)

// richFixture has what the typed terms test: region parts of every kind,
// flags, documents, upfront costs, per-cost currencies and a feature
// numbrowse has no badge for.
func richFixture() []api.Number {
	hilo := num("+18089350100", "US", api.Local, "1.00", "emergency,sms,voice",
		"locality=Hilo", "region=HI", "postal_code=96720", "rate_center=HILO", "lata=834")
	hilo.Upfront, hilo.UpfrontCurrency, hilo.MonthlyCurrency = api.MustDecimal("0"), "USD", "USD"
	hilo.Flags.AddressRequirement = "local"

	chi := num("+13125550199", "US", api.Local, "1.10", "mms,sms,voice",
		"rate_center=CHICAGO ZONE 1", "state=IL", "lata=358", "country_code=US")
	chi.Upfront, chi.UpfrontCurrency, chi.MonthlyCurrency = api.MustDecimal("1.50"), "USD", "USD"
	chi.Flags.Quickship, chi.Flags.Reservable = true, true

	sea := num("+12065550142", "US", api.Local, "0.80", "sms,voice", "rate_center=SEATTLE", "state=WA")
	sea.Flags.BestEffort = true // no currency, no upfront cost

	muc := num("+4989123456", "DE", api.Local, "1.1", "voice", "location=München", "state=Bayern", "postal_code=80331")
	muc.Upfront, muc.UpfrontCurrency, muc.MonthlyCurrency = api.MustDecimal("5"), "EUR", "EUR"
	muc.Flags.DocumentsRequired = true
	muc.Requirements = []api.Requirement{{Label: "Proof of address"}}

	lon := num("+447700900123", "GB", api.Mobile, "1.5", "sms", "country_code=GB")
	lon.Upfront, lon.UpfrontCurrency, lon.MonthlyCurrency = api.MustDecimal("0.50"), "USD", "GBP"

	ny := num("+12125550111", "US", api.Local, "2", "hd_voice,voice", "locality=New York", "state=NY", "postal_code=10001")
	ny.MonthlyCurrency = "dollar"

	return []api.Number{hilo, chi, sea, muc, lon, ny}
}

func TestTypedTerms(t *testing.T) {
	const (
		hilo = "+18089350100"
		chi  = "+13125550199"
		sea  = "+12065550142"
		muc  = "+4989123456"
		lon  = "+447700900123"
		ny   = "+12125550111"
	)
	tests := []struct {
		q    string
		want []string
	}{
		// Region parts: each key tests its kinds, at the start of the name.
		{"state:IL", []string{chi}},
		{"state:i", []string{chi}},
		{"state:hi", []string{hilo}}, // Twilio's region is a state
		{"state:bay", []string{muc}},
		{"state:ay", nil}, // the start of the name, not anywhere
		{"province:il", []string{chi}},
		{"city:chicago", []string{chi}}, // a rate centre names the place in the NANP
		{"city:hilo", []string{hilo}},
		{"city:münchen city:MUNCHEN", []string{muc}},
		{`city:"new york"`, []string{ny}},
		{`city:"new yo`, []string{ny}}, // a quote still open while typing
		{"city:york", nil},
		{"rc:chi", []string{chi}},
		{"rc:hilo", []string{hilo}},
		{"rc:new", nil}, // New York is a locality, not a rate centre
		{"zip:96720", []string{hilo}},
		{"postal:967 zip:9", []string{hilo}},
		{"postcode:8", []string{muc}},
		{"zip:il", nil},
		{"lata:358", []string{chi}},
		{"lata:8", []string{hilo}},
		{"region:96720", []string{hilo}},
		{"region:il", []string{chi}},
		{"region:united", []string{chi, lon}}, // a country code part, by the country's name
		{"region:gb", []string{lon}},
		{"!state:il", []string{hilo, sea, muc, lon, ny}},
		// Type, features and flags.
		{"type:local", []string{hilo, chi, sea, muc, ny}},
		{"type:MOBILE", []string{lon}},
		{"feature:emergency", []string{hilo}},
		{"feature:hd-voice feature:HD_VOICE", []string{ny}},
		{"feature:sms", []string{hilo, chi, sea, lon}},
		{"feature:rcs", nil},
		{"flag:quickship", []string{chi}},
		{"quickship", []string{chi}},
		{"reservable flag:reservable", []string{chi}},
		{"best-effort flag:best_effort flag:besteffort", []string{sea}},
		{"flag:documents", []string{muc}},
		{"flag:address", []string{hilo}},
		{"docs", []string{hilo, muc}},
		{"!docs", []string{chi, sea, lon, ny}},
		// Costs and currencies.
		{"up<1", []string{hilo, lon}},
		{"up=0", []string{hilo}},
		{"upfront>=1.5", []string{chi, muc}},
		{"!up>0", []string{hilo, sea, ny}}, // keeps the number without an upfront cost
		{"mo<=1", []string{hilo, sea}},
		{"monthly<1 <1", []string{sea}},
		{"cur:usd", []string{hilo, chi, lon}}, // the London number's upfront cost is in USD
		{"cur:GBP", []string{lon}},
		{"cur:eur", []string{muc}},
		{"cur:DOLLAR", []string{ny}}, // not ISO 4217, but what the provider sent
		{"cur:JPY", nil},
		{"!cur:usd", []string{sea, muc, ny}},
		// Digit patterns with wildcards.
		{"^808***0100$", []string{hilo}},
		{"^808???0100$", []string{hilo}},
		{"555%2$", []string{sea}}, // 555, any digits, 2 at the end
		{"555%00$", nil},
		{"^312%99", []string{chi}},
		{"+1***5", []string{chi, sea, ny}},
		{"*", []string{hilo, chi, sea, muc, lon, ny}},
		{"%", []string{hilo, chi, sea, muc, lon, ny}},
		{"^07700*", []string{lon}}, // the trunk prefix, then the national number
		{"^?7700", nil},            // a wildcard is not the trunk prefix
		{"5*50", []string{chi, sea, ny}},
		// Letters: two are region text only; three and more also keypad.
		{"HI", []string{hilo}}, // the start of a word: not cHIcago
		{"wa", []string{sea}},
		{"york", []string{ny}},
		{"ork", nil},
		{"hilo", []string{hilo}},
		{`"new york"`, []string{ny}},
		{"9663", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			f := ParseFilter(tt.q)
			if bad := f.Invalid(); len(bad) > 0 {
				t.Fatalf("invalid: %q", bad)
			}
			s := NewSet(richFixture())
			got := e164s(s, s.View(f, Sort{}))
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("View(%q) = %v, want %v", tt.q, got, want)
			}
			for i := range s.Len() {
				if s.Match(i, f) != slices.Contains(want, s.At(i).E164) {
					t.Errorf("Match(%s, %q) = %v", s.At(i).E164, tt.q, s.Match(i, f))
				}
			}
		})
	}
}

func TestParseTypedTerms(t *testing.T) {
	tests := []struct {
		q       string
		want    string
		invalid []string
	}{
		{q: "State:IL CITY:Chicago rc:x ZIP:96720 postal:1 postcode:2 lata:358 Region:Bayern",
			want: "state:il city:chicago rc:x zip:96720 zip:1 zip:2 lata:358 region:bayern"},
		{q: `city:"New York" "san jose" city:"x`, want: `city:"new york" "san jose" city:x`},
		{q: `"chicago" chicago "HI"`, want: `"chicago" chicago hi`},
		{q: "type:Toll_Free type:mobile feature:SMS feature:HD-Voice feature:emergency",
			want: "toll-free mobile sms feature:hd_voice feature:emergency"},
		{q: "flag:quickship QUICKSHIP flag:Best-Effort best-effort reservable flag:documents flag:address docs !docs",
			want: "flag:quickship flag:quickship flag:best-effort flag:best-effort flag:reservable flag:documents flag:address docs !docs"},
		{q: "up<1 UP<=1.50 upfront>0 setup=0 mo<2 MONTHLY>=1 <2", want: "up<1 up<=1.5 up>0 up=0 <2 >=1 <2"},
		{q: "cur:eur Currency:dollar", want: "cur:EUR cur:DOLLAR"},
		{q: "foo:bar", invalid: []string{`"foo:bar": unknown key foo: — use state:, city:, rc:, zip:, lata:, region:, type:, feature:, flag:, cur:`}},
		{q: "state:", invalid: []string{`"state:": state: needs a value (state:IL)`}},
		{q: `city:""`, invalid: []string{`"city:\"\"": city: needs a value (city:chicago)`}},
		{q: "type:car", invalid: []string{`"type:car": type: is mobile, local, toll-free or national`}},
		{q: "flag:cheap", invalid: []string{`"flag:cheap": flag: is quickship, reservable, best-effort, documents, address`}},
		{q: "cur:€", invalid: []string{`"cur:€": cur: takes a currency code of letters (cur:EUR)`}},
		{q: "abc<2", invalid: []string{`"abc<2": unknown cost abc — mo<2 bounds the monthly cost, up<1 the upfront`}},
		{q: "up<", invalid: []string{`"up<": missing amount after <`}},
		{q: `new"york`, invalid: []string{`"new\"york": a quote goes around a whole term or value ("new york", city:"san jose")`}},
		{q: `""`, invalid: []string{`"\"\"": nothing between the quotes`}},
		{q: `city:"a"b`, invalid: []string{`"city:\"a\"b": a quote goes around a whole value (city:"san jose")`}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			f := ParseFilter(tt.q)
			if got := f.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := f.Invalid(); !slices.Equal(got, tt.invalid) {
				t.Errorf("Invalid() = %q, want %q", got, tt.invalid)
			}
			if back := ParseFilter(f.String()); back.String() != f.String() || len(back.Invalid()) > 0 {
				t.Errorf("String() parses to %q, invalid %q", back.String(), back.Invalid())
			}
		})
	}
}

func TestSplitQuery(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"", nil},
		{"  a  b ", []string{"a", "b"}},
		{`city:"new york" sms`, []string{`city:"new york"`, "sms"}},
		{`"san jose"x y`, []string{`"san jose"x`, "y"}},
		{`city:"new yo`, []string{`city:"new yo`}},
		{"a\tb\u00a0c", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range ParseFilter(tt.q).Words() {
			got = append(got, tt.q[w.Start:w.End])
			if w.Text != tt.q[w.Start:w.End] {
				t.Errorf("%q: Text %q at %d:%d", tt.q, w.Text, w.Start, w.End)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("words of %q = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestReadings(t *testing.T) {
	nums := append(fixture(), num("+15553569377", "US", api.Local, "1", "", "rate_center=FLOWERS", "state=TX"))
	s := NewSet(nums)
	tests := []struct {
		q    string
		want []Reading
	}{
		{"FLOWERS", []Reading{ReadRegion | ReadKeypad}},
		{"flowers ^800", []Reading{ReadKeypad, 0}},
		{"flowers tx", []Reading{ReadRegion, 0}},
		{"chicago", []Reading{ReadRegion}},
		{"HI", []Reading{0}},
		{"!flowers", []Reading{0}},
		{"zzzz", []Reading{0}},
		{"<abc flowers$", []Reading{0, 0}},
	}
	for _, tt := range tests {
		f := ParseFilter(tt.q)
		s.View(f, Sort{})
		if got := s.Readings(f); !slices.Equal(got, tt.want) {
			t.Errorf("Readings(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	f := ParseFilter("flowers")
	s.View(ParseFilter("sms"), Sort{})
	if got := s.Readings(f); got != nil {
		t.Errorf("Readings of a filter that was not the last View = %v", got)
	}
}

func TestOverflowedIndexes(t *testing.T) {
	// More currencies and feature lists than a row's index holds: the
	// rows beyond are tested against their numbers, never mistaken.
	const n = manyLists + 10
	nums := make([]api.Number, n)
	for i := range nums {
		nums[i] = num(fmt.Sprintf("+1312%07d", i), "US", api.Local, "1", "")
		nums[i].Features = []string{fmt.Sprintf("f%d", i)}
		if i < 2*manyCurrencies {
			nums[i].MonthlyCurrency = fmt.Sprintf("C%d", i)
		}
	}
	s := NewSet(nums)
	for _, i := range []int{0, manyCurrencies - 2, manyCurrencies, 2*manyCurrencies - 1} {
		c := nums[i].MonthlyCurrency
		if got := s.View(ParseFilter("cur:"+strings.Trim(c, "0123456789")+"x"), Sort{}); got.Len() != 0 {
			t.Errorf("cur:%sx = %v, want none", c, got)
		}
		if got := s.Match(i, ParseFilter("!cur:Cx")); !got {
			t.Errorf("!cur:Cx does not match %d", i)
		}
	}
	for _, i := range []int{0, manyLists - 1, manyLists, n - 1} {
		f := ParseFilter(fmt.Sprintf("feature:f%d", i))
		if got := s.View(f, Sort{}); !slices.Equal(ints(got), []int{i}) {
			t.Errorf("feature:f%d = %v, want [%d]", i, got, i)
		}
	}
}

func TestOverflowedCurrencies(t *testing.T) {
	nums := make([]api.Number, 3*manyCurrencies)
	code := func(i int) string { // letters only, as cur: takes them
		return "Q" + string(rune('A'+i/26/26%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i%26))
	}
	for i := range nums {
		nums[i] = num(fmt.Sprintf("+1312%07d", i), "US", api.Local, "1", "")
		nums[i].MonthlyCurrency = code(i)
	}
	s := NewSet(nums)
	for _, i := range []int{0, manyCurrencies - 2, manyCurrencies, len(nums) - 1} {
		if got := s.View(ParseFilter("cur:"+code(i)), Sort{}); !slices.Equal(ints(got), []int{i}) {
			t.Errorf("cur:%s = %v, want [%d]", code(i), got, i)
		}
	}
}
